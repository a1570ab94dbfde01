package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkScreenshotPath reports, before any frame runs, a --screenshot file
// that could not be written at the end of the run: a missing or read-only
// directory, or a path that names a directory.
func checkScreenshotPath(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usagef("--screenshot %s is a directory, expected a PNG file name", path)
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case err != nil:
		return usagef("--screenshot %s: directory %s: %v", path, dir, err)
	case !fi.IsDir():
		return usagef("--screenshot %s: %s is not a directory", path, dir)
	}
	f, err := os.CreateTemp(dir, ".fishgame-screenshot-*")
	if err != nil {
		return fmt.Errorf("--screenshot %s: cannot write in %s: %w", path, dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
