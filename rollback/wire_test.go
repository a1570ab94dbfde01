package rollback

import (
	"bytes"
	"errors"
	"testing"
)

func sampleInputPackets() []*inputPacket {
	a := &inputPacket{start: 100, frame: 104, ack: 98, count: 6, players: 0b0101}
	copy(a.inputs[:], []byte{1, 2, 1, 2, 1, 3, 0, 3, 0, 3, 255, 255})
	b := &inputPacket{start: 0, frame: 0, ack: -1, count: 0, players: 0b0001}
	c := &inputPacket{start: 7000, frame: 6990, ack: 7003, count: MaxPacketFrames, players: allPlayers,
		hasDelay: true, delayFrame: 7030, delay: 4, ndisc: 2,
		disc:      [MaxPlayers]discEntry{{player: 1, frame: 6900}, {player: 3, frame: 6950}},
		knownMask: 0b1010, known: [MaxPlayers]int32{0, 6999, 0, 6980},
		hasSum: true, sum: checksumReport{frame: 6960, checksum: 0x0123456789abcdef},
		hasQuality: true, quality: qualityReport{advantage: -7, ping: 0xdeadbeef}}
	for i := range MaxPacketFrames * MaxPlayers {
		c.inputs[i] = byte(i / 37)
	}
	// Escaped frame and ack, a count just past its nibble, a checksum alone.
	d := &inputPacket{start: 20000, frame: 19000, ack: 21000, count: 15, players: 0b0010, hasSum: true, sum: checksumReport{frame: 19990, checksum: 1}}
	for i := range 15 {
		d.inputs[i] = byte(i / 4)
	}
	// A quality report alone, frame and ack at the edges of their nibbles.
	e := &inputPacket{start: 300, frame: 310, ack: 303, count: 3, players: 0b1000, hasQuality: true, quality: qualityReport{advantage: 127, ping: 1}}
	copy(e.inputs[:], []byte{9, 9, 9})
	return []*inputPacket{a, b, c, d, e}
}

// parseInput decodes the input packet b.
func parseInput(b []byte) (inputPacket, int, error) {
	var p inputPacket
	h, body, err := parseHeader(b)
	if err != nil {
		return p, 0, err
	}
	if h.kind() != typeInput {
		return p, 0, ErrPacketType
	}
	n, err := p.parse(h, body)
	return p, n, err
}

func TestInputPacketRoundTrip(t *testing.T) {
	for i, want := range sampleInputPackets() {
		b, err := want.Append(nil)
		if err != nil {
			t.Fatalf("packet %d: Append: %v", i, err)
		}
		got, n, err := parseInput(b)
		if err != nil || n != len(b)-headerSize {
			t.Fatalf("packet %d: parse = %d, %v, want %d, nil", i, n, err, len(b)-headerSize)
		}
		if got != *want {
			t.Errorf("packet %d: parse(Append(p)) = %+v, want %+v", i, got, *want)
		}
	}
}

// TestInputPacketBase codes a packet against the inputs of the frame before
// its first: held inputs cost no payload, and rebase restores them.
func TestInputPacketBase(t *testing.T) {
	want := &inputPacket{start: 500, frame: 502, ack: 501, count: 6, players: 0b0110, base: [MaxPlayers]byte{7, 0x40}}
	copy(want.inputs[:], []byte{7, 0x40, 7, 0x40, 7, 0x41, 7, 0x41, 7, 0x41, 7, 0x41})
	b, err := want.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	held := *want
	held.inputs = [MaxPacketFrames * MaxPlayers]byte{}
	for i := range 12 {
		held.inputs[i] = want.base[i%2]
	}
	hb, _ := held.Append(nil)
	if len(b) != len(hb)+2 {
		t.Errorf("one change costs %d bytes over held inputs (%d), want 2", len(b)-len(hb), len(hb))
	}
	if len(hb) != headerSize+4 { // start takes two bytes
		t.Errorf("held inputs: %d bytes (%x), want header, start, shape and lead only", len(hb), hb)
	}
	got, _, err := parseInput(b)
	if err != nil {
		t.Fatal(err)
	}
	parsed := got.inputs
	got.rebase(&want.base, 0)
	if got.inputs != want.inputs {
		t.Errorf("rebased inputs = %v, want %v", got.inputs[:12], want.inputs[:12])
	}
	// Rows before from stay as parsed.
	got.inputs = parsed
	got.rebase(&want.base, 4)
	if !bytes.Equal(got.inputs[:8], parsed[:8]) || !bytes.Equal(got.inputs[8:12], want.inputs[8:12]) {
		t.Errorf("rebase from row 4 = %v, want %v then %v", got.inputs[:12], parsed[:8], want.inputs[8:12])
	}
}

func TestInputPacketCompresses(t *testing.T) {
	// 128 frames of 4 players holding the same buttons.
	p := &inputPacket{start: 5, frame: 5, ack: 3, count: MaxPacketFrames, players: allPlayers}
	for i := range MaxPacketFrames * MaxPlayers {
		p.inputs[i] = byte(i%MaxPlayers + 1)
	}
	b, err := p.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 24 {
		t.Errorf("len(Append(held inputs)) = %d bytes, want ≤ 24", len(b))
	}
}

