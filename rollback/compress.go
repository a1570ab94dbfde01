package rollback

// The input payload codec. Inputs are laid out frame-major (all of one
// frame's players, then the next frame). Each byte is first XORed with the
// same player's byte one frame earlier, the first frame's with base (the
// frame before the packet's first), so held buttons become zeros. The zeros
// after the last nonzero byte are implied; the rest is coded with one token
// byte per step:
//
//	0zzzzzzz  z zero bytes (0..127), then one literal byte
//	1nnnnnnn  n+1 literal bytes follow (1..128)
//
// A button change between held stretches costs two bytes; inputs held for
// the whole packet cost none.
const (
	maxSkip = 127
	maxRun  = 128
)

// appendCompressed appends the compressed form of in, which holds frames of
// stride bytes each, coded against base (stride bytes), to b.
func appendCompressed(b, in, base []byte, stride int) []byte {
	delta := func(i int) byte {
		if i < stride {
			return in[i] ^ base[i]
		}
		return in[i] ^ in[i-stride]
	}
	end := len(in)
	for end > 0 && delta(end-1) == 0 {
		end--
	}
	// delta(end-1) is nonzero, so every step below stays before end.
	for i := 0; i < end; {
		z := 0
		for z < maxSkip && delta(i+z) == 0 {
			z++
		}
		if z > 0 {
			b = append(b, byte(z), delta(i+z))
			i += z + 1
			continue
		}
		n := 1
		for i+n < end && n < maxRun && delta(i+n) != 0 {
			n++
		}
		b = append(b, 0x80|byte(n-1))
		for j := i; j < i+n; j++ {
			b = append(b, delta(j))
		}
		i += n
	}
	return b
}

// decompress fills out, which holds frames of stride bytes each, from the
// compressed bytes in, coded against a zero base: every byte of out ends up
// XORed with the base the sender used. in must not describe more than
// len(out) bytes.
func decompress(out, in []byte, stride int) error {
	o := 0
	for i := 0; i < len(in); {
		t := in[i]
		i++
		if t&0x80 == 0 {
			z := int(t)
			if o+z >= len(out) {
				return ErrMalformed
			}
			if i == len(in) {
				return ErrTruncated
			}
			clear(out[o : o+z])
			out[o+z] = in[i]
			i++
			o += z + 1
			continue
		}
		n := int(t&0x7f) + 1
		if o+n > len(out) {
			return ErrMalformed
		}
		if i+n > len(in) {
			return ErrTruncated
		}
		copy(out[o:o+n], in[i:i+n])
		i += n
		o += n
	}
	clear(out[o:])
	for i := stride; i < len(out); i++ {
		out[i] ^= out[i-stride]
	}
	return nil
}
