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
		knownMask: 0b1010, known: [MaxPlayers]int32{0, 6999, 0, 6980}}
	for i := range MaxPacketFrames * MaxPlayers {
		c.inputs[i] = byte(i / 37)
	}
	return []*inputPacket{a, b, c}
}

func TestInputPacketRoundTrip(t *testing.T) {
	for i, want := range sampleInputPackets() {
		b, err := want.Append(nil)
		if err != nil {
			t.Fatalf("packet %d: Append: %v", i, err)
		}
		typ, body, err := parseHeader(b)
		if err != nil || typ != typeInput {
			t.Fatalf("packet %d: parseHeader = %v, %v, want input, nil", i, typ, err)
		}
		var got inputPacket
		n, err := got.parse(body)
		if err != nil || n != len(body) {
			t.Fatalf("packet %d: parse = %d, %v, want %d, nil", i, n, err, len(body))
		}
		if got != *want {
			t.Errorf("packet %d: parse(Append(p)) = %+v, want %+v", i, got, *want)
		}
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

func TestParseRejects(t *testing.T) {
	good, _ := sampleInputPackets()[0].Append(nil)
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrTruncated},
		{"header only", []byte{WireVersion}, ErrTruncated},
		{"version", append([]byte{WireVersion + 1}, good[1:]...), ErrVersion},
		{"type", []byte{WireVersion, 99}, ErrPacketType},
		{"oversized", make([]byte, MaxPacketSize+1), ErrOversized},
		{"truncated input", good[:len(good)-1], ErrTruncated},
		{"trailing input", append(append([]byte{}, good...), 0x80), ErrMalformed},
		{"short fixed", good[:6], ErrTruncated},
		{"bad flags", func() []byte { b := bytes.Clone(good); b[6] |= 0x80; return b }(), ErrMalformed},
		{"too many frames", func() []byte { b := bytes.Clone(good); b[5] = MaxPacketFrames + 1; return b }(), ErrOversized},
		{"varint overflow", append([]byte{WireVersion, byte(typeInput)}, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), ErrMalformed},
		{"start beyond int32", append([]byte{WireVersion, byte(typeInput)}, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0, 0, 1), ErrMalformed},
		{"checksum short", []byte{WireVersion, byte(typeChecksum), 0, 0, 0, 1}, ErrTruncated},
		{"keepalive long", []byte{WireVersion, byte(typeKeepalive), 0}, ErrOversized},
		{"quality short", []byte{WireVersion, byte(typeQualityReport), 1}, ErrTruncated},
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
	t, body, err := parseHeader(b)
	if err != nil {
		return err
	}
	switch t {
	case typeInput:
		var p inputPacket
		_, err = p.parse(body)
	case typeQualityReport:
		_, _, err = parseQualityReport(body)
	case typeQualityReply:
		_, _, err = parseQualityReply(body)
	case typeChecksum:
		_, _, err = parseChecksumReport(body)
	default:
		_, err = parseEmpty(body)
	}
	return err
}

func TestControlRoundTrip(t *testing.T) {
	qr := qualityReport{advantage: -7, ping: 0xdeadbeef}
	b, _ := qr.Append(nil)
	if _, body, _ := parseHeader(b); true {
		got, _, err := parseQualityReport(body)
		if err != nil || got != qr {
			t.Errorf("parseQualityReport = %+v, %v, want %+v", got, err, qr)
		}
	}
	rp := qualityReply{pong: 42}
	b, _ = rp.Append(nil)
	if _, body, _ := parseHeader(b); true {
		got, _, err := parseQualityReply(body)
		if err != nil || got != rp {
			t.Errorf("parseQualityReply = %+v, %v, want %+v", got, err, rp)
		}
	}
	cs := checksumReport{frame: 480, checksum: 0x0123456789abcdef}
	b, _ = cs.Append(nil)
	if _, body, _ := parseHeader(b); true {
		got, _, err := parseChecksumReport(body)
		if err != nil || got != cs {
			t.Errorf("parseChecksumReport = %+v, %v, want %+v", got, err, cs)
		}
	}
	for _, typ := range []packetType{typeKeepalive, typeDisconnect} {
		b := appendEmpty(nil, typ)
		got, body, err := parseHeader(b)
		if err != nil || got != typ || len(body) != 0 {
			t.Errorf("parseHeader(%v) = %v, %d bytes, %v", typ, got, len(body), err)
		}
	}
}

func FuzzParseInput(f *testing.F) {
	for _, p := range sampleInputPackets() {
		b, _ := p.Append(nil)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, body, err := parseHeader(b)
		if err != nil || typ != typeInput {
			return
		}
		var p inputPacket
		if _, err := p.parse(body); err != nil {
			return
		}
		// Whatever parses must re-encode and parse to the same packet.
		again, err := p.Append(nil)
		if err != nil {
			t.Fatalf("Append(parsed) = %v", err)
		}
		var q inputPacket
		_, body, _ = parseHeader(again)
		if _, err := q.parse(body); err != nil || q != p {
			t.Fatalf("parse(Append(parse(b))) = %+v, %v, want %+v", q, err, p)
		}
	})
}

func FuzzParseQuality(f *testing.F) {
	b, _ := qualityReport{advantage: 3, ping: 1234}.Append(nil)
	f.Add(b)
	b, _ = qualityReply{pong: 1234}.Append(nil)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, body, err := parseHeader(b)
		if err != nil {
			return
		}
		switch typ {
		case typeQualityReport:
			if q, n, err := parseQualityReport(body); err == nil {
				again, _ := q.Append(nil)
				if n != len(body) || !bytes.Equal(again, b) {
					t.Fatalf("Append(parseQualityReport(%x)) = %x", b, again)
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
	b, _ := checksumReport{frame: 160, checksum: 99}.Append(nil)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, body, err := parseHeader(b)
		if err != nil || typ != typeChecksum {
			return
		}
		if c, n, err := parseChecksumReport(body); err == nil {
			again, _ := c.Append(nil)
			if n != len(body) || !bytes.Equal(again, b) {
				t.Fatalf("Append(parseChecksumReport(%x)) = %x", b, again)
			}
		}
	})
}

func FuzzParseEmpty(f *testing.F) {
	f.Add(appendEmpty(nil, typeKeepalive))
	f.Add(appendEmpty(nil, typeDisconnect))
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, body, err := parseHeader(b)
		if err != nil || (typ != typeKeepalive && typ != typeDisconnect) {
			return
		}
		if _, err := parseEmpty(body); err == nil && len(b) != headerSize {
			t.Fatalf("parseEmpty accepted %d body bytes", len(body))
		}
	})
}

func FuzzDecompress(f *testing.F) {
	in := []byte{0, 0, 1, 1, 1, 1, 7, 0, 9, 9, 9, 9, 9, 9, 9, 9}
	f.Add(appendCompressed(nil, in, 2), 16, 2)
	f.Fuzz(func(t *testing.T, b []byte, n, stride int) {
		if n < 0 || n > MaxPacketFrames*MaxPlayers || stride < 1 || stride > MaxPlayers {
			return
		}
		out := make([]byte, n)
		if err := decompress(out, b, stride); err != nil {
			return
		}
		var again = make([]byte, n)
		if err := decompress(again, appendCompressed(nil, out, stride), stride); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("round trip of %x = %x, %v", out, again, err)
		}
	})
}
