//go:build !headless

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReplayPlayRejectsBadFile fails before any window opens, naming the
// file and what is wrong with it.
func TestReplayPlayRejectsBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.fgr")
	if err := os.WriteFile(path, []byte("junk replay"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := runReplay(t.Context(), []string{"play", path}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "magic") {
		t.Errorf("replay play of a bad file = %v, want an error naming the file and the bad magic", err)
	}
	missing := runReplay(t.Context(), []string{"play"}, io.Discard)
	if missing == nil {
		t.Error("replay play without a file succeeded")
	}
}
