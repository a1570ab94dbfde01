package rollback_test

import (
	"fmt"
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
			for seed := uint64(1); seed <= 2; seed++ {
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
