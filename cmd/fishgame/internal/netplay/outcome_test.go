package netplay

import (
	"errors"
	"testing"
	"time"

	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/rollback/rollbacktest"
)

// virtualMatch is a match's games over an in-memory network under a
// virtual clock: a whole match plays in well under a second.
type virtualMatch struct {
	net   *rollbacktest.Network
	games []*Game
	bots  []*bot.Bot
	now   time.Duration
}

func newVirtualMatch(t *testing.T, id string, players int, link rollbacktest.Link) *virtualMatch {
	t.Helper()
	v := &virtualMatch{net: rollbacktest.NewNetwork(SeedFromMatchID(id), link)}
	for slot := range players {
		l := lineup{id: id, slot: slot, seed: SeedFromMatchID(id), players: make([]Player, players)}
		g, err := newGame(l, v.net.Endpoint(slot))
		if err != nil {
			t.Fatal(err)
		}
		v.games = append(v.games, g)
		v.bots = append(v.bots, bot.New(l.seed, slot))
	}
	return v
}

// tick moves the clock one frame on and ticks every game with its bot.
func (v *virtualMatch) tick(t *testing.T) {
	t.Helper()
	v.now += rollback.DefaultFrameDuration
	v.net.Advance(v.now)
	for i, g := range v.games {
		if err := g.Tick(v.now, v.bots[i].Input(g.State())); err != nil {
			t.Fatal(err)
		}
	}
}

// playToEnd ticks until every game's Outcome is final, or fails after
// frames ticks; it returns the tick each game first showed the end on and
// the tick its Outcome became final.
func (v *virtualMatch) playToEnd(t *testing.T, frames int) (shown, final []int) {
	t.Helper()
	shown, final = make([]int, len(v.games)), make([]int, len(v.games))
	for tick := 1; tick <= frames; tick++ {
		v.tick(t)
		done := true
		for i, g := range v.games {
			if _, over := g.State().Winner(); over && shown[i] == 0 {
				shown[i] = tick
			}
			_, ok := g.Outcome()
			if ok && final[i] == 0 {
				final[i] = tick
			}
			if !ok {
				done = false
				if _, err := g.Report(t.Context()); !errors.Is(err, ErrMatchNotOver) {
					t.Fatalf("player %d, tick %d: Report before the end is final = %v, want ErrMatchNotOver", i, tick, err)
				}
			}
		}
		if done {
			return shown, final
		}
	}
	t.Fatalf("no final outcome for every player after %d frames (frames %d)", frames, v.games[0].Frame())
	return nil, nil
}

// TestOutcomeWaitsForConfirmation plays a 2-player match over links of
// 50 ms each way, where a peer's state shows the end (predicted) before
// the other's inputs up to it are in: Outcome becomes final only a few
// frames later, both peers agree on the winner, and it stays final.
func TestOutcomeWaitsForConfirmation(t *testing.T) {
	v := newVirtualMatch(t, "outcome-confirmation", 2, rollbacktest.Link{Latency: 50 * time.Millisecond})
	shown, final := v.playToEnd(t, 60*60*10)
	for i := range v.games {
		if final[i] <= shown[i] {
			t.Errorf("player %d: end shown at tick %d, final at %d; want final later, once confirmed", i, shown[i], final[i])
		}
	}
	w0, _ := v.games[0].Outcome()
	for range 120 {
		v.tick(t)
		for i, g := range v.games {
			if w, ok := g.Outcome(); !ok || w != w0 {
				t.Fatalf("player %d: Outcome() = %d, %v later on; want %d, true", i, w, ok, w0)
			}
		}
	}
	if v.games[0].droppedBeforeEnd() || v.games[1].droppedBeforeEnd() {
		t.Error("droppedBeforeEnd() with both players connected to the end")
	}
	t.Logf("end shown at ticks %v, final at %v, winner slot %d", shown, final, w0)
}

// TestReportRefusesAfterDrop splits a 2-player match's network mid-match:
// each side drops the other, plays on against a fish that stands still and
// wins its own match. Neither may record the win: Report returns
// ErrPlayerDropped on both sides.
func TestReportRefusesAfterDrop(t *testing.T) {
	v := newVirtualMatch(t, "outcome-split", 2, rollbacktest.Link{Latency: 10 * time.Millisecond})
	for range 600 {
		v.tick(t)
	}
	v.net.SetDown(0, 1, true)
	v.playToEnd(t, 60*60*30)
	for i, g := range v.games {
		w, _ := g.Outcome()
		t.Logf("player %d: slot %d won at frame %d, after a drop at frame %d", i, w, g.endFrame, g.dropFrame)
		if _, err := g.Report(t.Context()); !errors.Is(err, ErrPlayerDropped) {
			t.Errorf("player %d (winner %d): Report = %v, want ErrPlayerDropped", i, w, err)
		}
	}
}
