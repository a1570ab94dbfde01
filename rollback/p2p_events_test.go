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

// TestDisconnectEntriesStop checks that once every survivor agreed on a
// disconnect, input packets stop carrying it: the bytes per packet fall back
// to what they were before, on lossy, duplicating and reordering links.
func TestDisconnectEntriesStop(t *testing.T) {
	links := []rt.Link{lossy, {Latency: 60 * time.Millisecond, Jitter: 20 * time.Millisecond, Loss: 0.2, Dup: 0.1, Reorder: 0.1}}
	for li, link := range links {
		for seed := uint64(1); seed <= 4; seed++ {
			m := newMatch(t, seed, link, []int{0, 1, 2, 3})
			perPacket := func() func() float64 {
				var bytes, packets [4]uint64
				for i, p := range m.peers[:3] {
					for _, q := range m.peers[:3] {
						if st, ok := p.sess.PeerStats(q.id); ok {
							bytes[i] += st.BytesSent
							packets[i] += st.PacketsSent
						}
					}
				}
				return func() float64 {
					var b, n uint64
					for i, p := range m.peers[:3] {
						for _, q := range m.peers[:3] {
							if st, ok := p.sess.PeerStats(q.id); ok {
								b += st.BytesSent
								n += st.PacketsSent
							}
						}
						b -= bytes[i]
						n -= packets[i]
					}
					return float64(b) / float64(n)
				}
			}
			m.runTo(120, 1000)
			before := perPacket()
			m.runTo(300, 1000)
			was := before()
			for _, p := range m.peers[:3] {
				m.net.SetDown(3, p.id, true)
			}
			m.peer(3).stopped = true
			for range 1000 {
				agreed := true
				for _, p := range m.peers[:3] {
					agreed = agreed && len(m.eventsOf(p.id, rollback.EventDisconnected)) == 1
				}
				if agreed {
					break
				}
				m.tick()
			}
			for range 120 {
				m.tick()
			}
			after := perPacket()
			for range 600 {
				m.tick()
			}
			if got := after(); got > was+1 {
				t.Errorf("link %d seed %d: %.1f bytes per packet after the disconnect agreement, %.1f before, want no more than 1 over", li, seed, got, was)
			}
			m.checkAgree()
		}
	}
}

// TestSpectatorSeesDisconnect drops a player mid-match: the spectator
// marks its inputs disconnected from the frame the players agreed on and
// stays in step with them.
func TestSpectatorSeesDisconnect(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		net := rt.NewNetwork(seed, lossy)
		owners := []int{0, 1, 2}
		var players [3]*rollback.P2PSession[rt.Toy]
		for i := range players {
			var opts []rollback.Option
			if i == 0 {
				opts = append(opts, rollback.WithSpectators(9))
			}
			s, err := rollback.NewP2P[rt.Toy](net.Endpoint(i), owners, i, opts...)
			if err != nil {
				t.Fatal(err)
			}
			players[i] = s
		}
		sp, err := rollback.NewSpectator[rt.Toy](net.Endpoint(9), 3, 0)
		if err != nil {
			t.Fatal(err)
		}
		var games [3]rt.Toy
		var watched rt.Toy
		sums := map[int32]uint64{}
		discAt := int32(-1)
		firstDisc := int32(-1)
		var now time.Duration
		for i := 0; sp.Frame() < 900; i++ {
			if i > 3000 {
				t.Fatalf("seed %d: spectator at frame %d after %d ticks", seed, sp.Frame(), i)
			}
			now += tick
			net.Advance(now)
			if i == 300 {
				net.SetDown(2, 0, true)
				net.SetDown(2, 1, true)
			}
			for j, s := range players {
				if j == 2 && i >= 300 {
					continue
				}
				reqs, err := s.AdvanceFrame(now, []byte{byte(i/7 + j)})
				if err != nil {
					t.Fatal(err)
				}
				rt.Run(&games[j], reqs)
				for _, r := range reqs {
					if j == 1 && r.Kind == rollback.RequestSave {
						sums[r.Frame] = r.Cell.Checksum()
					}
				}
				for {
					e, ok := s.PollEvent()
					if !ok {
						break
					}
					if e.Kind == rollback.EventDisconnected && j == 0 {
						discAt = e.Frame
					}
				}
			}
			reqs := sp.AdvanceFrame(now)
			for _, r := range reqs {
				if r.Status[2] == rollback.InputDisconnected && firstDisc < 0 {
					firstDisc = r.Frame
				}
			}
			rt.Run(&watched, reqs)
		}
		if discAt < 0 || firstDisc != discAt {
			t.Errorf("seed %d: spectator saw player 2 disconnected from frame %d, players agreed on %d", seed, firstDisc, discAt)
		}
		if want, ok := sums[sp.Frame()]; !ok || watched.Checksum() != want {
			t.Errorf("seed %d: spectator at frame %d has checksum %#x, players saved %#x (%v)", seed, sp.Frame(), watched.Checksum(), want, ok)
		}
		if n := sp.Stats().BadPackets; n != 0 {
			t.Errorf("seed %d: spectator BadPackets = %d, want 0", seed, n)
		}
	}
}
