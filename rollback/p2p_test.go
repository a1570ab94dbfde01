package rollback_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

func TestP2PConfirmedChecksumsAgree(t *testing.T) {
	links := []rt.Link{
		{},
		{Latency: 20 * time.Millisecond, Loss: 0.05},
		{Latency: 60 * time.Millisecond, Jitter: 20 * time.Millisecond, Loss: 0.1, Dup: 0.05, Reorder: 0.05},
		{Latency: 150 * time.Millisecond, Jitter: 50 * time.Millisecond, Loss: 0.2, Dup: 0.1, Reorder: 0.1},
		{Latency: 100 * time.Millisecond, Jitter: 50 * time.Millisecond, Loss: 0.15, Reorder: 0.2},
	}
	owners := [][]int{{0, 1}, {0, 1, 2, 3}, {0, 0, 2}, {0, 1, 2}}
	for li, link := range links {
		for _, ow := range owners {
			for seed := uint64(1); seed <= 4; seed++ {
				t.Run(fmt.Sprintf("link%d/owners%v/seed%d", li, ow, seed), func(t *testing.T) {
					t.Parallel()
					m := newMatch(t, seed, link, ow)
					m.runTo(3600, 3600*3)
					if got := m.checkAgree(); got < 3500 {
						t.Errorf("confirmed frames = %d, want ≥ 3500", got)
					}
					for _, p := range m.peers {
						for _, e := range p.events {
							if e.Kind == rollback.EventDesync || e.Kind == rollback.EventDisconnected {
								t.Errorf("peer %d: unexpected event %+v", p.id, e)
							}
						}
						st := p.sess.Stats()
						if st.BadPackets != 0 {
							t.Errorf("peer %d: BadPackets = %d, want 0", p.id, st.BadPackets)
						}
						if st.MaxRollback > rollback.DefaultMaxPrediction+1 {
							t.Errorf("peer %d: MaxRollback = %d, want ≤ %d", p.id, st.MaxRollback, rollback.DefaultMaxPrediction+1)
						}
					}
				})
			}
		}
	}
}

// TestP2PMixedLinks gives every directed link of a 4-player match its own
// seeded latency (0-150 ms), jitter (≤ 50 ms), loss (≤ 20%), duplication
// and reordering.
func TestP2PMixedLinks(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			t.Parallel()
			m := newMatch(t, seed, rt.Link{}, []int{0, 1, 2, 3})
			rng := rand.New(rand.NewPCG(seed, 99))
			for a := range 4 {
				for b := range 4 {
					if a != b {
						m.net.SetLink(a, b, rt.Link{
							Latency: time.Duration(rng.IntN(151)) * time.Millisecond,
							Jitter:  time.Duration(rng.IntN(51)) * time.Millisecond,
							Loss:    float64(rng.IntN(21)) / 100,
							Dup:     float64(rng.IntN(11)) / 100,
							Reorder: float64(rng.IntN(11)) / 100,
						})
					}
				}
			}
			m.runTo(3600, 3600*4)
			if got := m.checkAgree(); got < 3500 {
				t.Errorf("confirmed frames = %d, want ≥ 3500", got)
			}
			for _, p := range m.peers {
				if st := p.sess.Stats(); st.BadPackets != 0 || st.MaxRollback > rollback.DefaultMaxPrediction+1 {
					t.Errorf("peer %d: %+v", p.id, st)
				}
			}
		})
	}
}