// withByte returns a copy of b with b[i] replaced by v.
func withByte(b []byte, i int, v byte) []byte {
	b = bytes.Clone(b)
	b[i] = v
	return b
}

func TestParseRejects(t *testing.T) {
	samples := sampleInputPackets()
	good, _ := samples[0].Append(nil) // header, start (1 byte), shape, lead, payload
	big, _ := samples[2].Append(nil)  // header, start (2 bytes), shape, lead, count, frame, more, ...
	sum, _ := (&inputPacket{start: 40, frame: 44, ack: 43, players: 1, hasSum: true, sum: checksumReport{frame: 30, checksum: 1}}).Append(nil)
	quality, _ := (&inputPacket{start: 40, frame: 44, ack: 43, players: 1, hasQuality: true}).Append(nil)
	input := byte(WireVersion<<4 | typeInput)
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrTruncated},
		{"header only", []byte{input}, ErrTruncated},
		{"version", append([]byte{(WireVersion + 1) << 4}, good[1:]...), ErrVersion},
		{"version 1 packet", []byte{1, 1, 0, 0, 0, 0, 0}, ErrVersion},
		{"type", []byte{WireVersion<<4 | 7}, ErrPacketType},
		{"type zero", []byte{WireVersion << 4}, ErrPacketType},
		{"oversized", make([]byte, MaxPacketSize+1), ErrOversized},
		{"truncated input", good[:len(good)-1], ErrTruncated},
		{"trailing input", append(bytes.Clone(good), 0x80), ErrMalformed},
		{"short fixed", good[:3], ErrTruncated},
		{"bad more flags", withByte(quality, 4, 0x81), ErrMalformed},
		{"empty more flags", withByte(quality, 4, 0), ErrMalformed},
		{"too many frames", withByte(big, 5, MaxPacketFrames+1), ErrOversized},
		{"escaped small count", withByte(big, 5, 14), ErrMalformed},
		{"escaped small frame", []byte{input, 0, 0x01, 0x0f, 0x02}, ErrMalformed},
		{"frame below -1", []byte{input, 0, 0x01, 0x05}, ErrMalformed},
		{"inputs for no players", []byte{input, 0, 0x10, 0x00}, ErrMalformed},
		{"overlong start", []byte{input, 0x80, 0x00, 0x01, 0x00}, ErrMalformed},
		{"varint overflow", append([]byte{input}, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), ErrMalformed},
		{"start beyond int32", append([]byte{input}, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 1), ErrMalformed},
		{"checksum short", sum[:len(sum)-1], ErrTruncated},
		{"checksum before frame 0", withByte(sum, 4, 0x51), ErrMalformed},
		{"quality short", quality[:len(quality)-1], ErrTruncated},
		{"keepalive long", []byte{WireVersion<<4 | byte(typeKeepalive), 0}, ErrOversized},
		{"reply short", []byte{WireVersion<<4 | byte(typeQualityReply), 1}, ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := parsePacket(tt.b); !errors.Is(err, tt.want) {
				t.Errorf("parsePacket(%x) = %v, want %v", tt.b, err, tt.want)
			}
		})
	}
}

// parsePacket decodes any packet, the way a session does.
func parsePacket(b []byte) error {
	h, body, err := parseHeader(b)
	if err != nil {
		return err
	}
	switch h.kind() {
	case typeInput:
		var p inputPacket
		_, err = p.parse(h, body)
	case typeQualityReply:
		_, _, err = parseQualityReply(body)
	default:
		_, err = parseEmpty(body)
	}
	return err
}

func TestControlRoundTrip(t *testing.T) {
	rp := qualityReply{pong: 42}
	b, _ := rp.Append(nil)
	if h, body, err := parseHeader(b); err != nil || h.kind() != typeQualityReply {
		t.Errorf("parseHeader(reply) = %v, %v", h.kind(), err)
	} else if got, _, err := parseQualityReply(body); err != nil || got != rp {
		t.Errorf("parseQualityReply = %+v, %v, want %+v", got, err, rp)
	}
	for _, typ := range []packetType{typeKeepalive, typeDisconnect} {
		b := appendEmpty(nil, typ)
		got, body, err := parseHeader(b)
		if err != nil || got.kind() != typ || len(body) != 0 {
			t.Errorf("parseHeader(%v) = %v, %d bytes, %v", typ, got.kind(), len(body), err)
		}
	}
}

func FuzzParseInput(f *testing.F) {
	for _, p := range sampleInputPackets() {
		b, _ := p.Append(nil)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := parseInput(b)
		if err != nil {
			return
		}
		// Whatever parses must re-encode to the same bytes: every field
		// has one encoding but the payload, which parses to the same.
		again, err := p.Append(nil)
		if err != nil {
			t.Fatalf("Append(parsed) = %v", err)
		}
		if q, _, err := parseInput(again); err != nil || q != p {
			t.Fatalf("parse(Append(parse(b))) = %+v, %v, want %+v", q, err, p)
		}
		if n := len(again) - len(appendCompressed(nil, p.inputs[:p.count*p.stride()], p.base[:p.stride()], p.stride())); !bytes.Equal(again[:n], b[:n]) {
			t.Fatalf("Append(parse(%x)) = %x: fields differ", b, again)
		}
	})
}

