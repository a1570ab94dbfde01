package netplay

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/heroiclabs/nakama-common/api"
)

// WinsLeaderboard is the server's leaderboard of match wins: sorted
// descending with the incr operator, created at start-up by the embedded
// server and by the deploy/nakama module on a real Nakama.
const WinsLeaderboard = "fish_game_wins"

// LeaderboardTop is how many records of the top of WinsLeaderboard a Report
// lists.
const LeaderboardTop = 5

// Standing is one record of WinsLeaderboard.
type Standing struct {
	// Rank is the record's place, 1 for the top; 0 when it is not known
	// (the record is below the listed top).
	Rank int64
	// UserID and Username identify the record's owner.
	UserID, Username string
	// Wins is the number of matches the owner won.
	Wins int64
	// Matches is the number of results the owner recorded: one per match
	// it finished, won or lost.
	Matches int64
}

func standingOf(r *api.LeaderboardRecord) Standing {
	return Standing{
		Rank: r.GetRank(), UserID: r.GetOwnerId(), Username: r.GetUsername().GetValue(),
		Wins: r.GetScore(), Matches: int64(r.GetNumScore()),
	}
}

// LeaderboardUpdate is what recording the local player's result of a match
// did to WinsLeaderboard.
type LeaderboardUpdate struct {
	// Won reports whether the local player won the match, so its record
	// went up by one.
	Won bool
	// Recorded reports whether the server took the result; Own is then
	// the local player's record after it.
	Recorded bool
	Own      Standing
	// Top holds the first LeaderboardTop records after the result, in rank
	// order (nil when listing them failed).
	Top []Standing
	// Finished holds the records of every player who finished the match,
	// the local one included, in slot order, as listed with Top.
	Finished []Standing
	// Complete reports whether Top and Finished hold this match's result of
	// every player who finished it. The others record theirs at about the
	// same time, so the listing waits for them (up to half the
	// LeaderboardTimeout); false when some had not landed by then, or
	// their records before the match are unknown.
	Complete bool
}

// Report is the leaderboard update of a finished match, running in the
// background: Done is closed when it has finished, and Result tells how.
// Its methods are safe for concurrent use.
type Report struct {
	done chan struct{}
	// Written before done is closed, read only after.
	u   LeaderboardUpdate
	err error
}

// Done returns a channel that is closed once the update finished.
func (r *Report) Done() <-chan struct{} { return r.done }

// Result returns the update and why it failed, if it did; it never
// blocks. Until Done is closed it returns the zero update and
// ErrReportPending. When the result was recorded but the top could not be
// listed, the update has Recorded set along with the error.
func (r *Report) Result() (LeaderboardUpdate, error) {
	select {
	case <-r.done:
	default:
		return LeaderboardUpdate{}, ErrReportPending
	}
	return r.u, r.err
}

// Report records the local player's result of the finished match in
// WinsLeaderboard, then lists the top of it, in a goroutine bounded by ctx
// and the client's LeaderboardTimeout. It returns ErrMatchNotOver until
// Outcome is final, ErrForfeited after Leave, and ErrPlayerDropped for a
// match a player dropped out of before the end without a goodbye.
//
// Every player records only its own result, with its own session: the
// winner's record goes up by one, the others submit zero, which leaves
// their wins as they were and counts the match they played. A player who
// forfeited records nothing; the last one left wins. A match records its
// result once: later calls, from this Game or another of the same Match,
// return the first Report. A failed write is not retried, as the server
// may have counted it before the failure reached us and incrementing again
// would count the win twice. Nor is a match with a silently dropped player
// recorded: its peers cannot tell a player who quit from a network split,
// after which each side would win its own match.
//
// The listing waits until it holds the result of every player who
// finished (LeaderboardUpdate.Complete), so that the loser's board shows
// the winner's new win.
func (g *Game) Report(ctx context.Context) (*Report, error) {
	if g.forfeited[g.l.slot] {
		return nil, ErrForfeited
	}
	winner, ok := g.Outcome()
	if !ok {
		return nil, ErrMatchNotOver
	}
	if g.droppedBeforeEnd() {
		return nil, ErrPlayerDropped
	}
	if g.l.client == nil || g.l.results == nil {
		return nil, fmt.Errorf("%w: no server to report to", ErrLeaderboard)
	}
	return g.l.results.report(ctx, g.l.client, g.l.id, winner == g.l.slot, g.finished()), nil
}

