package rollback_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

// nothing is a game with no state: benchmarks over it measure the session
// and the sim network alone.
type nothing struct{}

// BenchmarkSessionFrame measures one peer's AdvanceFrame (4 players, one
// per peer, 5% loss, 30 ms latency) including packet handling, excluding
// game work. One op is one session frame.
func BenchmarkSessionFrame(b *testing.B) { benchSessionFrame(b, false) }

// BenchmarkSessionFrameReceive is BenchmarkSessionFrame with every packet
// received as it arrives between ticks (Receive at each delivery), as the
// lab does; one op is one session frame and its share of the Receive calls.
func BenchmarkSessionFrameReceive(b *testing.B) { benchSessionFrame(b, true) }

func benchSessionFrame(b *testing.B, receive bool) {
	net := rt.NewNetwork(1, rt.Link{Latency: 30 * time.Millisecond, Jitter: 5 * time.Millisecond, Loss: 0.05})
	owners := []int{0, 1, 2, 3}
	var sess [4]*rollback.P2PSession[nothing]
	for i := range sess {
		s, err := rollback.NewP2P[nothing](net.Endpoint(i), owners, i)
		if err != nil {
			b.Fatal(err)
		}
		sess[i] = s
	}
	var now time.Duration
	in := []byte{0}
	frame := func(i int) {
		if i%4 == 0 {
			now += tick
			for receive {
				at, ok := net.NextDelivery()
				if !ok || at >= now {
					break
				}
				net.Advance(at)
				for _, s := range sess {
					s.Receive(at)
				}
			}
			net.Advance(now)
		}
		in[0] = byte(i / 64)
		reqs, err := sess[i%4].AdvanceFrame(now, in)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range reqs {
			if r.Kind == rollback.RequestSave {
				r.Cell.Save(nothing{}, uint64(r.Frame))
			}
		}
		for {
			if _, ok := sess[i%4].PollEvent(); !ok {
				break
			}
		}
	}
	for i := range 4 * 1200 {
		frame(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		frame(i)
	}
}

func BenchmarkSyncTestFrame(b *testing.B) {
	s, err := rollback.NewSyncTest[rt.Toy](4, 7)
	if err != nil {
		b.Fatal(err)
	}
	var g rt.Toy
	in := []byte{1, 2, 3, 4}
	b.ReportAllocs()
	for i := range b.N {
		in[0] = byte(i / 16)
		reqs, err := s.AdvanceFrame(in)
		if err != nil {
			b.Fatal(err)
		}
		rt.Run(&g, reqs)
	}
}

// BenchmarkBandwidth plays a minute at 60 Hz with 10% loss and reports the
// game-packet bytes each peer sends and receives per second.
func BenchmarkBandwidth(b *testing.B) {
	for _, players := range []int{2, 4} {
		b.Run(fmt.Sprintf("players=%d", players), func(b *testing.B) {
			var sent, recv float64
			for range b.N {
				m := newMatch(&testing.T{}, 1, rt.Link{Latency: 40 * time.Millisecond, Jitter: 10 * time.Millisecond, Loss: 0.1}, []int{0, 1, 2, 3}[:players])
				for range 3600 {
					m.tick()
				}
				secs := m.now.Seconds()
				for _, p := range m.peers {
					for _, q := range m.peers {
						if st, ok := p.sess.PeerStats(q.id); ok {
							sent += float64(st.BytesSent) / secs
							recv += float64(st.BytesReceived) / secs
						}
					}
				}
			}
			n := float64(b.N * players)
			b.ReportMetric(sent/n, "sent-B/s/peer")
			b.ReportMetric(recv/n, "recv-B/s/peer")
		})
	}
}
