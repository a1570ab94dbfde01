package rollback

import "testing"

// BenchmarkInputPacket encodes and decodes a typical input packet: two
// local players, 10 unacknowledged frames.
func BenchmarkInputPacket(b *testing.B) {
	p := &inputPacket{start: 5000, frame: 4998, ack: 4996, count: 10, players: 0b0011, knownMask: 0b0100, known: [MaxPlayers]int32{0, 0, 4995}}
	for i := range 20 {
		p.inputs[i] = byte(i / 6)
	}
	var q inputPacket
	buf := make([]byte, 0, MaxPacketSize)
	b.ReportAllocs()
	for range b.N {
		out, err := p.Append(buf[:0])
		if err != nil {
			b.Fatal(err)
		}
		h, body, err := parseHeader(out)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := q.parse(h, body); err != nil {
			b.Fatal(err)
		}
	}
}
