//go:build !headless

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/frontend"
)

// replayPlay opens a replay in the game window.
func replayPlay(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("replay play", flag.ContinueOnError)
	scale := fs.Int("scale", frontend.DefaultScale, "window size as a multiple of 480x270")
	mute := fs.Bool("mute", false, "watch without sound")
	frames := fs.Int("frames", 0, "scripted run: quit after this many ticks")
	shot := fs.String("screenshot", "", "scripted run: write the 480x270 screen to this PNG file at the end of --frames")
	setUsage(fs, `Usage: fishgame replay play [flags] FILE

Watches a replay in the game window. Space pauses, . and , (or Right and Left
while paused) step one frame, - and + set the speed from 0.25x to 4x, Left and
Right seek 5 seconds, Home goes to the start, a click on the bar seeks there,
F3 shows the frame and checksum, Esc closes the window.

`)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	switch {
	case fs.NArg() != 1:
		return usagef("expected one replay file, got %d", fs.NArg())
	case *scale < 1 || *scale > 16:
		return usagef("--scale %d, expected 1 to 16", *scale)
	case *frames < 0:
		return usagef("--frames %d, expected 0 or more", *frames)
	case *shot != "" && *frames == 0:
		return usagef("--screenshot needs --frames")
	}
	path := fs.Arg(0)
	r, err := loadReplay(path)
	if err != nil {
		return err
	}
	log := slog.Default()
	v, err := frontend.NewReplayViewer(frontend.ReplayConfig{Replay: r, Name: filepath.Base(path)}, frontend.OpenSpeaker(ctx, *mute, log))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return frontend.Run(frontend.Options{Scale: *scale, Frames: *frames, Screenshot: *shot, Logger: log}, v)
}
