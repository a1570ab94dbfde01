package rollback_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

// TestReceiveMeasuresLinkRTT receives every packet the moment it arrives:
// the measured round trip is the configured link latency there and back,
// not rounded up to whole ticks (40 ms one way would show as 100 ms when
// packets are only handled at 60 Hz ticks).
func TestReceiveMeasuresLinkRTT(t *testing.T) {
	tests := []struct {
		latency, jitter time.Duration
		owners          []int
	}{
		{40 * time.Millisecond, 0, []int{0, 1}},
		{40 * time.Millisecond, 0, []int{0, 1, 2, 3}},
		{7 * time.Millisecond, 0, []int{0, 1, 2}},
		{0, 0, []int{0, 1}},
		{23 * time.Millisecond, 0, []int{0, 0, 2}},
		{30 * time.Millisecond, 10 * time.Millisecond, []int{0, 1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v±%v/owners%v", tt.latency, tt.jitter, tt.owners), func(t *testing.T) {
			m := newMatch(t, 1, rt.Link{Latency: tt.latency, Jitter: tt.jitter}, tt.owners)
			m.receive = true
			lo, hi := 2*(tt.latency-tt.jitter), 2*(tt.latency+tt.jitter)
			seen := map[[2]int]uint64{}
			for range 600 {
				m.tick()
				for _, p := range m.peers {
					for _, q := range m.peers {
						st, ok := p.sess.PeerStats(q.id)
						if !ok || st.RTTSamples == seen[[2]int{p.id, q.id}] {
							continue
						}
						seen[[2]int{p.id, q.id}] = st.RTTSamples
						if st.LastRTT < lo-time.Millisecond || st.LastRTT > hi+time.Millisecond {
							t.Fatalf("peer %d → %d: RTT sample %v, want %v..%v", p.id, q.id, st.LastRTT, lo, hi)
						}
					}
				}
			}
			for k, n := range seen {
				if n < 40 {
					t.Errorf("peer %d → %d: %d RTT samples in 10 s, want ≥ 40", k[0], k[1], n)
				}
			}
			if want := len(m.peers) * (len(m.peers) - 1); len(seen) != want {
				t.Errorf("%d links measured, want %d", len(seen), want)
			}
			m.checkAgree()
		})
	}
}

// TestReceiveInputArrival samples peer 0's input at its tick and checks
// when peer 1 first has it: with Receive called at every delivery that is
// exactly the one-way latency.
func TestReceiveInputArrival(t *testing.T) {
	const latency = 25 * time.Millisecond
	net := rt.NewNetwork(1, rt.Link{Latency: latency})
	owners := []int{0, 1}
	var sess [2]*rollback.P2PSession[rt.Toy]
	var games [2]rt.Toy
	for i := range sess {
		s, err := rollback.NewP2P[rt.Toy](net.Endpoint(i), owners, i)
		if err != nil {
			t.Fatal(err)
		}
		sess[i] = s
	}
	sampled := map[int32]time.Duration{}
	seen := int32(-1)
	var got []time.Duration
	arrived := func(now time.Duration) {
		c := sess[1].PlayerConfirmed(0)
		for f := seen + 1; f <= c; f++ {
			if at, ok := sampled[f]; ok {
				got = append(got, now-at)
			}
		}
		seen = max(seen, c)
	}
	var now time.Duration
	for i := range 600 {
		now += tick
		for {
			at, ok := net.NextDelivery()
			if !ok || at >= now {
				break
			}
			net.Advance(at)
			for _, s := range sess {
				s.Receive(at)
			}
			arrived(at)
		}
		net.Advance(now)
		for j, s := range sess {
			reqs, err := s.AdvanceFrame(now, []byte{byte(i / 20 % 4)})
			if err != nil {
				t.Fatal(err)
			}
			rt.Run(&games[j], reqs)
		}
		sampled[sess[0].PlayerConfirmed(0)] = now
		arrived(now)
	}
	if len(got) < 550 {
		t.Fatalf("%d input arrivals measured, want ≥ 550", len(got))
	}
	for i, d := range got {
		if d != latency {
			t.Fatalf("input %d arrived %v after it was sampled, want %v", i, d, latency)
		}
	}
}

