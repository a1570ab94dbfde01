package rollback_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

// secondDrop plays a 4-peer match on m until frame 200, then cuts peer 3's
// links from peer 2 and to peer 0 (peer 3 keeps talking to peer 1, and to
// peer 0 only one way), and lead ticks later drops peer 2 for good. Peer 0
// drops peer 3 around the time every survivor drops peer 2, while peer 3
// had peer 2's inputs only up to an earlier frame and can still tell peer
// 1 so. It runs 15 s on and checks that peers 0 and 1 agreed on one
// disconnect frame for player 2, kept playing and agree on every state.
func secondDrop(t *testing.T, m *match, lead int) {
	t.Helper()
	m.runTo(200, 2000)
	m.net.SetLink(2, 3, rt.Link{Loss: 1})
	m.net.SetLink(3, 0, rt.Link{Loss: 1})
	for range lead {
		m.tick()
	}
	for _, p := range []int{0, 1, 3} {
		m.net.SetDown(2, p, true)
	}
	m.peer(2).stopped = true
	frame := m.peer(0).sess.Frame()
	for range 900 {
		m.tick()
	}
	m.peer(3).stopped = true // heard by neither survivor, it is out too
	var at int32 = -1
	for _, id := range []int{0, 1} {
		var ev []rollback.Event
		for _, e := range m.eventsOf(id, rollback.EventDisconnected) {
			if e.Player == 2 {
				ev = append(ev, e)
			}
		}
		if len(ev) != 1 {
			t.Fatalf("lead %d: peer %d at frame %d (from %d) has disconnect events %+v for player 2, want one", lead, id, m.peer(id).sess.Frame(), frame, ev)
		}
		if at >= 0 && ev[0].Frame != at {
			t.Errorf("lead %d: peer %d disconnected player 2 at frame %d, peer 0 at %d", lead, id, ev[0].Frame, at)
		}
		at = ev[0].Frame
		if got := m.peer(id).sess.Frame(); got < frame+600 {
			t.Errorf("lead %d: peer %d at frame %d 15 s after frame %d: the match froze", lead, id, got, frame)
		}
	}
	m.checkAgree()
}

// TestDisconnectAgreementSurvivesSecondDrop: a peer dropped while another
// peer's disconnect is being agreed on must not leave the survivors on two
// frames. Before, two ways to freeze the match for good (packets kept
// flowing, so no timeout ended it):
//   - peer 0, no longer counting peer 3, finalized on the frame it and peer
//     1 had reported; peer 3's smaller frame then reached peer 1, which
//     waited forever for a final peer 0 to report it;
//   - peer 0, no longer counting peer 3's progress, settled frames past
//     peer 3's frame, so it could not take the smaller frame when peer 1
//     reported it, and neither could finalize.
func TestDisconnectAgreementSurvivesSecondDrop(t *testing.T) {
	// The first way, with latencies that order it.
	for lead := 1; lead <= 6; lead++ {
		m := newMatch(t, 1, rt.Link{Latency: 10 * time.Millisecond}, []int{0, 1, 2, 3})
		m.net.SetLink(3, 1, rt.Link{Latency: 150 * time.Millisecond})
		m.net.SetLink(0, 1, rt.Link{Latency: 200 * time.Millisecond})
		secondDrop(t, m, lead)
	}
	// Both ways, over links of seeded latency and loss.
	for seed := uint64(1); seed <= 100; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 3))
			m := newMatch(t, seed, rt.Link{}, []int{0, 1, 2, 3})
			for a := range 4 {
				for b := range 4 {
					if a != b {
						m.net.SetLink(a, b, rt.Link{Latency: time.Duration(rng.IntN(200)) * time.Millisecond, Jitter: 5 * time.Millisecond, Loss: float64(rng.IntN(10)) / 100})
					}
				}
			}
			secondDrop(t, m, rng.IntN(10))
		})
	}
}
