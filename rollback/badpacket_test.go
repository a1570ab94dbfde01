package rollback

import (
	"errors"
	"testing"
	"time"
)

// loopback is a Transport that records sends and replays queued packets.
type loopback struct {
	in   []queued
	sent int
}

type queued struct {
	peer int
	b    []byte
}

func (l *loopback) Send(int, []byte) { l.sent++ }
func (l *loopback) Receive() (int, []byte, bool) {
	if len(l.in) == 0 {
		return 0, nil, false
	}
	q := l.in[0]
	l.in = l.in[1:]
	return q.peer, q.b, true
}

type toy struct{ sum uint64 }

func TestBadPacketsDroppedAndCounted(t *testing.T) {
	enc := func(p inputPacket) []byte {
		b, err := p.Append(nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	good := enc(inputPacket{start: 0, frame: 0, ack: -1, count: 3, players: 0b0010, inputs: [512]byte{1, 2, 3}})
	tests := []struct {
		name string
		peer int
		b    []byte
	}{
		{"unknown peer", 7, good},
		{"garbage", 1, []byte{0xff, 0xff, 0xff}},
		{"truncated", 1, good[:len(good)-2]},
		{"oversized", 1, make([]byte, MaxPacketSize+10)},
		{"claims player 2", 1, enc(inputPacket{start: 0, ack: -1, count: 3, players: 0b0100})},
		{"claims players 1 and 2", 1, enc(inputPacket{start: 0, ack: -1, count: 3, players: 0b0110})},
		{"gap", 1, enc(inputPacket{start: 50, frame: 50, ack: -1, count: 3, players: 0b0010})},
		{"gap without inputs", 1, enc(inputPacket{start: 5, frame: 5, ack: -1, players: 0b0010})},
		{"far future", 1, enc(inputPacket{start: 0, frame: 30000, ack: -1, count: 3, players: 0b0010})},
		{"acks unsent frames", 1, enc(inputPacket{start: 0, ack: 500, count: 3, players: 0b0010})},
		{"delay change far ahead", 1, enc(inputPacket{start: 0, ack: -1, count: 3, players: 0b0010, hasDelay: true, delayFrame: 5000, delay: 2})},
		{"checksum off interval", 1, enc(inputPacket{start: 0, ack: -1, players: 0b0010, hasSum: true, sum: checksumReport{frame: 17, checksum: 1}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &loopback{}
			s, err := NewP2P[toy](tr, []int{0, 1, 2}, 0)
			if err != nil {
				t.Fatal(err)
			}
			tr.in = append(tr.in, queued{tt.peer, tt.b}, queued{1, good})
			if _, err := s.AdvanceFrame(time.Millisecond, []byte{9}); err != nil {
				t.Fatal(err)
			}
			if got := s.Stats().BadPackets; got != 1 {
				t.Errorf("BadPackets = %d, want 1", got)
			}
			if got := s.PlayerConfirmed(1); got != 2 {
				t.Errorf("PlayerConfirmed(1) = %d after the good packet, want 2", got)
			}
			if got := s.PlayerConfirmed(2); got != -1 {
				t.Errorf("PlayerConfirmed(2) = %d, want -1 (no forged inputs)", got)
			}
		})
	}
}

// TestVersion1PacketsRejected feeds a session and a spectator packets made
// by the version 1 encoder (two-byte header: version 1, type): each is
// rejected as another version and counted, and none acts (no inputs, no
// disconnect, no reply).
func TestVersion1PacketsRejected(t *testing.T) {
	v1 := []struct {
		name string
		b    []byte
	}{
		{"input", []byte{0x01, 0x01, 0x00, 0x04, 0x01, 0x03, 0x02, 0x02, 0x01, 0x03, 0x01}},
		{"quality report", []byte{0x01, 0x02, 0x01, 0x00, 0x00, 0x00, 0x07}},
		{"quality reply", []byte{0x01, 0x03, 0x00, 0x01, 0xe2, 0x40}},
		{"checksum", []byte{0x01, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x05}},
		{"keepalive", []byte{0x01, 0x05}},
		{"disconnect", []byte{0x01, 0x06}},
	}
	for _, p := range v1 {
		if _, _, err := parseHeader(p.b); !errors.Is(err, ErrVersion) {
			t.Errorf("parseHeader(v1 %s %x) = %v, want %v", p.name, p.b, err, ErrVersion)
		}
	}
	tr := &loopback{}
	s, err := NewP2P[toy](tr, []int{0, 1}, 0)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := NewSpectator[toy](&loopback{}, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range v1 {
		tr.in = append(tr.in, queued{1, p.b})
		sp.transport.(*loopback).in = append(sp.transport.(*loopback).in, queued{1, p.b})
	}
	if _, err := s.AdvanceFrame(time.Millisecond, []byte{9}); err != nil {
		t.Fatal(err)
	}
	sp.AdvanceFrame(time.Millisecond)
	st, _ := s.PeerStats(1)
	if got := s.Stats().BadPackets; got != uint64(len(v1)) || st.PacketsDropped != uint64(len(v1)) {
		t.Errorf("BadPackets = %d, PacketsDropped = %d, want %d", got, st.PacketsDropped, len(v1))
	}
	if st.Disconnected || s.PlayerConfirmed(1) != -1 || st.PacketsSent != 1 {
		t.Errorf("after v1 packets: peer 1 %+v, PlayerConfirmed(1) = %d, want live, -1 and only this tick's packet sent", st, s.PlayerConfirmed(1))
	}
	if got := sp.Stats().BadPackets; got != uint64(len(v1)) || sp.HostStats().Disconnected || sp.FramesBehind() != 0 {
		t.Errorf("spectator after v1 packets: BadPackets = %d, host %+v, %d frames behind", got, sp.HostStats(), sp.FramesBehind())
	}
}

func FuzzSessionPackets(f *testing.F) {
	b, _ := (&inputPacket{start: 0, ack: -1, count: 4, players: 0b0010, inputs: [512]byte{1, 1, 2, 2}}).Append(nil)
	f.Add(b, uint8(1))
	b, _ = (&inputPacket{start: 0, ack: -1, players: 0b0100, hasSum: true, sum: checksumReport{frame: 16, checksum: 5}, hasQuality: true, quality: qualityReport{advantage: 1, ping: 7}}).Append(nil)
	f.Add(b, uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, peer uint8) {
		tr := &loopback{}
		s, err := NewP2P[toy](tr, []int{0, 1, 2}, 0, WithSpectators(3))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 20 {
			tr.in = append(tr.in, queued{int(peer % 4), b})
			if _, err := s.AdvanceFrame(time.Duration(i)*DefaultFrameDuration, []byte{1}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzSpectatorPackets(f *testing.F) {
	p := &inputPacket{start: 0, frame: 3, ack: -1, count: 3, players: 0b0011, ndisc: 1, disc: [MaxPlayers]discEntry{{player: 1, frame: 2}}}
	copy(p.inputs[:], []byte{1, 2, 1, 2, 3, 0})
	b, _ := p.Append(nil)
	f.Add(b, uint8(0))
	f.Add(appendEmpty(nil, typeDisconnect), uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, peer uint8) {
		tr := &loopback{}
		s, err := NewSpectator[toy](tr, 2, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 10 {
			tr.in = append(tr.in, queued{int(peer % 2), b})
			for _, r := range s.AdvanceFrame(time.Duration(i) * DefaultFrameDuration) {
				if r.Kind != RequestAdvance || r.Frame < 0 {
					t.Fatalf("spectator request %+v", r)
				}
			}
		}
	})
}
