package main

import (
	"context"
	"errors"
	"io"
)

// runDoctor is being written; this file is replaced by the real command.
func runDoctor(ctx context.Context, args []string, stdout io.Writer) error {
	return errors.New("doctor: not built yet")
}
