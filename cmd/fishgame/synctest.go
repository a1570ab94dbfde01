package main

import (
	"context"
	"errors"
	"io"
)

// runSynctest is being written; this file is replaced by the real command.
func runSynctest(ctx context.Context, args []string, stdout io.Writer) error {
	return errors.New("synctest: not built yet")
}
