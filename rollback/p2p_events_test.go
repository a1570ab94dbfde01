package rollback_test

import (
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

var lossy = rt.Link{Latency: 40 * time.Millisecond, Jitter: 10 * time.Millisecond, Loss: 0.1}

func TestDesyncDetected(t *testing.T) {
	const from = 1000 // peer 1's checksums go wrong from this frame on
	// The first desync checkpoint at or after it.
	const want = (from + rollback.DefaultDesyncInterval - 1) / rollback.DefaultDesyncInterval * rollback.DefaultDesyncInterval
	for seed := uint64(1); seed <= 4; seed++ {
		m := newMatch(t, seed, lossy, []int{0, 1, 2})
		m.peer(1).corruptFrom = from
		m.runTo(want+rollback.DefaultDesyncInterval+30, 3000)
		for _, p := range m.peers {
			ev := m.eventsOf(p.id, rollback.EventDesync)
			if len(ev) == 0 {
				t.Fatalf("seed %d: peer %d saw no desync by frame %d", seed, p.id, p.sess.Frame())
			}
			e := ev[0]
			if e.Frame != want || e.Local == e.Remote {
				t.Errorf("seed %d: peer %d first desync %+v, want frame %d with two checksums", seed, p.id, e, want)
			}
			if p.id != 1 && e.Peer != 1 {
				t.Errorf("seed %d: peer %d blames peer %d, want 1", seed, p.id, e.Peer)
			}
			state, sum, ok := p.sess.Snapshot(e.Frame)
			if !ok || sum != e.Local || state.Frame != e.Frame {
				t.Errorf("seed %d: peer %d Snapshot(%d) = frame %d, %#x, %v; want the local state with checksum %#x", seed, p.id, e.Frame, state.Frame, sum, ok, e.Local)
			}
		}
		for _, id := range []int{0, 2} {
			for _, e := range m.eventsOf(id, rollback.EventDesync) {
				if e.Peer != 1 {
					t.Errorf("seed %d: peer %d desync with honest peer: %+v", seed, id, e)
				}
			}
		}
	}
}

func TestPartitionShorterThanTimeout(t *testing.T) {
	m := newMatch(t, 7, lossy, []int{0, 1, 2, 3})
	m.runTo(300, 1000)
	m.net.SetDown(0, 1, true)
	m.net.SetDown(0, 2, true)
	m.net.SetDown(0, 3, true)
	for range 60 { // one second
		m.tick()
	}
	for _, id := range []int{0, 1, 2, 3} {
		if got := m.eventsOf(id, rollback.EventInterrupted); len(got) == 0 {
			t.Errorf("peer %d: no interrupted event during a 1 s partition", id)
		}
	}
	m.net.SetDown(0, 1, false)
	m.net.SetDown(0, 2, false)
	m.net.SetDown(0, 3, false)
	frame := m.peer(0).sess.Frame()
	m.runTo(frame+600, 2000)
	for _, id := range []int{0, 1, 2, 3} {
		if got := m.eventsOf(id, rollback.EventResumed); len(got) == 0 {
			t.Errorf("peer %d: no resumed event after the partition healed", id)
		}
		if got := m.eventsOf(id, rollback.EventDisconnected); len(got) != 0 {
			t.Errorf("peer %d: disconnected %+v after a partition shorter than the timeout", id, got)
		}
	}
	m.checkAgree()
}

func TestPartitionLongerThanTimeout(t *testing.T) {
	for _, owners := range [][]int{{0, 1}, {0, 1, 2}, {0, 1, 2, 3}, {0, 0, 2, 3}} {
		for seed := uint64(1); seed <= 6; seed++ {
			m := newMatch(t, seed, lossy, owners)
			m.runTo(240, 1000)
			gone := owners[len(owners)-1]
			// Cut the leaving peer's links a few frames apart, so the others
			// last heard from it at different frames.
			for i, p := range m.peers {
				m.net.SetDown(gone, p.id, true)
				for range i * int(seed%3) * 2 {
					m.tick()
				}
			}
			m.peer(gone).stopped = true
			frame := m.peer(0).sess.Frame()
			m.runTo(frame+600, 3000)
			var at int32 = -1
			for _, p := range m.peers {
				if p.stopped {
					continue
				}
				ev := m.eventsOf(p.id, rollback.EventDisconnected)
				if len(ev) != 1 || ev[0].Peer != gone || ev[0].Player != len(owners)-1 {
					t.Fatalf("owners %v seed %d: peer %d disconnect events %+v, want one for player %d", owners, seed, p.id, ev, len(owners)-1)
				}
				if at >= 0 && ev[0].Frame != at {
					t.Errorf("owners %v seed %d: peer %d disconnected player at frame %d, another peer at %d", owners, seed, p.id, ev[0].Frame, at)
				}
				at = ev[0].Frame
			}
			if got := m.checkAgree(); got < frame+500 {
				t.Errorf("owners %v seed %d: survivors confirmed up to %d, want ≥ %d", owners, seed, got, frame+500)
			}
		}
	}
}

func TestSpectatorFollows(t *testing.T) {
	net := rt.NewNetwork(3, lossy)
	players, sp := newSpectated(t, net, 9)
	var games [2]rt.Toy
	scripts := [2]*rt.Script{rt.NewScript(5, 0), rt.NewScript(5, 1)}
	var watched rt.Toy
	sums := map[int32]uint64{}
	var now time.Duration
	const frames = 1200
	for players[0].Frame() < frames || players[1].Frame() < frames || sp.Frame() < frames-20 {
		now += tick
		net.Advance(now)
		for i, s := range players {
			reqs, err := s.AdvanceFrame(now, []byte{scripts[i].Next()})
			if err != nil {
				t.Fatal(err)
			}
			rt.Run(&games[i], reqs)
			for _, r := range reqs {
				if i == 1 && r.Kind == rollback.RequestSave {
					sums[r.Frame] = r.Cell.Checksum()
				}
			}
		}
		// The spectator joins a second late and catches up.
		if now > time.Second {
			rt.Run(&watched, sp.AdvanceFrame(now))
		}
		if now > time.Minute {
			t.Fatalf("spectator at frame %d, players at %d and %d after a minute", sp.Frame(), players[0].Frame(), players[1].Frame())
		}
	}
	if behind := sp.FramesBehind(); behind > 10 {
		t.Errorf("spectator FramesBehind = %d at the end, want it caught up", behind)
	}
	if sp.Stats().BadPackets != 0 {
		t.Errorf("spectator BadPackets = %d, want 0", sp.Stats().BadPackets)
	}
	if want, ok := sums[sp.Frame()]; !ok || watched.Checksum() != want || watched.Frame != sp.Frame() {
		t.Errorf("spectator at frame %d has checksum %#x, players saved %#x (%v)", sp.Frame(), watched.Checksum(), want, ok)
	}
}

func TestLeaveDisconnectsAtOnce(t *testing.T) {
	m := newMatch(t, 4, lossy, []int{0, 1, 2})
	m.runTo(300, 1000)
	leaver := m.peer(1)
	leaver.sess.Leave(m.now)
	leaver.stopped = true
	start := m.now
	m.runTo(leaver.sess.Frame()+30, 1000)
	for _, id := range []int{0, 2} {
		ev := m.eventsOf(id, rollback.EventDisconnected)
		if len(ev) != 1 || ev[0].Player != 1 {
			t.Fatalf("peer %d disconnect events %+v, want one for player 1", id, ev)
		}
	}
	if a, b := m.eventsOf(0, rollback.EventDisconnected)[0].Frame, m.eventsOf(2, rollback.EventDisconnected)[0].Frame; a != b {
		t.Errorf("disconnect frames %d and %d differ", a, b)
	}
	if d := m.now - start; d > time.Second {
		t.Errorf("match took %v to get past a leaving peer, want well under the 2 s timeout", d)
	}
	m.checkAgree()
}
