package netplay_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/signaling"
	"github.com/fishgame/fishgame/signaling/server"
)

// endTick is the frame duration of matches played to their end: a bot
// match takes 2,000 to 4,000 frames, so a millisecond a frame keeps it to
// seconds. Only direct links keep up with it.
const endTick = time.Millisecond

// endWait bounds a match played to its end.
const endWait = 2 * time.Minute

// playToEnd plays every match's game with bots until every peer's Outcome
// is final, and checks that they agree on the winner, whom it returns.
// Report fails on every game until then.
func playToEnd(t *testing.T, matches []*netplay.Match) ([]*netplay.Game, int) {
	t.Helper()
	// One goroutine ticks every peer: when it stalls (a loaded machine,
	// the race detector), every peer falls silent at once, and the first
	// to tick again would drop the others. No peer drops out of these
	// matches.
	games, bots := botGames(t, matches, rollback.WithFrameDuration(endTick), rollback.WithTimeouts(time.Second, endWait))
	tickUntil(t, games, bots, endTick, endWait, 1<<30, func() bool {
		final := 0
		for i, g := range games {
			if _, ok := g.Outcome(); ok {
				final++
				continue
			}
			if _, err := g.Report(t.Context()); !errors.Is(err, netplay.ErrMatchNotOver) {
				t.Fatalf("player %d: Report before the end is final = %v, want ErrMatchNotOver", i, err)
			}
		}
		return final == len(games)
	})
	winner, _ := games[0].Outcome()
	for i, g := range games {
		if w, _ := g.Outcome(); w != winner {
			t.Fatalf("player %d: Outcome() = %d, player 0 has %d", i, w, winner)
		}
		if w, over := g.State().Winner(); !over || w != winner {
			t.Fatalf("player %d: State().Winner() = %d, %v with a final outcome of %d", i, w, over, winner)
		}
	}
	t.Logf("slot %d won the match in %d frames", winner, games[0].Frame())
	return games, winner
}

// player is an account the test gives wins before its match.
type player struct {
	device, name string
	wins         int64
}

// restClient returns a client of the server at url and a context bounded by
// testWait for its calls.
func restClient(t *testing.T, url string) (context.Context, *signaling.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	t.Cleanup(cancel)
	nc, err := signaling.NewClient(url, server.DefaultServerKey, signaling.WithLogger(quiet()))
	if err != nil {
		t.Fatal(err)
	}
	return ctx, nc
}

