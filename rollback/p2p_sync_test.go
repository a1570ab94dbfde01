package rollback_test

import (
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

func TestInputDelayChangeAgreed(t *testing.T) {
	for _, delay := range []int{0, 5} {
		m := newMatch(t, 11, lossy, []int{0, 1, 2})
		m.runTo(300, 1000)
		if err := m.peer(1).sess.SetInputDelay(delay); err != nil {
			t.Fatal(err)
		}
		m.runTo(900, 2000)
		var at int32 = -1
		for _, p := range m.peers {
			ev := m.eventsOf(p.id, rollback.EventInputDelay)
			if len(ev) != 1 || ev[0].Delay != delay {
				t.Fatalf("delay %d: peer %d input-delay events %+v, want one", delay, p.id, ev)
			}
			if at >= 0 && ev[0].Frame != at {
				t.Errorf("delay %d: peer %d changed delay at frame %d, another peer at %d", delay, p.id, ev[0].Frame, at)
			}
			at = ev[0].Frame
			if got := p.sess.InputDelay(); got != delay {
				t.Errorf("delay %d: peer %d InputDelay() = %d", delay, p.id, got)
			}
		}
		m.checkAgree()
	}
	s, _ := rollback.NewP2P[rt.Toy](rt.NewNetwork(1, rt.Link{}).Endpoint(0), []int{0, 1}, 0)
	if err := s.SetInputDelay(rollback.MaxInputDelay + 1); err == nil {
		t.Errorf("SetInputDelay(%d) = nil, want an error", rollback.MaxInputDelay+1)
	}
}

// TestPredictionLimitOneSlowPeer gives one link of a 3- and a 4-player match
// a long, lossy path: the peers waiting on it stall at the prediction limit,
// nobody predicts further or rolls back deeper, and nothing desyncs.
func TestPredictionLimitOneSlowPeer(t *testing.T) {
	for _, owners := range [][]int{{0, 1, 2}, {0, 1, 2, 3}} {
		m := newMatch(t, 5, rt.Link{Latency: 10 * time.Millisecond}, owners)
		slow := rt.Link{Latency: 200 * time.Millisecond, Jitter: 40 * time.Millisecond, Loss: 0.2}
		m.net.SetLink(0, 2, slow)
		m.net.SetLink(2, 0, slow)
		for range 2400 {
			m.tick()
			for _, p := range m.peers {
				conf := int32(1 << 30)
				for pl := range owners {
					conf = min(conf, p.sess.PlayerConfirmed(pl))
				}
				if ahead := p.sess.Frame() - 1 - conf; ahead > rollback.DefaultMaxPrediction {
					t.Fatalf("owners %v: peer %d simulated frame %d with inputs confirmed only to %d", owners, p.id, p.sess.Frame()-1, conf)
				}
			}
		}
		for _, p := range m.peers {
			st := p.sess.Stats()
			if st.MaxRollback > rollback.DefaultMaxPrediction+1 {
				t.Errorf("owners %v: peer %d MaxRollback = %d", owners, p.id, st.MaxRollback)
			}
			if (p.id == 0 || p.id == 2) && st.Stalls == 0 {
				t.Errorf("owners %v: peer %d on the slow link never stalled", owners, p.id)
			}
			for _, e := range p.events {
				if e.Kind == rollback.EventDesync || e.Kind == rollback.EventDisconnected {
					t.Errorf("owners %v: peer %d: %+v", owners, p.id, e)
				}
			}
		}
		if got := m.checkAgree(); got < 1000 {
			t.Errorf("owners %v: confirmed only %d frames", owners, got)
		}
	}
}

// TestTimeSyncConverges starts one peer half a second late: the early peer
// is told to wait, and the two end up within a couple of frames.
func TestTimeSyncConverges(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		for _, lateBy := range []int{10, 30} {
			m := newMatch(t, seed, rt.Link{Latency: 30 * time.Millisecond, Jitter: 5 * time.Millisecond, Loss: 0.05}, []int{0, 1}, rollback.WithMaxPrediction(16))
			late := m.peer(1)
			late.stopped = true
			for range lateBy {
				m.tick()
			}
			late.stopped = false
			m.runTo(1200, 3000)
			if ev := m.eventsOf(0, rollback.EventTimeSync); len(ev) == 0 {
				t.Errorf("seed %d late by %d: early peer got no time-sync recommendation", seed, lateBy)
			}
			if ev := m.eventsOf(1, rollback.EventTimeSync); len(ev) != 0 {
				t.Errorf("seed %d late by %d: late peer was told to wait: %+v", seed, lateBy, ev)
			}
			d := m.peer(0).sess.Frame() - late.sess.Frame()
			if d < -3 || d > 3 {
				t.Errorf("seed %d late by %d: after 1200 frames the peers are %d frames apart, want ≤ 3", seed, lateBy, d)
			}
			st, _ := m.peer(0).sess.PeerStats(1)
			if st.FramesAhead < -3 || st.FramesAhead > 3 || st.RTT < 60*time.Millisecond || st.RTT > 120*time.Millisecond {
				t.Errorf("seed %d late by %d: PeerStats(1) = %+v, want FramesAhead near 0 and RTT near 60-80 ms", seed, lateBy, st)
			}
			m.checkAgree()
		}
	}
}

// TestPollBetweenFrames has one peer skip every other tick (Poll instead of
// AdvanceFrame, as a caller following time-sync advice does) with a checksum
// exchange every frame: corrections that arrive during Poll must not let an
// uncorrected state be checksummed.
func TestPollBetweenFrames(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		m := newMatch(t, seed, rt.Link{Latency: 30 * time.Millisecond, Jitter: 10 * time.Millisecond, Loss: 0.1},
			[]int{0, 1}, rollback.WithDesyncInterval(1))
		slow := m.peer(0)
		for i := range 2400 {
			if i%2 == 1 {
				slow.wait = 1
			}
			m.tick()
		}
		if got := m.checkAgree(); got < 1000 {
			t.Errorf("seed %d: confirmed %d frames", seed, got)
		}
	}
}
