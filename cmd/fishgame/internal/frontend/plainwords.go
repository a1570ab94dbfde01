package frontend

import (
	"context"
	"errors"
	"net"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
)

// userMessager is an error that knows how to say what went wrong to a
// player: the services behind the menus wrap their errors in one
// ("Wrong e-mail or password", "Server unreachable at HOST:PORT") so the
// screens can show it as it is.
type userMessager interface {
	UserMessage() string
}

// plainWords returns the cause of err in words a player understands. The
// technical detail goes to the log, not to the screen.
func plainWords(err error) string {
	var um userMessager
	switch {
	case err == nil:
		return ""
	case errors.As(err, &um):
		return um.UserMessage()
	case errors.Is(err, netplay.ErrMatchFull):
		return "The match is full."
	case errors.Is(err, netplay.ErrVersionMismatch):
		return "Another player runs another version of the game: update to play together."
	case errors.Is(err, netplay.ErrPeerLeft):
		return "A player left before the match started."
	case errors.Is(err, netplay.ErrSignalingLost):
		return "The connection to the server was lost."
	case errors.Is(err, context.DeadlineExceeded):
		return "The server did not answer in time."
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return "Server unreachable: is it running, and is the address right?"
	}
	return "Something went wrong; the log has the details."
}
