//go:build headless

package main

import (
	"context"
	"errors"
	"io"
)

// replayPlay reports that this build has no game window.
func replayPlay(ctx context.Context, args []string, stdout io.Writer) error {
	return errors.New("this fishgame was built headless (-tags headless), without the game window; build it without that tag to watch replays")
}