func FuzzParseQuality(f *testing.F) {
	b, _ := qualityReply{pong: 1234}.Append(nil)
	f.Add(b)
	b, _ = (&inputPacket{start: 9, frame: 9, ack: 8, players: 1, hasQuality: true, quality: qualityReport{advantage: 3, ping: 1234}}).Append(nil)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		h, body, err := parseHeader(b)
		if err != nil {
			return
		}
		switch h.kind() {
		case typeInput:
			if p, _, err := parseInput(b); err == nil && p.hasQuality {
				again, _ := (&inputPacket{start: p.start, frame: p.frame, ack: p.ack, players: 1, hasQuality: true, quality: p.quality}).Append(nil)
				if q, _, err := parseInput(again); err != nil || q.quality != p.quality {
					t.Fatalf("quality report %+v round trip = %+v, %v", p.quality, q.quality, err)
				}
			}
		case typeQualityReply:
			if q, n, err := parseQualityReply(body); err == nil {
				again, _ := q.Append(nil)
				if n != len(body) || !bytes.Equal(again, b) {
					t.Fatalf("Append(parseQualityReply(%x)) = %x", b, again)
				}
			}
		}
	})
}

func FuzzParseChecksum(f *testing.F) {
	b, _ := (&inputPacket{start: 170, frame: 171, ack: 169, players: 2, hasSum: true, sum: checksumReport{frame: 160, checksum: 99}}).Append(nil)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, _, err := parseInput(b)
		if err != nil || !p.hasSum {
			return
		}
		if p.sum.frame < 0 {
			t.Fatalf("parse(%x) accepted checksum frame %d", b, p.sum.frame)
		}
		again, _ := (&inputPacket{start: p.start, frame: p.frame, ack: p.ack, players: 2, hasSum: true, sum: p.sum}).Append(nil)
		if q, _, err := parseInput(again); err != nil || q.sum != p.sum {
			t.Fatalf("checksum report %+v round trip = %+v, %v", p.sum, q.sum, err)
		}
	})
}

func FuzzParseEmpty(f *testing.F) {
	f.Add(appendEmpty(nil, typeKeepalive))
	f.Add(appendEmpty(nil, typeDisconnect))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, body, err := parseHeader(b)
		if err != nil || (h.kind() != typeKeepalive && h.kind() != typeDisconnect) {
			return
		}
		if _, err := parseEmpty(body); err == nil && len(b) != headerSize {
			t.Fatalf("parseEmpty accepted %d body bytes", len(body))
		}
	})
}

func TestDecompressBase(t *testing.T) {
	in := []byte{5, 6, 5, 6, 5, 7, 5, 7, 0, 7}
	base := []byte{5, 6}
	b := appendCompressed(nil, in, base, 2)
	if want := []byte{0x05, 0x01, 0x02, 0x05}; !bytes.Equal(b, want) {
		t.Errorf("appendCompressed = %x, want %x", b, want)
	}
	out := make([]byte, len(in))
	if err := decompress(out, b, 2); err != nil {
		t.Fatal(err)
	}
	for i := range out {
		out[i] ^= base[i%2]
	}
	if !bytes.Equal(out, in) {
		t.Errorf("decompress = %v, want %v", out, in)
	}
	// Long zero runs and literal runs.
	long := make([]byte, 512)
	long[300], long[301], long[302], long[511] = 1, 2, 3, 4
	b = appendCompressed(nil, long, make([]byte, 4), 4)
	if len(b) > 18 { // 3 long skips, 3 skips, 2 runs: 2+2+2+2+2+2+3+3
		t.Errorf("appendCompressed(sparse 512 bytes) = %d bytes, want ≤ 18", len(b))
	}
	out = make([]byte, 512)
	if err := decompress(out, b, 4); err != nil || !bytes.Equal(out, long) {
		t.Errorf("decompress(appendCompressed(sparse)) = %v, %v", out, err)
	}
}

func FuzzDecompress(f *testing.F) {
	in := []byte{0, 0, 1, 1, 1, 1, 7, 0, 9, 9, 9, 9, 9, 9, 9, 9}
	f.Add(appendCompressed(nil, in, []byte{0, 0}, 2), 16, 2)
	f.Add(appendCompressed(nil, in, []byte{1, 9}, 2), 16, 2)
	f.Fuzz(func(t *testing.T, b []byte, n, stride int) {
		if n < 0 || n > MaxPacketFrames*MaxPlayers || stride < 1 || stride > MaxPlayers {
			return
		}
		out := make([]byte, n)
		if err := decompress(out, b, stride); err != nil {
			return
		}
		again := make([]byte, n)
		if err := decompress(again, appendCompressed(nil, out, make([]byte, stride), stride), stride); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("round trip of %x = %x, %v", out, again, err)
		}
	})
}
