package main

import (
	"context"
	"fmt"
	"io"

	"github.com/fishgame/fishgame/game"
)

// synctestReplay sync-tests the match recorded in the replay file at path:
// every frame is rolled back up to distance frames and resimulated with the
// recorded inputs, and every checksum the replay recorded is compared too.
func synctestReplay(ctx context.Context, path string, distance int, stdout io.Writer) error {
	r, err := loadReplay(path)
	if err != nil {
		return err
	}
	s, err := game.New(r.Config)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	next := 0
	input := func(*game.State) [game.MaxPlayers]game.Input {
		in := r.Inputs[next]
		next++
		return in
	}
	var tally matchTally
	var mismatch error
	observe := func(s *game.State) {
		tally.observe(s)
		f := int(s.Frame())
		if mismatch != nil || f%r.Interval != 0 || f/r.Interval > len(r.Checksums) {
			return
		}
		if got, want := s.Checksum(), r.Checksums[f/r.Interval-1]; got != want {
			mismatch = &game.MismatchError{Frame: s.Frame(), Got: got, Want: want}
		}
	}
	if err := syncTest(ctx, &s, len(r.Inputs), distance, input, (*game.State).Step, observe); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if got := s.Checksum(); mismatch == nil && got != r.Final {
		mismatch = &game.MismatchError{Frame: s.Frame(), Got: got, Want: r.Final}
	}
	if mismatch != nil {
		return fmt.Errorf("%s: rolling back and resimulating agree, but the recording differs: %w", path, mismatch)
	}
	fmt.Fprintf(stdout, "synctest: %s: %d players, seed %d, %d frames, each resimulated up to %d times: no mismatch; %d recorded checksums match\n",
		path, r.Config.Players, r.Config.Seed, len(r.Inputs), distance, len(r.Checksums)+1)
	fmt.Fprintf(stdout, "match: %s\n", tally.summary(&s))
	fmt.Fprintf(stdout, "checksum=0x%016x\n", s.Checksum())
	return nil
}
