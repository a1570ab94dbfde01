//go:build !headless

package main

import (
	"context"
	"errors"
	"time"

	"github.com/heroiclabs/nakama-common/api"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
)

// errLoggedOut is the leaderboard's error when nobody is logged in.
var errLoggedOut = &flow.Error{Reason: flow.ErrSessionExpired, Text: "Log in to see the leaderboard"}

// menuBoard is the leaderboard screen's frontend.Leaderboard: the top of
// netplay.WinsLeaderboard and the player's own record, listed with the
// logged-in session.
type menuBoard struct{ accts *menuAccounts }

func (b menuBoard) Top(ctx context.Context, n int) ([]netplay.Standing, netplay.Standing, error) {
	sess := b.accts.Session()
	if sess == nil {
		return nil, netplay.Standing{}, errLoggedOut
	}
	list, err := sess.ListLeaderboardRecords(ctx, netplay.WinsLeaderboard, n, "", sess.UserID())
	if err != nil {
		if ex := flow.Expired(err, sess.RefreshToken(), time.Now()); ex != nil {
			return nil, netplay.Standing{}, ex
		}
		return nil, netplay.Standing{}, errors.Join(errors.New("list the leaderboard"), err)
	}
	var top []netplay.Standing
	for _, r := range list.GetRecords() {
		top = append(top, standing(r))
	}
	own := netplay.Standing{UserID: sess.UserID(), Username: sess.Username()}
	for _, r := range list.GetOwnerRecords() {
		if r.GetOwnerId() == sess.UserID() {
			own = standing(r)
		}
	}
	return top, own, nil
}

// standing is a leaderboard record as the screen lists it.
func standing(r *api.LeaderboardRecord) netplay.Standing {
	return netplay.Standing{
		Rank: r.GetRank(), UserID: r.GetOwnerId(), Username: r.GetUsername().GetValue(),
		Wins: r.GetScore(), Matches: int64(r.GetNumScore()),
	}
}
