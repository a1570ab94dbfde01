package p2p_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
	"github.com/fishgame/fishgame/rollback"
)

// Mesh is the rollback engine's transport.
var _ rollback.Transport = (*p2p.Mesh)(nil)

// player is one peer of a real game played over a mesh: a rollback
// session driving game.State, with a bot at the controls.
type player struct {
	slot   int
	sess   *rollback.P2PSession[game.State]
	state  game.State
	bot    *bot.Bot
	wait   int
	sums   map[int32]uint64 // the checksum saved last for each frame
	events []rollback.Event
	gone   bool
}

func newPlayers(t *testing.T, m *match, seed uint64) []*player {
	t.Helper()
	n := len(m.meshes)
	owners := make([]int, n)
	for i := range owners {
		owners[i] = i
	}
	players := make([]*player, n)
	for slot, mesh := range m.meshes {
		sess, err := rollback.NewP2P[game.State](mesh, owners, slot)
		if err != nil {
			t.Fatalf("rollback.NewP2P(slot %d) = %v", slot, err)
		}
		st, err := game.New(game.Config{Players: n, Seed: seed})
		if err != nil {
			t.Fatalf("game.New() = %v", err)
		}
		players[slot] = &player{slot: slot, sess: sess, state: st, bot: bot.New(seed, slot), sums: map[int32]uint64{}}
	}
	return players
}

// tick runs one 60 Hz frame of p at now.
func (p *player) tick(t *testing.T, now time.Duration) {
	if p.gone {
		return
	}
	if p.wait > 0 {
		p.wait--
		p.sess.Poll(now)
	} else {
		reqs, err := p.sess.AdvanceFrame(now, []byte{byte(p.bot.Input(&p.state))})
		if err != nil {
			t.Fatalf("slot %d: AdvanceFrame = %v", p.slot, err)
		}
		for _, r := range reqs {
			switch r.Kind {
			case rollback.RequestSave:
				sum := p.state.Checksum()
				r.Cell.Save(p.state, sum)
				p.sums[r.Frame] = sum
			case rollback.RequestLoad:
				p.state = r.Cell.State()
			case rollback.RequestAdvance:
				var in [game.MaxPlayers]game.Input
				for i := range in {
					in[i] = game.Input(r.Inputs[i])
				}
				p.state.Step(in)
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
		if e.Kind == rollback.EventDesync {
			t.Errorf("slot %d: desync at frame %d (local %x, remote %x)", p.slot, e.Frame, e.Local, e.Remote)
		}
		p.events = append(p.events, e)
	}
}

// play runs frames ticks of every player at 60 Hz of fake time, calling
// at(frame) first on each tick when set.
func play(t *testing.T, players []*player, frames int, at func(frame int)) {
	t.Helper()
	start := time.Now()
	for f := range frames {
		if at != nil {
			at(f)
		}
		now := time.Since(start)
		for _, p := range players {
			p.tick(t, now)
		}
		time.Sleep(time.Second / 60)
	}
}

// agree checks that the live players simulated at least minFrames
// confirmed frames and saved the same checksum for every one of them.
func agree(t *testing.T, players []*player, minFrames int32) {
	t.Helper()
	confirmed := int32(1 << 30)
	for _, p := range players {
		if !p.gone {
			confirmed = min(confirmed, p.sess.Stats().ConfirmedFrame)
		}
	}
	if confirmed < minFrames {
		t.Fatalf("confirmed frame %d, want ≥ %d", confirmed, minFrames)
	}
	var ref *player
	for _, p := range players {
		if p.gone {
			continue
		}
		if ref == nil {
			ref = p
			continue
		}
		for f := int32(0); f <= confirmed; f++ {
			a, okA := ref.sums[f]
			b, okB := p.sums[f]
			if okA && okB && a != b {
				t.Fatalf("frame %d: slot %d checksum %x, slot %d checksum %x", f, ref.slot, a, p.slot, b)
			}
		}
	}
}

func TestGameOverLossyDelayedMesh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 4, Delay: 40 * time.Millisecond, Seed: 11}, nil)
		m.waitReady(t)
		m.wantPaths(t, p2p.LinkDirect, "host")
		m.net.SetLoss(10)
		players := newPlayers(t, m, 42)
		play(t, players, 3600, nil)
		agree(t, players, 3500)
		for _, p := range players {
			for _, e := range p.events {
				if e.Kind == rollback.EventDisconnected {
					t.Errorf("slot %d: %v of peer %d over a merely lossy network", p.slot, e.Kind, e.Peer)
				}
			}
		}
	})
}

func TestGameOverRelayFallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 2, NAT: []p2ptest.NAT{p2ptest.Symmetric, p2ptest.Symmetric}, STUN: true}, nil)
		m.waitReady(t)
		m.wantPaths(t, p2p.LinkRelay, p2p.PathRelay)
		players := newPlayers(t, m, 5)
		play(t, players, 1200, nil)
		agree(t, players, 1150)
	})
}

func TestGameSurvivesSignalingServer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 3}, nil)
		m.waitReady(t)
		m.hub.Stop()
		players := newPlayers(t, m, 9)
		play(t, players, 2400, nil)
		agree(t, players, 2350)
	})
}

func TestGamePeerVanishes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 3}, nil)
		m.waitReady(t)
		players := newPlayers(t, m, 13)
		play(t, players, 1200, func(frame int) {
			if frame == 300 {
				m.net.Isolate(2)
				m.hub.Vanish(2)
				players[2].gone = true
			}
		})
		agree(t, players, 1000) // about 2 s stall while peer 2 times out
		for _, p := range players[:2] {
			var kinds []rollback.EventKind
			for _, e := range p.events {
				if e.Peer == 2 && (e.Kind == rollback.EventInterrupted || e.Kind == rollback.EventDisconnected) {
					kinds = append(kinds, e.Kind)
				}
			}
			if len(kinds) != 2 || kinds[0] != rollback.EventInterrupted || kinds[1] != rollback.EventDisconnected {
				t.Errorf("slot %d: events about peer 2 = %v, want [interrupted disconnected]", p.slot, kinds)
			}
		}
	})
}

// TestGameBandwidth measures what a 4-player game costs each peer on the
// wire at 60 Hz (DTLS, SCTP, SACKs and ICE keepalives included) and keeps
// it under budget.
func TestGameBandwidth(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 4}, nil)
		m.waitReady(t)
		players := newPlayers(t, m, 21)
		play(t, players, 60, nil) // warm up
		before := make([][]p2p.LinkStats, len(m.meshes))
		for i, mesh := range m.meshes {
			before[i] = mesh.Stats()
		}
		const seconds = 20
		play(t, players, 60*seconds, nil)
		agree(t, players, 60*seconds)
		for i, mesh := range m.meshes {
			var wireOut, wireIn, payloadOut uint64
			for j, st := range mesh.Stats() {
				wireOut += st.WireBytesOut - before[i][j].WireBytesOut
				wireIn += st.WireBytesIn - before[i][j].WireBytesIn
				payloadOut += st.BytesOut - before[i][j].BytesOut
			}
			t.Logf("slot %d: %d B/s out, %d B/s in on the wire (game payload %d B/s out) to 3 peers",
				i, wireOut/seconds, wireIn/seconds, payloadOut/seconds)
			if perPeer := wireOut / seconds / 3; perPeer > 12000 {
				t.Errorf("slot %d sends %d B/s per peer on the wire, want ≤ 12000", i, perPeer)
			}
		}
	})
}
