package netplay

import (
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// Game runs a connected match's rollback session of the real game. Time is
// the caller's: Tick takes the match time, so a front end passes its 60 Hz
// clock and tests may run faster. It is not safe for concurrent use.
type Game struct {
	l     lineup
	sess  *rollback.P2PSession[game.State]
	state game.State
	local [1]byte
	wait  int

	events []rollback.Event
	sums   Checksums
	// endFrame is the frame the current state's match ended on (the first
	// state in PhaseMatchOver), -1 while the match goes on.
	endFrame int32
	// dropFrame is, per slot, the first frame played with that player's
	// input dropped (math.MaxInt32 while it plays). Disconnect frames only
	// move earlier, so it never needs forgetting.
	dropFrame [game.MaxPlayers]int32
	// forfeited marks the players who quit with a goodbye (the local one
	// by Leave).
	forfeited [game.MaxPlayers]bool
	// final and winner hold the outcome once it is final: it never changes
	// after that.
	final  bool
	winner int
}

// NewGame starts the rollback session of the real game for a connected
// match: every peer has one local player in its slot, the game seed comes
// from the match id. opts tune the session (input delay, frame duration,
// timeouts).
func (m *Match) NewGame(opts ...rollback.Option) (*Game, error) {
	t, err := m.Transport()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	mesh := m.mesh
	m.mu.Unlock()
	return newGame(lineup{
		id: m.id, slot: m.Slot(), seed: m.Seed(), players: m.Members(),
		client: m.c, control: mesh, results: &m.results,
	}, t, opts...)
}

// newGame starts the rollback session of l over t.
func newGame(l lineup, t rollback.Transport, opts ...rollback.Option) (*Game, error) {
	n := len(l.players)
	owners := make([]int, n)
	for i := range owners {
		owners[i] = i
	}
	sess, err := rollback.NewP2P[game.State](t, owners, l.slot, opts...)
	if err != nil {
		return nil, fmt.Errorf("rollback session: %w", err)
	}
	st, err := game.New(game.Config{Players: n, Seed: l.seed})
	if err != nil {
		return nil, fmt.Errorf("new game: %w", err)
	}
	g := &Game{l: l, sess: sess, state: st, endFrame: -1}
	for i := range g.dropFrame {
		g.dropFrame[i] = math.MaxInt32
	}
	if l.client != nil && l.results != nil {
		l.results.snapshot(l.client, l.players)
	}
	return g, nil
}

// Tick runs one tick at match time now with the local player's input:
// it advances a frame (rolling back first when a remote input corrected a
// prediction), or only polls the network while time sync asks this peer to
// wait for the others.
func (g *Game) Tick(now time.Duration, in game.Input) error {
	if g.wait > 0 {
		g.wait--
		g.sess.Poll(now)
	} else {
		g.local[0] = byte(in)
		reqs, err := g.sess.AdvanceFrame(now, g.local[:])
		if err != nil {
			return fmt.Errorf("advance frame %d: %w", g.sess.Frame(), err)
		}
		for _, r := range reqs {
			Execute(&g.state, &g.sums, r)
			g.noteEnd(r)
		}
	}
	g.readControl()
	for {
		e, ok := g.sess.PollEvent()
		if !ok {
			break
		}
		if e.Kind == rollback.EventTimeSync {
			g.wait = e.Wait
		}
		g.events = append(g.events, e)
	}
	return nil
}

// noteEnd tracks the frame the match ended on, and the first frame a
// dropped player's input was used on, through the requests of a tick. A
// rollback that loads a state before the end forgets the end; one that
// loads a state after it keeps it, since both timelines share every frame
// up to the loaded one.
func (g *Game) noteEnd(r rollback.Request[game.State]) {
	if r.Kind == rollback.RequestAdvance {
		for p := range g.state.Players() {
			if r.Status[p] == rollback.InputDisconnected {
				g.dropFrame[p] = min(g.dropFrame[p], r.Frame)
			}
		}
	}
	switch {
	case g.state.Phase() != game.PhaseMatchOver:
		g.endFrame = -1
	case g.endFrame < 0:
		g.endFrame = g.state.Frame()
	}
}

// Outcome returns the slot of the match winner once the match's end is
// final: the inputs of every frame up to the one it ended on are confirmed
// by every live peer, so no rollback can undo or change it. ok is false
// while the match goes on or its end is only predicted. Every peer that
// stays connected reaches the same outcome, a few frames after its state
// first shows the end. (Peers cut off from each other each finish their
// own match; Report records neither.)
//
// A player who quits with a goodbye (Leave) forfeits: the others play on,
// and the last one left wins the match there and then. A player who quit
// has no outcome.
func (g *Game) Outcome() (winner int, ok bool) {
	switch {
	case g.final:
		return g.winner, true
	case g.forfeited[g.l.slot]:
		return -1, false
	case g.endFrame >= 0 && g.sess.Stats().ConfirmedFrame >= g.endFrame:
		g.winner, _ = g.state.Winner()
	case g.lastLeft():
		g.winner = g.l.slot
	default:
		return -1, false
	}
	g.final = true
	return g.winner, true
}

// lastLeft reports whether every other player forfeited.
func (g *Game) lastLeft() bool {
	for p := range len(g.l.players) {
		if p != g.l.slot && !g.forfeited[p] {
			return false
		}
	}
	return true
}

// droppedBeforeEnd reports whether a player dropped out of the match
// before its end without a goodbye: its fish stood still from then on.
// Players who forfeited do not count.
func (g *Game) droppedBeforeEnd() bool {
	end := g.endFrame
	if end < 0 {
		end = math.MaxInt32 // won by forfeit: any drop so far came first
	}
	for p := range len(g.l.players) {
		if g.dropFrame[p] < end && !g.forfeited[p] {
			return true
		}
	}
	return false
}

// finished returns the players who finished the match: everyone but
// those who quit or dropped out before the end.
func (g *Game) finished() []Player {
	var out []Player
	for p, pl := range g.l.players {
		if !g.forfeited[p] && (g.endFrame >= 0 && g.dropFrame[p] >= g.endFrame || g.dropFrame[p] == math.MaxInt32) {
			out = append(out, pl)
		}
	}
	return out
}

// readControl applies the control messages the other players sent.
func (g *Game) readControl() {
	if g.l.control == nil {
		return
	}
	for {
		from, msg, ok := g.l.control.ReceiveControl()
		if !ok {
			return
		}
		c, err := parseControl(msg)
		switch {
		case err != nil:
			g.log().Debug("control message refused", "from", from, "err", err)
		case c.kind == ctlForfeit && from >= 0 && from < len(g.l.players) && from != g.l.slot:
			if !g.forfeited[from] {
				g.log().Info("player forfeits", "slot", from, "username", g.l.players[from].Username, "frame", g.Frame())
			}
			g.forfeited[from] = true
		}
	}
}

// Poll only exchanges packets, for a peer that finished but keeps
// answering the others.
func (g *Game) Poll(now time.Duration) { g.sess.Poll(now) }

// Receive handles the game packets that arrived since the last call, at
// match time now (on the same clock as Tick), without advancing or sending
// inputs. A front end that calls it between ticks, as often as it cheaply
// can (every millisecond or so), measures RTT and remote input arrival to
// that resolution instead of whole ticks, and answers the peers' quality
// reports promptly; bandwidth stays the same. Corrections it finds are
// applied by the next Tick.
func (g *Game) Receive(now time.Duration) { g.sess.Receive(now) }

// Frame returns the next frame the session will simulate.
func (g *Game) Frame() int32 { return g.sess.Frame() }

// State returns the current (possibly predicted) game state, for drawing
// and for bots; the caller must not keep it across Tick.
func (g *Game) State() *game.State { return &g.state }

// Slot returns the local player's slot.
func (g *Game) Slot() int { return g.l.slot }

// Players returns the match's players by slot.
func (g *Game) Players() []Player { return append([]Player(nil), g.l.players...) }

// Usernames returns the players' usernames by slot, for the HUD and the
// tags over the fish.
func (g *Game) Usernames() []string {
	out := make([]string, len(g.l.players))
	for i, p := range g.l.players {
		out[i] = p.Username
	}
	return out
}

// Forfeited reports whether the player in slot quit the match with a
// goodbye.
func (g *Game) Forfeited(slot int) bool {
	return slot >= 0 && slot < len(g.l.players) && g.forfeited[slot]
}

// ChecksumAt returns the checksum of the state saved for frame, if it is
// among the last frames kept. Compare confirmed frames (Stats().ConfirmedFrame)
// across peers.
func (g *Game) ChecksumAt(frame int32) (uint64, bool) { return g.sums.At(frame) }

// Stats returns the session's figures.
func (g *Game) Stats() rollback.Stats { return g.sess.Stats() }

// PeerStats returns the session's figures for the peer in slot.
func (g *Game) PeerStats(slot int) (rollback.PeerStats, bool) { return g.sess.PeerStats(slot) }

// Events returns the session events since the last call (peer interrupted,
// resumed, disconnected, desync, time sync, input delay).
func (g *Game) Events() []rollback.Event {
	e := g.events
	g.events = nil
	return e
}

// Leave quits the game at now: the other players hear a goodbye, which
// makes it a forfeit (they play on, the last one left wins), and drop this
// player at once instead of waiting for the timeout. A game left this way
// has no outcome and reports nothing.
func (g *Game) Leave(now time.Duration) {
	if !g.forfeited[g.l.slot] && !g.final && g.l.control != nil {
		if msg, err := appendControl(nil, control{kind: ctlForfeit}); err == nil {
			for p := range len(g.l.players) {
				if p != g.l.slot {
					if err := g.l.control.SendControl(p, msg); err != nil {
						g.log().Debug("forfeit not sent", "slot", p, "err", err)
					}
				}
			}
		}
	}
	g.forfeited[g.l.slot] = !g.final
	g.sess.Leave(now)
}

func (g *Game) log() *slog.Logger {
	if g.l.client == nil {
		return slog.Default()
	}
	return g.l.client.log.With("match", g.l.id)
}
