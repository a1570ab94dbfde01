//go:build !headless

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlayChecksScreenshotPathFirst: a --screenshot that cannot be written
// fails at once, before the window opens and the frames run (this test
// needs no display: nothing is drawn).
func TestPlayChecksScreenshotPathFirst(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{filepath.Join(dir, "missing", "shot.png"), "directory " + filepath.Join(dir, "missing")},
		{filepath.Join(file, "shot.png"), file + " is not a directory"},
		{dir, "is a directory"},
	}
	for _, tt := range tests {
		err := runPlay(context.Background(), []string{"--mute", "--keys", "", "--frames", "100000", "--screenshot", tt.path}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("play --screenshot %s = %v, want an error mentioning %q", tt.path, err, tt.want)
		}
	}
	if err := checkScreenshotPath(filepath.Join(dir, "ok.png")); err != nil {
		t.Errorf("checkScreenshotPath in a writable directory = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the check left files behind: %v", entries)
	}
}
