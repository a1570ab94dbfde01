package netplay

import (
	"context"
	"fmt"

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
// Outcome is final, and ErrPlayerDropped for a match a player dropped out
// of before the end.
//
// Every player records only its own result, with its own session: the
// winner's record goes up by one, the others submit zero, which leaves
// their wins as they were and counts the match they played. A match
// records its result once: later calls, from this Game or another of the
// same Match, return the first Report. A failed write is not retried, as
// the server may have counted it before the failure reached us and
// incrementing again would count the win twice. Nor is a match with a
// dropped player recorded: its peers cannot tell a player who quit from a
// network split, after which each side would win its own match.
func (g *Game) Report(ctx context.Context) (*Report, error) {
	winner, ok := g.Outcome()
	if !ok {
		return nil, ErrMatchNotOver
	}
	if g.droppedBeforeEnd() {
		return nil, ErrPlayerDropped
	}
	return g.m.report(ctx, winner == g.Slot()), nil
}

// report starts the match's leaderboard update, or returns the one
// started before.
func (m *Match) report(ctx context.Context, won bool) *Report {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rep != nil {
		return m.rep
	}
	r := &Report{done: make(chan struct{})}
	m.rep = r
	log := m.c.log.With("match", m.id)
	go func() {
		defer close(r.done)
		u, err := m.c.recordResult(ctx, won)
		if err != nil {
			log.Warn("leaderboard update failed", "won", won, "recorded", u.Recorded, "err", err)
		} else {
			log.Info("leaderboard updated", "won", won, "wins", u.Own.Wins, "rank", u.Own.Rank)
		}
		r.u, r.err = u, err
	}()
	return r
}

// recordResult submits the local player's result (one win or none) and
// lists the top of the leaderboard.
func (c *Client) recordResult(ctx context.Context, won bool) (LeaderboardUpdate, error) {
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
	list, err := c.sess.ListLeaderboardRecords(ctx, WinsLeaderboard, LeaderboardTop, "", u.Own.UserID)
	if err != nil {
		return u, fmt.Errorf("%w: list the top: %w", ErrLeaderboard, err)
	}
	for _, r := range list.GetRecords() {
		u.Top = append(u.Top, standingOf(r))
	}
	for _, r := range list.GetOwnerRecords() {
		if s := standingOf(r); s.UserID == u.Own.UserID {
			u.Own = s
		}
	}
	return u, nil
}