// TestReceiveKeepsBandwidth plays the same lossy matches with and without
// Receive between ticks: the bytes and packets each peer sends stay the
// same (Receive sends nothing but the quality replies a tick would send).
func TestReceiveKeepsBandwidth(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			t.Parallel()
			link := rt.Link{Latency: 40 * time.Millisecond, Jitter: 10 * time.Millisecond, Loss: 0.1}
			var bytes, packets [2]float64
			for i, receive := range []bool{false, true} {
				m := newMatch(t, seed, link, []int{0, 1, 2, 3})
				m.receive = receive
				m.runTo(3600, 3600*2)
				m.checkAgree()
				for _, p := range m.peers {
					for _, q := range m.peers {
						if st, ok := p.sess.PeerStats(q.id); ok {
							bytes[i] += float64(st.BytesSent) / m.now.Seconds()
							packets[i] += float64(st.PacketsSent) / m.now.Seconds()
						}
					}
				}
			}
			if d := math.Abs(bytes[1]/bytes[0] - 1); d > 0.01 {
				t.Errorf("bytes sent/s with Receive = %.0f, per tick %.0f: %.1f%% apart, want ≤ 1%%", bytes[1], bytes[0], 100*d)
			}
			if d := math.Abs(packets[1]/packets[0] - 1); d > 0.01 {
				t.Errorf("packets sent/s with Receive = %.1f, per tick %.1f: %.1f%% apart, want ≤ 1%%", packets[1], packets[0], 100*d)
			}
		})
	}
}

// TestReceiveChecksumsAgree runs lossy, jittery, reordering matches with
// every packet received as it arrives: confirmed checksums agree, nothing is
// dropped as bad, and no desync is reported.
func TestReceiveChecksumsAgree(t *testing.T) {
	links := []rt.Link{
		{Latency: 20 * time.Millisecond, Loss: 0.05},
		{Latency: 60 * time.Millisecond, Jitter: 20 * time.Millisecond, Loss: 0.1, Dup: 0.05, Reorder: 0.05},
		{Latency: 150 * time.Millisecond, Jitter: 50 * time.Millisecond, Loss: 0.2, Dup: 0.1, Reorder: 0.1},
	}
	for li, link := range links {
		for _, ow := range [][]int{{0, 1}, {0, 1, 2, 3}, {0, 0, 2}} {
			for seed := uint64(1); seed <= 2; seed++ {
				t.Run(fmt.Sprintf("link%d/owners%v/seed%d", li, ow, seed), func(t *testing.T) {
					t.Parallel()
					m := newMatch(t, seed, link, ow, rollback.WithDesyncInterval(10))
					m.receive = true
					m.runTo(3600, 3600*3)
					if got := m.checkAgree(); got < 3500 {
						t.Errorf("confirmed frames = %d, want ≥ 3500", got)
					}
					for _, p := range m.peers {
						if st := p.sess.Stats(); st.BadPackets != 0 {
							t.Errorf("peer %d: BadPackets = %d, want 0", p.id, st.BadPackets)
						}
					}
				})
			}
		}
	}
}

// TestSpectatorReceive drains the host's relayed inputs between ticks
// without advancing or sending; the next AdvanceFrame simulates them.
func TestSpectatorReceive(t *testing.T) {
	net := rt.NewNetwork(1, rt.Link{Latency: 10 * time.Millisecond})
	players, sp := newSpectated(t, net, 7)
	var games [2]rt.Toy
	var now time.Duration
	for i := range 120 {
		now += tick
		net.Advance(now)
		for j, s := range players {
			reqs, err := s.AdvanceFrame(now, []byte{byte(i % 3)})
			if err != nil {
				t.Fatal(err)
			}
			rt.Run(&games[j], reqs)
		}
	}
	net.Advance(now + tick)
	sent := sp.HostStats().PacketsSent
	sp.Receive(now + tick)
	if sp.Frame() != 0 || sp.FramesBehind() < 60 {
		t.Fatalf("after Receive: Frame = %d, FramesBehind = %d, want 0 and ≥ 60", sp.Frame(), sp.FramesBehind())
	}
	if got := sp.HostStats().PacketsSent; got != sent {
		t.Errorf("Receive sent %d packets, want 0", got-sent)
	}
	if reqs := sp.AdvanceFrame(now + tick); len(reqs) == 0 || reqs[0].Frame != 0 {
		t.Errorf("AdvanceFrame after Receive = %d requests, want frame 0 first", len(reqs))
	}
}
