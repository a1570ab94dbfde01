package netplay

import (
	"fmt"
	"math"
	"time"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// Game runs a connected match's rollback session of the real game. Time is
// the caller's: Tick takes the match time, so a front end passes its 60 Hz
// clock and tests may run faster. It is not safe for concurrent use.
type Game struct {
	m     *Match
	sess  *rollback.P2PSession[game.State]
	state game.State
	local [1]byte
	wait  int

	events []rollback.Event
	sums   Checksums
	// endFrame is the frame the current state's match ended on (the first
	// state in PhaseMatchOver), -1 while the match goes on.
	endFrame int32
	// dropFrame is the first frame played with a dropped player's input
	// (math.MaxInt32 while nobody dropped). Disconnect frames only move
	// earlier, so it never needs forgetting.
	dropFrame int32
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
	return newGame(m, t, opts...)
}

// newGame starts the rollback session of match m over t.
func newGame(m *Match, t rollback.Transport, opts ...rollback.Option) (*Game, error) {
	owners := make([]int, m.players)
	for i := range owners {
		owners[i] = i
	}
	slot := m.Slot()
	sess, err := rollback.NewP2P[game.State](t, owners, slot, opts...)
	if err != nil {
		return nil, fmt.Errorf("rollback session: %w", err)
	}
	st, err := game.New(game.Config{Players: m.players, Seed: m.Seed()})
	if err != nil {
		return nil, fmt.Errorf("new game: %w", err)
	}
	return &Game{m: m, sess: sess, state: st, endFrame: -1, dropFrame: math.MaxInt32}, nil
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
				g.dropFrame = min(g.dropFrame, r.Frame)
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
func (g *Game) Outcome() (winner int, ok bool) {
	if g.endFrame < 0 || g.sess.Stats().ConfirmedFrame < g.endFrame {
		return -1, false
	}
	winner, _ = g.state.Winner()
	return winner, true
}

// droppedBeforeEnd reports whether a player dropped out of the match
// before its end: its fish stood still from then on.
func (g *Game) droppedBeforeEnd() bool { return g.endFrame >= 0 && g.dropFrame < g.endFrame }

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
func (g *Game) Slot() int { return g.m.Slot() }

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

// Leave tells the other peers this player leaves the game at now.
func (g *Game) Leave(now time.Duration) { g.sess.Leave(now) }
