package rollback_test

import (
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

// The adversarial-peer suite: one peer of a match runs an honest session
// whose input packets a liar rewrites on the way out, one test per attack.
// Every test checks that the honest peers finish the match together.

// liar passes a peer's packets on, letting forge rewrite each input packet
// for peer to before it is sent.
type liar struct {
	rollback.Transport
	forge func(to int, f *rollback.Forgery)
}

func (l *liar) Send(to int, b []byte) {
	if f, ok := rollback.ParseForgery(b); ok && l.forge != nil {
		l.forge(to, f)
		b = f.Bytes()
	}
	l.Transport.Send(to, b)
}

// newLiarMatch starts a match of one player per peer in which peer 1's
// packets go through the returned liar, honest until its forge is set.
func newLiarMatch(t *testing.T, players int, opts ...rollback.Option) (*match, *liar) {
	t.Helper()
	l := &liar{}
	owners := make([]int, players)
	for p := range owners {
		owners[p] = p
	}
	m := newMatchVia(t, 5, rt.Link{Latency: 20 * time.Millisecond, Jitter: 5 * time.Millisecond, Loss: 0.05}, owners, func(peer int, tr rollback.Transport) rollback.Transport {
		if peer != 1 {
			return tr
		}
		l.Transport = tr
		return l
	}, opts...)
	return m, l
}

// finishes runs m to frame and fails unless every peer got there, none
// disconnected anyone, and all agree on every confirmed state.
func (m *match) finishes(frame int32, limit int) {
	m.t.Helper()
	m.runTo(frame, limit)
	for _, p := range m.peers {
		if ev := m.eventsOf(p.id, rollback.EventDisconnected); len(ev) > 0 {
			m.t.Errorf("peer %d: disconnect events %+v", p.id, ev)
		}
	}
	if n := m.checkAgree(); n < frame-60 {
		m.t.Errorf("peers agree on %d frames of %d: confirmation lags", n, frame)
	}
}

// TestHostileForgedDisconnect: peer 1 tells peer 0 once that honest peer 2
// left. Before, peer 0 dropped peer 2; with a frame below peer 0's settled
// frame the disconnect never became final (one place kept the clamped
// frame, another the claimed one) and peers 0 and 1 stalled forever.
func TestHostileForgedDisconnect(t *testing.T) {
	for _, tt := range []struct {
		name  string
		frame func(m *match) int32
	}{
		{"below settled frame", func(*match) int32 { return 10 }},
		{"plausible frame", func(m *match) int32 { return m.peer(0).sess.Frame() + 2 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, l := newLiarMatch(t, 3)
			m.runTo(300, 1000)
			sent := false
			l.forge = func(to int, f *rollback.Forgery) {
				if to == 0 && !sent {
					sent = true
					f.AddDisconnect(2, tt.frame(m))
				}
			}
			m.finishes(900, 1500)
		})
	}
}

// TestHostileSilentProgress: in a 3- and a 4-player match peer 1 never
// sends the third-party progress section. Before, every peer that hears it
// kept its confirmed frame at -1: no checkpoint, so no desync detection,
// and no final frame for a match record.
func TestHostileSilentProgress(t *testing.T) {
	for _, players := range []int{3, 4} {
		m, l := newLiarMatch(t, players)
		l.forge = func(_ int, f *rollback.Forgery) { f.DropKnown() }
		m.finishes(600, 1000)
		for _, p := range m.peers {
			if st := p.sess.Stats(); st.ConfirmedFrame < 540 {
				t.Errorf("%d players: peer %d confirmed frame %d at frame %d", players, p.id, st.ConfirmedFrame, st.Frame)
			}
		}
	}
}

// TestHostileFrameAdvantage: peer 1 reports a frame advantage of +127 in
// every quality report. Before, every peer then waited for it, so the
// match ran at about half speed.
func TestHostileFrameAdvantage(t *testing.T) {
	m, l := newLiarMatch(t, 3)
	l.forge = func(_ int, f *rollback.Forgery) { f.SetAdvantage(127) }
	m.runTo(120, 1000)
	from := m.peer(0).sess.Frame()
	const ticks = 1800
	for range ticks {
		m.tick()
	}
	for _, p := range m.peers {
		if speed := float64(p.sess.Frame()-from) / ticks; speed < 0.95 {
			t.Errorf("peer %d ran at %.0f%% speed", p.id, 100*speed)
		}
	}
	m.finishes(m.peer(0).sess.Frame(), 100)
}

// TestHostileDelayProposals: peer 1 proposes an input delay 256 frames
// ahead in every packet. Before, the latest proposal won everywhere, so
// honest peer 0's SetInputDelay never applied.
func TestHostileDelayProposals(t *testing.T) {
	m, l := newLiarMatch(t, 3)
	l.forge = func(_ int, f *rollback.Forgery) { f.SetDelay(f.Frame()+256, 9) }
	m.runTo(300, 1000)
	if err := m.peer(0).sess.SetInputDelay(5); err != nil {
		t.Fatal(err)
	}
	m.finishes(600, 1000)
	var at int32 = -1
	for _, p := range m.peers {
		ev := m.eventsOf(p.id, rollback.EventInputDelay)
		if len(ev) != 1 || ev[0].Delay != 5 || at >= 0 && ev[0].Frame != at {
			t.Fatalf("peer %d input-delay events %+v, want one to 5 on the frame the others changed", p.id, ev)
		}
		at = ev[0].Frame
		if got := p.sess.InputDelay(); got != 5 {
			t.Errorf("peer %d InputDelay() = %d, want 5", p.id, got)
		}
	}
}

// TestHostileFutureChecksum: now and then peer 1 reports a bogus checksum
// for a checkpoint it cannot have reached. Before, the report waited for
// that checkpoint and every peer raised a desync there.
func TestHostileFutureChecksum(t *testing.T) {
	m, l := newLiarMatch(t, 3)
	n := 0
	l.forge = func(_ int, f *rollback.Forgery) {
		if n++; n%10 == 0 {
			next := (f.Frame()/rollback.DefaultDesyncInterval + 2) * rollback.DefaultDesyncInterval
			f.SetChecksum(next, 0xbad)
		}
	}
	m.finishes(900, 1500) // fails on any desync event
}

// TestHostileWithheldAgreement: honest peer 3 leaves a 4-player match and
// peer 1 never reports it. Before, peers 0 and 2 waited for peer 1 to agree
// on the disconnect for ever; now they drop a peer that does not agree
// within two timeouts (measured themselves) and finish the match together.
func TestHostileWithheldAgreement(t *testing.T) {
	m, l := newLiarMatch(t, 4)
	m.runTo(300, 1000)
	l.forge = func(_ int, f *rollback.Forgery) { f.DropDisconnects() }
	for _, p := range []int{0, 1, 2} {
		m.net.SetDown(3, p, true)
	}
	m.peer(3).stopped = true
	from := m.peer(0).sess.Frame()
	for range 900 {
		m.tick()
	}
	m.peer(1).stopped = true
	at := map[int][2]int32{} // player: disconnect frame at peers 0 and 2
	for i, id := range []int{0, 2} {
		for _, e := range m.eventsOf(id, rollback.EventDisconnected) {
			f := at[e.Player]
			f[i] = e.Frame + 1 // 0: no event
			at[e.Player] = f
		}
		if got := m.peer(id).sess.Frame(); got < from+400 {
			t.Errorf("peer %d at frame %d 15 s after frame %d: the match froze", id, got, from)
		}
	}
	for _, p := range []int{1, 3} {
		if f := at[p]; len(at) != 2 || f[0] == 0 || f[0] != f[1] {
			t.Errorf("disconnect frames+1 per player at peers 0 and 2: %v, want players 1 and 3, each on one frame", at)
		}
	}
	m.checkAgree()
}
