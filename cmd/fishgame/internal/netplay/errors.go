package netplay

import "errors"

var (
	// ErrBadConfig indicates a Config or argument netplay cannot use.
	ErrBadConfig = errors.New("netplay: bad config")
	// ErrMatchFull indicates a match with more members than the players
	// expected.
	ErrMatchFull = errors.New("netplay: match has more players than expected")
	// ErrPeerLeft indicates a member who left before the match connected.
	ErrPeerLeft = errors.New("netplay: a player left before the match connected")
	// ErrVersionMismatch indicates a member running another client version,
	// or one that refused ours.
	ErrVersionMismatch = errors.New("netplay: client version mismatch")
	// ErrSignalingLost indicates that the realtime socket to the signaling
	// server closed before the match connected.
	ErrSignalingLost = errors.New("netplay: connection to the signaling server lost")
	// ErrNotConnected indicates a call that needs a connected match.
	ErrNotConnected = errors.New("netplay: match not connected")
	// ErrBusy indicates a second match on a client that already has one.
	ErrBusy = errors.New("netplay: client already in a match")
	// ErrMatchNotOver indicates a call that needs the match's end to be
	// final (Game.Outcome).
	ErrMatchNotOver = errors.New("netplay: match end not final yet")
	// ErrPlayerDropped indicates a match result that is not recorded
	// because a player dropped out before the end.
	ErrPlayerDropped = errors.New("netplay: a player dropped out before the end; no result recorded")
	// ErrForfeited indicates a result asked of a player who quit the match
	// (Game.Leave): it forfeited and records nothing.
	ErrForfeited = errors.New("netplay: you left the match: a forfeit, no result recorded")
	// ErrReportPending indicates a leaderboard update that has not
	// finished yet.
	ErrReportPending = errors.New("netplay: leaderboard update pending")
	// ErrLeaderboard indicates a leaderboard update the server did not
	// complete: unreachable, too slow (context.DeadlineExceeded matches
	// then too) or refusing.
	ErrLeaderboard = errors.New("netplay: leaderboard update failed")
	// ErrNotStarted indicates a room whose game has not started.
	ErrNotStarted = errors.New("netplay: the room's game has not started")
	// ErrClosed indicates a closed client.
	ErrClosed = errors.New("netplay: client closed")
)
