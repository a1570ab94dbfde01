package netplay_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/rollback"
)

// enterRooms logs every config in; the first creates a fresh room, the
// others join it by id.
func enterRooms(t *testing.T, cfgs []netplay.Config) []*netplay.Room {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	rooms := make([]*netplay.Room, len(cfgs))
	for i, cfg := range cfgs {
		c, err := netplay.Login(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if i == 0 {
			rooms[i], err = c.CreateRoom(ctx, "")
		} else {
			rooms[i], err = c.JoinRoom(ctx, rooms[0].ID())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return rooms
}

// roomLoop runs the ready room's frame loop of every room.
type roomLoop struct {
	rooms   []*netplay.Room
	started []int // how many times each room's Update reported a start
	errs    []error
}

func newRoomLoop(rooms []*netplay.Room) *roomLoop {
	return &roomLoop{rooms: rooms, started: make([]int, len(rooms)), errs: make([]error, len(rooms))}
}

// until updates the rooms every 2 ms until cond holds; it fails after
// testWait.
func (l *roomLoop) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(testWait)
	for {
		for i, r := range l.rooms {
			if r == nil {
				continue
			}
			started, err := r.Update()
			if started {
				l.started[i]++
			}
			l.errs[i] = err
		}
		if cond() {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			for i, r := range l.rooms {
				if r != nil {
					t.Logf("room %d: %+v, err %v", i, r.Members(), l.errs[i])
				}
			}
			t.Fatalf("%s: not after %v", what, testWait)
		}
	}
}

// all reports whether f holds for every room still in l.
func (l *roomLoop) all(f func(i int, r *netplay.Room) bool) bool {
	for i, r := range l.rooms {
		if r != nil && !f(i, r) {
			return false
		}
	}
	return true
}

// sessionOf returns the local player's session id in room r.
func sessionOf(r *netplay.Room) string {
	for _, m := range r.Members() {
		if m.Self {
			return m.SessionID
		}
	}
	return ""
}

// statusOf returns the status room r shows for the member with session sid.
func statusOf(r *netplay.Room, sid string) (netplay.Member, bool) {
	for _, m := range r.Members() {
		if m.SessionID == sid {
			return m, true
		}
	}
	return netplay.Member{}, false
}

// playRoomGames starts a game on every room, in slot order, plays frames
// frames with bots and checks that the peers agree on the last frame they
// all confirmed.
func playRoomGames(t *testing.T, rooms []*netplay.Room, frames int32) {
	t.Helper()
	games := make([]*netplay.Game, len(rooms))
	bots := make([]*bot.Bot, len(rooms))
	for _, r := range rooms {
		g, err := r.NewGame(rollback.WithFrameDuration(fastTick))
		if err != nil {
			t.Fatal(err)
		}
		if games[g.Slot()] != nil {
			t.Fatalf("two players in slot %d", g.Slot())
		}
		games[g.Slot()], bots[g.Slot()] = g, bot.New(r.Seed(), g.Slot())
	}
	tickUntil(t, games, bots, fastTick, testWait, frames, func() bool {
		for _, g := range games {
			if g.Frame() < frames {
				return false
			}
		}
		return true
	})
	confirmed := int32(1 << 30)
	for _, g := range games {
		confirmed = min(confirmed, g.Stats().ConfirmedFrame)
	}
	want, ok := games[0].ChecksumAt(confirmed)
	for i, g := range games {
		if got, ok2 := g.ChecksumAt(confirmed); confirmed < frames/2 || !ok || !ok2 || got != want {
			t.Fatalf("slot %d: ChecksumAt(%d) = %#x, %v; slot 0 has %#x, %v", i, confirmed, got, ok2, want, ok)
		}
	}
	for i, g := range games {
		if names := g.Usernames(); !slices.Equal(names, games[0].Usernames()) || names[i] == "" {
			t.Errorf("slot %d: Usernames() = %q, slot 0 has %q", i, names, games[0].Usernames())
		}
	}
}

// TestRoomReadyStartsTogether: three players gather in a room and see each
// other connect directly; with two ready the game waits for the third;
// when all are ready it starts on every peer with the same slots and
// seed, and plays. Then one leaves (and disappears from the others'
// lists) and the two who press Rematch play again with a new seed.
func TestRoomReadyStartsTogether(t *testing.T) {
	e := newEnv(t)
	rooms := enterRooms(t, configs(t, e, 3, false))
	loop := newRoomLoop(rooms)
	loop.until(t, "everyone connected", func() bool {
		return loop.all(func(_ int, r *netplay.Room) bool {
			ms := r.Members()
			for _, m := range ms {
				if !m.Self && (m.Status != netplay.StatusConnected || m.Path != netplay.PathDirect) {
					return false
				}
			}
			return len(ms) == 3
		})
	})
	first := rooms[0].Members()
	for i, r := range rooms {
		ms := r.Members()
		for j, m := range ms {
			if m.Slot != j || m.SessionID != first[j].SessionID || m.Username != first[j].Username || m.Self != (m.SessionID == sessionOf(r)) {
				t.Errorf("room %d member %d = %+v, room 0 lists %+v", i, j, m, first[j])
			}
		}
	}

	rooms[0].SetReady(true)
	rooms[1].SetReady(true)
	ready := []string{sessionOf(rooms[0]), sessionOf(rooms[1])}
	loop.until(t, "two players seen ready", func() bool {
		return loop.all(func(_ int, r *netplay.Room) bool {
			for _, sid := range ready {
				if m, _ := statusOf(r, sid); m.Status != netplay.StatusReady {
					return false
				}
			}
			return true
		})
	})
	if slices.ContainsFunc(loop.started, func(n int) bool { return n > 0 }) {
		t.Fatalf("a game started with a player not ready: starts %v", loop.started)
	}
	rooms[2].SetReady(true)
	loop.until(t, "the game starts everywhere", func() bool {
		return loop.all(func(i int, _ *netplay.Room) bool { return loop.started[i] == 1 })
	})
	seed := rooms[0].Seed()
	for i, r := range rooms {
		if r.Seed() != seed || !slices.Equal(r.Players(), rooms[0].Players()) || r.Ready() {
			t.Errorf("room %d: seed %d, players %+v, ready %v; room 0 has seed %d, players %+v", i, r.Seed(), r.Players(), r.Ready(), seed, rooms[0].Players())
		}
	}
	playRoomGames(t, rooms, 120)

	gone := sessionOf(rooms[2])
	if err := rooms[2].Leave(); err != nil {
		t.Fatal(err)
	}
	loop.rooms[2] = nil
	rooms[0].Rematch()
	rooms[1].Rematch()
	loop.until(t, "the rematch starts", func() bool {
		return loop.all(func(i int, r *netplay.Room) bool {
			_, listed := statusOf(r, gone)
			return loop.started[i] == 2 && !listed
		})
	})
	if rooms[0].Seed() == seed || rooms[0].Seed() != rooms[1].Seed() || len(rooms[0].Players()) != 2 {
		t.Errorf("rematch: seeds %d and %d (first game %d), %d players; want a new common seed and 2 players",
			rooms[0].Seed(), rooms[1].Seed(), seed, len(rooms[0].Players()))
	}
	playRoomGames(t, rooms[:2], 60)
}

// TestRoomVersionMismatch: a player entering a room whose member runs
// another version is told who runs which, in the ready room's words.
func TestRoomVersionMismatch(t *testing.T) {
	e := newEnv(t)
	cfgs := configs(t, e, 2, false)
	cfgs[1].ClientVersion = "test.2"
	rooms := enterRooms(t, cfgs)
	loop := newRoomLoop(rooms)
	loop.until(t, "the newcomer's room fails", func() bool { return loop.errs[1] != nil })
	err := loop.errs[1]
	want := fmt.Sprintf("%s runs version test.1, you run test.2: update to play together", rooms[0].Members()[0].Username)
	if !errors.Is(err, netplay.ErrVersionMismatch) || err.Error() != want {
		t.Errorf("Update = %v, want ErrVersionMismatch saying %q", err, want)
	}
	if loop.errs[0] != nil {
		t.Errorf("the first player's room: Update = %v, want it to go on", loop.errs[0])
	}
	loop.until(t, "the other version left out", func() bool { return len(rooms[0].Members()) == 1 })
}

// TestRoomMatchmakerForfeit: two players matched by the matchmaker meet in
// a room, get ready and play; one quits with the goodbye and leaves the
// room: the other wins by forfeit and the leaderboard counts it.
func TestRoomMatchmakerForfeit(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	rooms := make([]*netplay.Room, 2)
	errs := make([]error, 2)
	done := make(chan int)
	for i, cfg := range configs(t, e, 2, false) {
		go func() {
			defer func() { done <- i }()
			c, err := netplay.Login(ctx, cfg)
			if err != nil {
				errs[i] = err
				return
			}
			t.Cleanup(func() { c.Close() })
			rooms[i], errs[i] = c.MatchmakeRoom(ctx, 2, 2)
		}()
	}
	<-done
	<-done
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if rooms[0].ID() != rooms[1].ID() {
		t.Fatalf("matched into rooms %s and %s", rooms[0].ID(), rooms[1].ID())
	}
	loop := newRoomLoop(rooms)
	for _, r := range rooms {
		r.SetReady(true)
	}
	loop.until(t, "the game starts", func() bool { return loop.started[0] == 1 && loop.started[1] == 1 })

	games := make([]*netplay.Game, 2)
	bots := make([]*bot.Bot, 2)
	for _, r := range rooms {
		g, err := r.NewGame(rollback.WithFrameDuration(fastTick))
		if err != nil {
			t.Fatal(err)
		}
		games[g.Slot()], bots[g.Slot()] = g, bot.New(r.Seed(), g.Slot())
	}
	tickUntil(t, games, bots, fastTick, testWait, 60, func() bool { return games[0].Frame() >= 60 && games[1].Frame() >= 60 })
	games[0].Leave(0)
	for _, r := range rooms {
		if r.Slot() == 0 {
			if err := r.Leave(); err != nil {
				t.Fatal(err)
			}
		}
	}
	tickUntil(t, games[1:], bots[1:], fastTick, testWait, 1<<30, func() bool { _, ok := games[1].Outcome(); return ok })
	if w, _ := games[1].Outcome(); w != 1 {
		t.Fatalf("the player left: Outcome() = %d, want its own slot 1", w)
	}
	r, err := games[1].Report(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if u, err := finish(t, 1, r); err != nil || !u.Won || !u.Recorded || u.Own.Wins != 1 {
		t.Errorf("winner by forfeit: Result() = %+v, %v; want a recorded first win", u, err)
	}
}

// TestRoomNewcomerJoinsTheRematch: a player who enters while the others
// play sees them playing, and plays the rematch with them.
func TestRoomNewcomerJoinsTheRematch(t *testing.T) {
	e := newEnv(t)
	cfgs := configs(t, e, 3, false)
	rooms := enterRooms(t, cfgs[:2])
	loop := newRoomLoop(rooms)
	for _, r := range rooms {
		r.SetReady(true)
	}
	loop.until(t, "the first game starts", func() bool { return loop.started[0] == 1 && loop.started[1] == 1 })

	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	c, err := netplay.Login(ctx, cfgs[2])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	late, err := c.JoinRoom(ctx, rooms[0].ID())
	if err != nil {
		t.Fatal(err)
	}
	loop = newRoomLoop(append(rooms, late))
	loop.until(t, "the newcomer sees the game on", func() bool {
		ms := late.Members()
		for _, m := range ms {
			if !m.Self && m.Status != netplay.StatusPlaying {
				return false
			}
		}
		return len(ms) == 3
	})
	late.SetReady(true)
	for _, r := range rooms {
		r.Rematch()
	}
	loop.until(t, "the rematch starts with three", func() bool {
		return loop.all(func(i int, _ *netplay.Room) bool { return loop.started[i] == 1 })
	})
	for i, r := range loop.rooms {
		if len(r.Players()) != 3 {
			t.Errorf("room %d: rematch with %+v, want 3 players", i, r.Players())
		}
	}
	playRoomGames(t, loop.rooms, 60)
}

// TestRoomRelayPath: with direct links off, the room shows each member
// reached through the server relay, and the game plays over it.
func TestRoomRelayPath(t *testing.T) {
	e := newEnv(t)
	rooms := enterRooms(t, configs(t, e, 2, true))
	loop := newRoomLoop(rooms)
	loop.until(t, "relayed links", func() bool {
		return loop.all(func(_ int, r *netplay.Room) bool {
			ms := r.Members()
			return len(ms) == 2 && slices.ContainsFunc(ms, func(m netplay.Member) bool {
				return !m.Self && m.Status == netplay.StatusConnected && m.Path == netplay.PathServerRelay
			})
		})
	})
}
