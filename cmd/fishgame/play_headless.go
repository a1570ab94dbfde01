//go:build headless

package main

import (
	"context"
	"errors"
	"io"
)

// runPlay reports that this build has no game window. Headless builds
// (go build -tags headless) leave Ebitengine out: a statically linked
// binary for servers, labs and cross-architecture checks.
func runPlay(ctx context.Context, args []string, stdout io.Writer) error {
	return errors.New("this fishgame was built headless (-tags headless), without the game window; build it without that tag to play")
}

// hasWindow reports that this build has no game window: fishgame without a
// command prints its usage.
const hasWindow = false
