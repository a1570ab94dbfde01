package main

import (
	"context"
	"errors"
	"io"
)

// runReplay is being written; this file is replaced by the real command.
func runReplay(ctx context.Context, args []string, stdout io.Writer) error {
	return errors.New("replay: not built yet")
}
