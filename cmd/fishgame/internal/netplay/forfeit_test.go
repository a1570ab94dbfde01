package netplay_test

import (
	"errors"
	"testing"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/rollback"
)

// TestForfeit plays a 3-player match in which players quit with the
// goodbye one after the other: after the first quits the other two play
// on (frames keep being confirmed, no outcome yet); after the second quits
// the last one left wins at once, and the leaderboard counts that win. The
// two who quit record nothing.
func TestForfeit(t *testing.T) {
	e := newEnv(t)
	players := []player{{"forfeit-anna", "anna", 0}, {"forfeit-bert", "bert", 0}, {"forfeit-cora", "cora", 1}}
	seed(t, e.url, players)
	cfgs := configs(t, e, len(players), false)
	for i, p := range players {
		cfgs[i].DeviceID = p.device
	}
	matches := connected(t, cfgs, createJoin(len(players)))
	games, bots := botGames(t, matches, rollback.WithFrameDuration(fastTick), rollback.WithTimeouts(time.Second, endWait))
	before := board(t, e.url)
	for slot, g := range games {
		if got, want := g.Usernames()[slot], matches[slot].Members()[slot].Username; got != want {
			t.Errorf("slot %d: Usernames()[%d] = %q, want %q", slot, slot, got, want)
		}
	}

	left := make([]bool, len(games))
	tick := time.NewTicker(fastTick)
	defer tick.Stop()
	deadline := time.After(testWait)
	start := time.Now()
	// run ticks the players still in until done holds.
	run := func(what string, done func() bool) {
		t.Helper()
		for !done() {
			select {
			case <-tick.C:
			case <-deadline:
				t.Fatalf("%s: stuck at frame %d", what, games[2].Frame())
			}
			now := time.Since(start)
			for i, g := range games {
				if left[i] {
					continue
				}
				if err := g.Tick(now, bots[i].Input(g.State())); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	quit := func(slot int) {
		games[slot].Leave(time.Since(start))
		left[slot] = true
	}

	run("before the first forfeit", func() bool { return games[2].Frame() >= 60 })
	quit(0)
	run("after the first forfeit", func() bool {
		return games[1].Stats().ConfirmedFrame >= 240 && games[2].Stats().ConfirmedFrame >= 240
	})
	for _, slot := range []int{1, 2} {
		if w, ok := games[slot].Outcome(); ok {
			t.Fatalf("slot %d: Outcome() = %d, true with two players left, want the match to go on", slot, w)
		}
		if !games[slot].Forfeited(0) {
			t.Errorf("slot %d: Forfeited(0) = false after slot 0 quit", slot)
		}
	}
	quit(1)
	run("after the second forfeit", func() bool { _, ok := games[2].Outcome(); return ok })
	if w, _ := games[2].Outcome(); w != 2 {
		t.Fatalf("last player left: Outcome() = %d, want its own slot 2", w)
	}
	for _, slot := range []int{0, 1} {
		if _, err := games[slot].Report(t.Context()); !errors.Is(err, netplay.ErrForfeited) {
			t.Errorf("slot %d quit: Report = %v, want ErrForfeited", slot, err)
		}
	}
	r, err := games[2].Report(t.Context())
	if err != nil {
		t.Fatalf("winner by forfeit: Report = %v", err)
	}
	u, err := finish(t, 2, r)
	if err != nil || !u.Won || !u.Recorded || !u.Complete || len(u.Finished) != 1 {
		t.Fatalf("winner by forfeit: Result() = %+v, %v; want a complete, recorded win with one finisher", u, err)
	}
	after := board(t, e.url)
	for slot, m := range matches {
		id := m.Members()[slot].UserID
		b, a := before[id], after[id]
		want := b
		if slot == 2 {
			want.Wins++
			want.Matches++
		}
		if a.Wins != want.Wins || a.Matches != want.Matches {
			t.Errorf("slot %d: %d wins in %d results after the match, want %d in %d", slot, a.Wins, a.Matches, want.Wins, want.Matches)
		}
	}
}