// seed logs in each player's device, gives it its wins and returns the
// user ids.
func seed(t *testing.T, url string, players []player) []string {
	t.Helper()
	ctx, nc := restClient(t, url)
	ids := make([]string, len(players))
	for i, p := range players {
		s, err := nc.AuthenticateDevice(ctx, p.device, true, p.name)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = s.UserID()
		for range p.wins {
			if _, err := s.WriteLeaderboardRecord(ctx, netplay.WinsLeaderboard, 1); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ids
}

// board lists the whole leaderboard from the server as an observer who
// plays no match, by user id.
func board(t *testing.T, url string) map[string]netplay.Standing {
	t.Helper()
	ctx, nc := restClient(t, url)
	s, err := nc.AuthenticateDevice(ctx, "leaderboard-observer", true, "")
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.ListLeaderboardRecords(ctx, netplay.WinsLeaderboard, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]netplay.Standing{}
	for _, r := range list.GetRecords() {
		out[r.GetOwnerId()] = netplay.Standing{Rank: r.GetRank(), UserID: r.GetOwnerId(), Username: r.GetUsername().GetValue(),
			Wins: r.GetScore(), Matches: int64(r.GetNumScore())}
	}
	return out
}

// finish waits for a report to finish; it fails the test if it hangs.
func finish(t *testing.T, slot int, r *netplay.Report) (netplay.LeaderboardUpdate, error) {
	t.Helper()
	select {
	case <-r.Done():
	case <-time.After(testWait):
		t.Fatalf("slot %d: leaderboard update still pending after %v", slot, testWait)
	}
	return r.Result()
}

// TestReportCountsTheWinOnce plays a 3-player match to its end; every peer
// reports its result (twice, as a front end might); listed from the server,
// the winner's record went up by exactly one and the losers' wins did not
// move, while each player's record counts one more match.
func TestReportCountsTheWinOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	players := []player{{"leaderboard-anna", "anna", 2}, {"leaderboard-bert", "bert", 3}, {"leaderboard-cora", "cora", 0}}
	ids := seed(t, e.url, players)
	// Champions who do not play hold the top 5, so every player ranks
	// below the listed top and learns its rank from its owner record.
	champions := []player{{"leaderboard-zed", "zed", 9}, {"leaderboard-yan", "yan", 8}, {"leaderboard-xia", "xia", 7},
		{"leaderboard-wim", "wim", 6}, {"leaderboard-val", "val", 5}}
	champIDs := seed(t, e.url, champions)
	before := board(t, e.url)

	cfgs := configs(t, e, len(players), false)
	for i, p := range players {
		cfgs[i].DeviceID = p.device
	}
	matches := connected(t, cfgs, createJoin(len(players)))
	games, winner := playToEnd(t, matches)
	winnerID := matches[winner].Members()[winner].UserID

	// Every peer reports at once, as in a real match (each twice, as a
	// front end might).
	updates := make([]netplay.LeaderboardUpdate, len(games))
	reports := make([]*netplay.Report, len(games))
	for slot, g := range games {
		r, err := g.Report(t.Context())
		if err != nil {
			t.Fatalf("slot %d: Report = %v", slot, err)
		}
		again, err := g.Report(t.Context())
		if err != nil || again != r {
			t.Errorf("slot %d: second Report = %p, %v; want the first one %p", slot, again, err, r)
		}
		reports[slot] = r
	}
	for slot, r := range reports {
		u, err := finish(t, slot, r)
		if err != nil {
			t.Fatalf("slot %d: Result() = %+v, %v", slot, u, err)
		}
		updates[slot] = u
	}

	// Listed from the server: the winner has one more win, everyone who
	// played one more result, the champions who did not play are untouched.
	after := board(t, e.url)
	for _, id := range append(ids, champIDs...) {
		b, a := before[id], after[id]
		want := b
		if !slices.Contains(champIDs, id) {
			want.Matches++
		}
		if id == winnerID {
			want.Wins++
		}
		if a.Wins != want.Wins || a.Matches != want.Matches {
			t.Errorf("%s (winner %v): %d wins in %d results after the match, want %d in %d (before: %d in %d)",
				a.Username, id == winnerID, a.Wins, a.Matches, want.Wins, want.Matches, b.Wins, b.Matches)
		}
	}
	if b, ok := before[ids[2]]; ok {
		t.Errorf("cora had a record before her first match: %+v", b)
	}

	for slot, u := range updates {
		me := matches[slot].Members()[slot]
		want := after[me.UserID]
		if u.Won != (slot == winner) || !u.Recorded || u.Own.UserID != me.UserID || u.Own.Wins != want.Wins || u.Own.Matches != want.Matches {
			t.Errorf("slot %d: update %+v, want Won %v and own record %+v", slot, u, slot == winner, want)
		}
		if len(u.Top) == 0 || u.Top[0].Username != "zed" {
			t.Errorf("slot %d: top %+v, want zed's record first", slot, u.Top)
		}
		if u.Own.Rank <= netplay.LeaderboardTop {
			t.Errorf("slot %d: own rank %d, want one below the champions' top %d", slot, u.Own.Rank, netplay.LeaderboardTop)
		}
		// Every listing waited for the others' results: each player's view
		// is the server's after the match, the winner's new win included.
		if !u.Complete {
			t.Errorf("slot %d: update not complete: %+v", slot, u)
		}
		if len(u.Top) != min(netplay.LeaderboardTop, len(after)) {
			t.Errorf("slot %d: %d top records, want %d", slot, len(u.Top), min(netplay.LeaderboardTop, len(after)))
		}
		for i, s := range u.Top {
			if s.Rank != int64(i+1) || s.Wins != after[s.UserID].Wins || s.Rank != after[s.UserID].Rank {
				t.Errorf("slot %d: top record %d = %+v, the server lists %+v", slot, i, s, after[s.UserID])
			}
		}
		if u.Own.Rank != want.Rank {
			t.Errorf("slot %d: own rank %d, the server lists %d", slot, u.Own.Rank, want.Rank)
		}
		if len(u.Finished) != len(games) {
			t.Fatalf("slot %d: %d finished players' records, want %d", slot, len(u.Finished), len(games))
		}
		for _, s := range u.Finished {
			if a := after[s.UserID]; s.Wins != a.Wins || s.Matches != a.Matches || s.Rank != a.Rank {
				t.Errorf("slot %d: finished player %s listed as %+v, the server lists %+v", slot, s.Username, s, a)
			}
		}
	}
}

// failMode is how the misbehaving server answers one user's leaderboard
// requests.
type failMode int

const (
	failHang   failMode = iota + 1 // never answer
	failRefuse                     // 503 to everything
	failList                       // take the write, 500 to the listing
)

// failGate wraps the server's handler: once on, it fails the leaderboard
// requests of the users it has a mode for.
type failGate struct {
	mu    sync.Mutex
	on    bool
	modes map[string]failMode // by user id
	stop  chan struct{}       // closed at cleanup: hanging requests end
}

func (g *failGate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		mode := g.modes[bearerUser(r)]
		on := g.on
		g.mu.Unlock()
		if !on || !strings.HasPrefix(r.URL.Path, "/v2/leaderboard/") {
			next.ServeHTTP(w, r)
			return
		}
		switch {
		case mode == failHang:
			select {
			case <-r.Context().Done():
			case <-g.stop:
			}
			return
		case mode == failRefuse, mode == failList && r.Method == http.MethodGet:
			http.Error(w, `{"code":14,"message":"unavailable"}`, http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearerUser returns the uid claim of the request's bearer token, without
// checking it (the server behind checks it).
func bearerUser(r *http.Request) string {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return ""
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var c struct {
		UID string `json:"uid"`
	}
	json.Unmarshal(b, &c)
	return c.UID
}

// TestReportServerFailure plays a match to its end, then has the server
// fail each player's leaderboard requests in another way: one never
// answers, one refuses everything, one takes the write and refuses the
// listing. Every report finishes (the silent server within the
// LeaderboardTimeout) with ErrLeaderboard, and says whether the result was
// recorded.
func TestReportServerFailure(t *testing.T) {
	t.Parallel()
	gate := &failGate{modes: map[string]failMode{}, stop: make(chan struct{})}
	e := newEnvWith(t, gate.wrap)
	t.Cleanup(func() { close(gate.stop) }) // runs before the server's cleanup
	players := []player{{"failure-anna", "anna", 0}, {"failure-bert", "bert", 0}, {"failure-cora", "cora", 0}}
	ids := seed(t, e.url, players)
	modes := []failMode{failHang, failRefuse, failList}
	gate.mu.Lock()
	for i, id := range ids {
		gate.modes[id] = modes[i]
	}
	gate.mu.Unlock()
	cfgs := configs(t, e, len(players), false)
	for i, p := range players {
		cfgs[i].DeviceID = p.device
		cfgs[i].LeaderboardTimeout = 300 * time.Millisecond
	}
	matches := connected(t, cfgs, createJoin(len(players)))
	games, winner := playToEnd(t, matches)

	gate.mu.Lock()
	gate.on = true
	gate.mu.Unlock()
	modeOf := map[string]failMode{}
	for i, id := range ids {
		modeOf[id] = modes[i]
	}
	for slot, g := range games {
		r, err := g.Report(t.Context())
		if err != nil {
			t.Fatalf("slot %d: Report = %v", slot, err)
		}
		if _, err := r.Result(); !errors.Is(err, netplay.ErrReportPending) && !isDone(r) {
			t.Errorf("slot %d: Result() of a running update = %v, want ErrReportPending", slot, err)
		}
		mode := modeOf[matches[slot].Members()[slot].UserID]
		t.Run(fmt.Sprint(mode), func(t *testing.T) {
			u, err := finish(t, slot, r)
			if !errors.Is(err, netplay.ErrLeaderboard) {
				t.Fatalf("slot %d: Result() = %+v, %v; want ErrLeaderboard", slot, u, err)
			}
			if mode == failHang && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("slot %d: Result() error %v, want it to match context.DeadlineExceeded", slot, err)
			}
			if u.Won != (slot == winner) || u.Recorded != (mode == failList) || u.Top != nil {
				t.Errorf("slot %d (mode %d): update %+v, want Won %v, Recorded %v and no top", slot, mode, u, slot == winner, mode == failList)
			}
		})
	}
	gate.mu.Lock()
	gate.on = false
	gate.mu.Unlock()
	after := board(t, e.url)
	for slot, m := range matches {
		id := m.Members()[slot].UserID
		a, ok := after[id]
		if modeOf[id] != failList {
			if ok {
				t.Errorf("slot %d: record %+v, want none: the server refused its result", slot, a)
			}
			continue
		}
		var want int64
		if slot == winner {
			want = 1
		}
		if !ok || a.Wins != want || a.Matches != 1 {
			t.Errorf("slot %d: record %+v, want %d wins in 1 result", slot, a, want)
		}
	}
}

func isDone(r *netplay.Report) bool {
	select {
	case <-r.Done():
		return true
	default:
		return false
	}
}

// String names a failMode in subtest names.
func (m failMode) String() string {
	switch m {
	case failHang:
		return "silent"
	case failRefuse:
		return "refusing"
	case failList:
		return "listing-refused"
	}
	return "none"
}
