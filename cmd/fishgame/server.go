package main

import (
	"context"
	"errors"
	"io"
)

// runServer is being written; this file is replaced by the real command.
func runServer(ctx context.Context, args []string, stdout io.Writer) error {
	return errors.New("server: not built yet")
}
