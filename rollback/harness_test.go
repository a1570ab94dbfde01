package rollback_test

import (
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

const tick = time.Second / 60

// simPeer is one peer of a simulated match playing the toy game.
type simPeer struct {
	id      int
	sess    *rollback.P2PSession[rt.Toy]
	game    rt.Toy
	scripts []*rt.Script
	local   []byte
	sums    map[int32]uint64
	events  []rollback.Event
	wait    int
	stopped bool
	// corruptFrom, when ≥ 0, makes this peer's checksums of frames from it
	// on differ from everyone else's: a nondeterministic game.
	corruptFrom int32
}

type match struct {
	t     *testing.T
	net   *rt.Network
	peers []*simPeer
	now   time.Duration
	// receive makes every running peer Receive each packet as it arrives
	// between ticks, instead of only at its next tick.
	receive bool
}

// newMatch starts a match of len(owners) players; owners[p] is the peer of
// player p; every distinct owner becomes a peer.
func newMatch(t *testing.T, seed uint64, link rt.Link, owners []int, opts ...rollback.Option) *match {
	t.Helper()
	return newMatchVia(t, seed, link, owners, nil, opts...)
}

// newMatchVia is newMatch with every peer's transport passed through wrap
// (when not nil), which may replace it: a hostile peer's, say.
func newMatchVia(t *testing.T, seed uint64, link rt.Link, owners []int, wrap func(peer int, tr rollback.Transport) rollback.Transport, opts ...rollback.Option) *match {
	t.Helper()
	m := &match{t: t, net: rt.NewNetwork(seed, link)}
	seen := map[int]bool{}
	for _, o := range owners {
		if seen[o] {
			continue
		}
		seen[o] = true
		var tr rollback.Transport = m.net.Endpoint(o)
		if wrap != nil {
			tr = wrap(o, tr)
		}
		s, err := rollback.NewP2P[rt.Toy](tr, owners, o, opts...)
		if err != nil {
			t.Fatalf("NewP2P(peer %d) = %v", o, err)
		}
		p := &simPeer{id: o, sess: s, sums: map[int32]uint64{}, corruptFrom: -1}
		for pl, ow := range owners {
			if ow == o {
				p.scripts = append(p.scripts, rt.NewScript(seed, pl))
			}
		}
		p.local = make([]byte, len(p.scripts))
		m.peers = append(m.peers, p)
	}
	return m
}

func (m *match) peer(id int) *simPeer {
	for _, p := range m.peers {
		if p.id == id {
			return p
		}
	}
	m.t.Fatalf("no peer %d", id)
	return nil
}

// tick moves virtual time one frame and lets every running peer act.
func (m *match) tick() {
	m.now += tick
	for m.receive {
		at, ok := m.net.NextDelivery()
		if !ok || at >= m.now {
			break
		}
		m.net.Advance(at)
		for _, p := range m.peers {
			if !p.stopped {
				p.sess.Receive(at)
			}
		}
	}
	m.net.Advance(m.now)
	for _, p := range m.peers {
		if p.stopped {
			continue
		}
		p.step(m.t, m.now)
	}
}

func (p *simPeer) step(t *testing.T, now time.Duration) {
	t.Helper()
	if p.wait > 0 {
		p.wait--
		p.sess.Poll(now)
	} else {
		for i, s := range p.scripts {
			p.local[i] = s.Next()
		}
		reqs, err := p.sess.AdvanceFrame(now, p.local)
		if err != nil {
			t.Fatalf("peer %d: AdvanceFrame = %v", p.id, err)
		}
		for _, r := range reqs {
			switch r.Kind {
			case rollback.RequestSave:
				sum := p.game.Checksum()
				if p.corruptFrom >= 0 && r.Frame >= p.corruptFrom {
					sum ^= 0xbad
				}
				r.Cell.Save(p.game, sum)
				p.sums[r.Frame] = sum
			case rollback.RequestLoad:
				p.game = r.Cell.State()
			case rollback.RequestAdvance:
				p.game.Step(r.Inputs)
			}
		}
	}
	for {
		e, ok := p.sess.PollEvent()
		if !ok {
			break
		}
		if e.Kind == rollback.EventTimeSync {
			p.wait = e.Wait
		}
		p.events = append(p.events, e)
	}
}

// runTo ticks until every running peer reached frame, failing after limit
// ticks.
func (m *match) runTo(frame int32, limit int) {
	m.t.Helper()
	for range limit {
		done := true
		for _, p := range m.peers {
			if !p.stopped && p.sess.Frame() < frame {
				done = false
			}
		}
		if done {
			return
		}
		m.tick()
	}
	for _, p := range m.peers {
		m.t.Logf("peer %d: frame %d stats %+v", p.id, p.sess.Frame(), p.sess.Stats())
	}
	m.t.Fatalf("not every peer reached frame %d within %d ticks", frame, limit)
}

// checkAgree fails unless every running peer saved the same checksum for
// every frame all of them have confirmed, and returns that frame count.
func (m *match) checkAgree() int32 {
	m.t.Helper()
	upto := int32(1 << 30)
	var live []*simPeer
	for _, p := range m.peers {
		if !p.stopped {
			live = append(live, p)
			upto = min(upto, p.sess.Stats().ConfirmedFrame+1)
		}
	}
	for _, p := range m.peers {
		for _, e := range p.events {
			if e.Kind == rollback.EventDesync {
				m.t.Errorf("peer %d: %+v", p.id, e)
			}
		}
	}
	for f := int32(0); f < upto; f++ {
		want, ok := live[0].sums[f]
		if !ok {
			m.t.Fatalf("peer %d has no checksum for frame %d", live[0].id, f)
		}
		for _, p := range live[1:] {
			if got := p.sums[f]; got != want {
				m.t.Fatalf("frame %d: peer %d checksum %#x, peer %d %#x", f, p.id, got, live[0].id, want)
			}
		}
	}
	return upto
}

func (m *match) eventsOf(id int, kind rollback.EventKind) []rollback.Event {
	var out []rollback.Event
	for _, e := range m.peer(id).events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// newSpectated starts two players on net, each its own peer, and a
// spectator at endpoint spec that player 0 hosts.
func newSpectated(t *testing.T, net *rt.Network, spec int) ([2]*rollback.P2PSession[rt.Toy], *rollback.SpectatorSession[rt.Toy]) {
	t.Helper()
	var players [2]*rollback.P2PSession[rt.Toy]
	for i := range players {
		var opts []rollback.Option
		if i == 0 {
			opts = append(opts, rollback.WithSpectators(spec))
		}
		s, err := rollback.NewP2P[rt.Toy](net.Endpoint(i), []int{0, 1}, i, opts...)
		if err != nil {
			t.Fatal(err)
		}
		players[i] = s
	}
	sp, err := rollback.NewSpectator[rt.Toy](net.Endpoint(spec), 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	return players, sp
}
