package rollback

// The input payload codec. Inputs are laid out frame-major (all of one
// frame's players, then the next frame). Each byte is first XORed with the
// same player's byte one frame earlier, so held buttons become zeros, then
// the result is run-length encoded with one token byte per run:
//
//	1vvvvvvv  a run of v+1 zero bytes
//	0vvvvvvv  v+1 literal bytes follow
const maxRun = 128

// appendCompressed appends the compressed form of in, which holds frames of
// stride bytes each, to b.
func appendCompressed(b, in []byte, stride int) []byte {
	delta := func(i int) byte {
		if i < stride {
			return in[i]
		}
		return in[i] ^ in[i-stride]
	}
	for i := 0; i < len(in); {
		if delta(i) == 0 {
			n := 1
			for i+n < len(in) && n < maxRun && delta(i+n) == 0 {
				n++
			}
			b = append(b, 0x80|byte(n-1))
			i += n
			continue
		}
		n := 1
		for i+n < len(in) && n < maxRun && delta(i+n) != 0 {
			n++
		}
		b = append(b, byte(n-1))
		for j := i; j < i+n; j++ {
			b = append(b, delta(j))
		}
		i += n
	}
	return b
}

// decompress fills out, which holds frames of stride bytes each, from the
// compressed bytes in, which must describe exactly len(out) bytes.
func decompress(out, in []byte, stride int) error {
	o := 0
	for i := 0; i < len(in); {
		h := in[i]
		i++
		n := int(h&0x7f) + 1
		if o+n > len(out) {
			return ErrMalformed
		}
		if h&0x80 != 0 {
			clear(out[o : o+n])
		} else {
			if i+n > len(in) {
				return ErrTruncated
			}
			copy(out[o:o+n], in[i:i+n])
			i += n
		}
		o += n
	}
	if o != len(out) {
		return ErrMalformed
	}
	for i := stride; i < len(out); i++ {
		out[i] ^= out[i-stride]
	}
	return nil
}
