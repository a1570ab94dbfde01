package main

import (
	"context"
	"errors"
	"io"
)

// runLab is being written; this file is replaced by the real command.
func runLab(ctx context.Context, args []string, stdout io.Writer) error {
	return errors.New("lab: not built yet")
}
