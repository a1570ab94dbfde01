package frontend

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strings"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/signaling"
)

// boardRows is how many records of the top of the leaderboard the
// match-end screen lists.
const boardRows = netplay.LeaderboardTop

// boardNameLen is the most characters of a username the screen shows.
const boardNameLen = 16

// resultReport is an online match's leaderboard update in flight, as
// *netplay.Report is.
type resultReport interface {
	// Result returns netplay.ErrReportPending until the update finished.
	Result() (netplay.LeaderboardUpdate, error)
}

// failedReport is a leaderboard update that never started, as a finished
// one with the reason.
type failedReport struct{ err error }

// unreported returns a finished update that failed with err.
func unreported(err error) resultReport { return &failedReport{err: err} }

func (r *failedReport) Result() (netplay.LeaderboardUpdate, error) {
	return netplay.LeaderboardUpdate{}, r.err
}

// line is one line of text of an overlay in its colour.
type line struct {
	text string
	c    color.RGBA
}

// boardLines is the leaderboard part of an online match's end screen for
// the update r, nil until the match's end is final: a waiting line while
// the update runs, what went wrong if it failed, else the local player's
// wins and rank and the top of the leaderboard with the player's row in
// gold.
func boardLines(r resultReport) []line {
	if r == nil {
		return []line{{"UPDATING LEADERBOARD...", textDim}}
	}
	u, err := r.Result()
	if errors.Is(err, netplay.ErrReportPending) {
		return []line{{"UPDATING LEADERBOARD...", textDim}}
	}
	if errors.Is(err, netplay.ErrPlayerDropped) {
		return []line{{"NO LEADERBOARD UPDATE: A PLAYER DROPPED OUT", textDim}}
	}
	if !u.Recorded {
		out := []line{{"LEADERBOARD UPDATE FAILED: " + failure(err), textError}}
		switch {
		case u.Won && errors.Is(err, context.DeadlineExceeded):
			out = append(out, line{"YOUR WIN MAY NOT HAVE BEEN COUNTED", textDim})
		case u.Won:
			out = append(out, line{"YOUR WIN WAS NOT COUNTED", textDim})
		}
		return out
	}
	out := []line{{ownLine(u), textWhite}}
	if err != nil {
		return append(out, line{"TOP UNAVAILABLE: " + failure(err), textError})
	}
	for _, s := range u.Top[:min(len(u.Top), boardRows)] {
		c := textDim
		if s.UserID == u.Own.UserID {
			c = textGold
		}
		out = append(out, line{fmt.Sprintf("%2d. %-*s %5d", s.Rank, boardNameLen, shownName(s.Username), s.Wins), c})
	}
	return out
}

// ownLine sums up the local player's record after the match.
func ownLine(u netplay.LeaderboardUpdate) string {
	wins := fmt.Sprintf("YOUR WINS: %d", u.Own.Wins)
	if u.Won {
		wins += " (+1)"
	}
	if u.Own.Rank > 0 {
		return fmt.Sprintf("%s   RANK %d", wins, u.Own.Rank)
	}
	return wins // a server that listed no rank
}

// failure says in a few words why the server did not answer.
func failure(err error) string {
	var se *signaling.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "SERVER TIMED OUT"
	case errors.As(err, &se):
		return fmt.Sprintf("SERVER ERROR %d", se.Status)
	}
	return "SERVER UNREACHABLE"
}

// shownName is a username as the built-in font can print it in a row:
// printable ASCII, at most boardNameLen characters.
func shownName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() == boardNameLen {
			break
		}
		if r < ' ' || r > '~' {
			r = '?'
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "?"
	}
	return b.String()
}