// report starts the match's leaderboard update, or returns the one
// started before.
func (rs *results) report(ctx context.Context, c *Client, matchID string, won bool, finished []Player) *Report {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.rep != nil {
		return rs.rep
	}
	r := &Report{done: make(chan struct{})}
	rs.rep = r
	before := rs.before
	log := c.log.With("match", matchID)
	go func() {
		defer close(r.done)
		u, err := c.recordResult(ctx, won, finished, before)
		if err != nil {
			log.Warn("leaderboard update failed", "won", won, "recorded", u.Recorded, "err", err)
		} else {
			log.Info("leaderboard updated", "won", won, "wins", u.Own.Wins, "rank", u.Own.Rank, "complete", u.Complete)
		}
		r.u, r.err = u, err
	}()
	return r
}

// recordResult submits the local player's result (one win or none), waits
// for the results of the other players who finished, and lists the top of
// the leaderboard.
func (c *Client) recordResult(ctx context.Context, won bool, finished []Player, before *standingsBefore) (LeaderboardUpdate, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.LeaderboardTimeout)
	defer cancel()
	u := LeaderboardUpdate{Won: won}
	var score int64
	if won {
		score = 1
	}
	rec, err := c.sess.WriteLeaderboardRecord(ctx, WinsLeaderboard, score)
	if err != nil {
		return u, fmt.Errorf("%w: record result: %w", ErrLeaderboard, err)
	}
	u.Recorded, u.Own = true, standingOf(rec)
	ids := make([]string, 0, len(finished))
	for _, p := range finished {
		ids = append(ids, p.UserID)
	}
	if !slices.Contains(ids, u.Own.UserID) {
		ids = append(ids, u.Own.UserID)
	}
	counts, known := before.wait(ctx, c.cfg.LeaderboardTimeout/2)
	wait := newPoll(c.cfg.LeaderboardTimeout / 2)
	for {
		list, err := c.sess.ListLeaderboardRecords(ctx, WinsLeaderboard, LeaderboardTop, "", ids...)
		if err != nil {
			return u, fmt.Errorf("%w: list the top: %w", ErrLeaderboard, err)
		}
		u.Top, u.Finished = nil, nil
		for _, r := range list.GetRecords() {
			u.Top = append(u.Top, standingOf(r))
		}
		byID := map[string]Standing{}
		for _, r := range list.GetOwnerRecords() {
			byID[r.GetOwnerId()] = standingOf(r)
		}
		u.Complete = known
		for _, id := range ids {
			s, ok := byID[id]
			if !ok || s.Matches <= counts[id] {
				u.Complete = false
			}
			if ok {
				u.Finished = append(u.Finished, s)
			}
		}
		if s, ok := byID[u.Own.UserID]; ok {
			u.Own = s
		}
		if u.Complete || !known || !wait.next(ctx) {
			return u, nil
		}
	}
}

// standingsBefore is the number of results each player of a match had
// recorded when it started, fetched in the background: a result of the
// match has landed once a player's count went past it.
type standingsBefore struct {
	done   chan struct{}
	counts map[string]int64 // by user id; written before done is closed
	err    error
}

// snapshot starts fetching the players' records once per match.
func (rs *results) snapshot(c *Client, players []Player) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.before != nil {
		return
	}
	b := &standingsBefore{done: make(chan struct{}), counts: map[string]int64{}}
	rs.before = b
	ids := make([]string, len(players))
	for i, p := range players {
		ids[i] = p.UserID
	}
	go func() {
		defer close(b.done)
		ctx, cancel := context.WithTimeout(context.Background(), c.cfg.LeaderboardTimeout)
		defer cancel()
		list, err := c.sess.ListLeaderboardRecords(ctx, WinsLeaderboard, 1, "", ids...)
		if err != nil {
			b.err = err
			c.log.Debug("records before the match unknown", "err", err)
			return
		}
		for _, r := range list.GetOwnerRecords() {
			b.counts[r.GetOwnerId()] = int64(r.GetNumScore())
		}
	}()
}

// wait returns the counts once fetched, waiting at most d; ok is false
// when they are unknown.
func (b *standingsBefore) wait(ctx context.Context, d time.Duration) (counts map[string]int64, ok bool) {
	if b == nil {
		return nil, false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-b.done:
		return b.counts, b.err == nil
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, false
}

// poll paces the listings that wait for the other players' results:
// quickly at first, then less often, until its budget is spent.
type poll struct {
	deadline time.Time
	every    time.Duration
}

func newPoll(budget time.Duration) *poll {
	return &poll{deadline: time.Now().Add(budget), every: 20 * time.Millisecond}
}

// next waits before the next listing; false when the budget is spent.
func (p *poll) next(ctx context.Context) bool {
	d := min(p.every, time.Until(p.deadline))
	if d <= 0 {
		return false
	}
	p.every = min(2*p.every, 500*time.Millisecond)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
