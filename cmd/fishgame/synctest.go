package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/rollback"
)

// runSynctest plays a seeded bot match, rolling back and resimulating every
// frame, and prints the final state's checksum as its last line.
func runSynctest(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("synctest", flag.ContinueOnError)
	players := fs.Int("players", 4, "number of fish (2-4), each played by a bot")
	frames := fs.Int("frames", 3600, "number of frames to simulate (60 per second)")
	seed := fs.Uint64("seed", 7, "match seed for weapon spawns and bots")
	distance := fs.Int("check-distance", 7, "frames to roll back and resimulate every frame (1-60)")
	mapIndex := fs.Int("map", 0, "index of the first map in the built-in rotation")
	replay := fs.String("replay", "", "sync-test this recorded match (a replay file) instead of a bot match")
	setUsage(fs, `Usage: fishgame synctest [flags]
       fishgame synctest --replay FILE [--check-distance N]

Plays a seeded bot match, or with --replay the recorded match of a replay file
(from "fishgame replay record" or an online match). Every frame it saves the
state, steps, then rolls back check-distance frames and resimulates them,
comparing checksums. It fails naming the first frame whose checksums disagree
(and, with --replay, the first whose checksum differs from the recorded one),
and prints the final state's checksum as its last line: checksum=0x<16 hex
digits>.

`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *replay != "" {
		var conflict error
		fs.Visit(func(f *flag.Flag) {
			if conflict == nil && f.Name != "replay" && f.Name != "check-distance" {
				conflict = usagef("--%s does not apply with --replay: the replay holds the match", f.Name)
			}
		})
		if conflict != nil {
			return conflict
		}
	}
	switch {
	case *players < game.MinPlayers || *players > game.MaxPlayers:
		return usagef("--players %d, expected %d to %d", *players, game.MinPlayers, game.MaxPlayers)
	case *frames < 0:
		return usagef("--frames %d, expected 0 or more", *frames)
	case *distance < 1 || *distance > 60:
		return usagef("--check-distance %d, expected 1 to 60", *distance)
	case *replay != "":
		return synctestReplay(ctx, *replay, *distance, stdout)
	}
	cfg := game.Config{Players: *players, Seed: *seed, Map: *mapIndex}
	s, err := game.New(cfg)
	if err != nil {
		return usagef("%v", err)
	}
	bots := make([]*bot.Bot, *players)
	for i := range bots {
		bots[i] = bot.New(*seed, i)
	}
	var tally matchTally
	input := func(s *game.State) [game.MaxPlayers]game.Input {
		var in [game.MaxPlayers]game.Input
		for i, b := range bots {
			in[i] = b.Input(s)
		}
		return in
	}
	observe := func(s *game.State) { tally.observe(s) }
	if err := syncTest(ctx, &s, *frames, *distance, input, (*game.State).Step, observe); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "synctest: %d players, seed %d, %d frames, each resimulated up to %d times: no mismatch\n",
		*players, *seed, *frames, *distance)
	fmt.Fprintf(stdout, "match: %s\n", tally.summary(&s))
	fmt.Fprintf(stdout, "checksum=0x%016x\n", s.Checksum())
	return nil
}

// syncTest advances s by frames frames with inputs from input, through a
// rollback sync-test session: every frame it saves the state, rolls back
// distance frames (fewer at the start), resimulates them with step from the
// saved states and the recorded inputs, compares each resimulated checksum
// with the first one, and continues from the resimulated state. observe
// sees each new frame once. It returns an error naming the first frame whose
// checksums disagree.
func syncTest(ctx context.Context, s *game.State, frames, distance int,
	input func(*game.State) [game.MaxPlayers]game.Input,
	step func(*game.State, [game.MaxPlayers]game.Input),
	observe func(*game.State),
) error {
	sess, err := rollback.NewSyncTest[game.State](game.MaxPlayers, distance)
	if err != nil {
		return usagef("%v", err)
	}
	start := s.Frame()
	var raw [game.MaxPlayers]byte
	for i := 0; i < frames; i++ {
		if i%600 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		for p, in := range input(s) {
			raw[p] = byte(in)
		}
		reqs, err := sess.AdvanceFrame(raw[:])
		if err != nil {
			return syncTestError(start, err)
		}
		for _, r := range reqs {
			switch r.Kind {
			case rollback.RequestSave:
				r.Cell.Save(*s, s.Checksum())
			case rollback.RequestLoad:
				*s = r.Cell.State()
			case rollback.RequestAdvance:
				var in [game.MaxPlayers]game.Input
				for p, v := range r.Inputs {
					in[p] = game.Input(v)
				}
				step(s, in)
			}
		}
		observe(s)
	}
	if err := sess.Check(); err != nil {
		return syncTestError(start, err)
	}
	return nil
}

// syncTestError names the first mismatching frame in the game's numbering
// (the session counts from the first frame it simulated).
func syncTestError(start int32, err error) error {
	var mm *rollback.MismatchError
	if !errors.As(err, &mm) {
		return err
	}
	return fmt.Errorf("frame %d: checksum 0x%016x when first simulated, 0x%016x after rolling back: %w",
		start+mm.Frame, mm.First, mm.Then, errDesync)
}

// errDesync indicates that resimulating a frame gave another checksum.
var errDesync = errors.New("desync")

// matchTally counts rounds from a match's events.
type matchTally struct {
	rounds, draws int
}

func (t *matchTally) observe(s *game.State) {
	for _, e := range s.Events() {
		if e.Kind == game.EventRoundEnd {
			t.rounds++
			if e.Slot < 0 {
				t.draws++
			}
		}
	}
}

func (t *matchTally) summary(s *game.State) string {
	// Players are P1-P4 here as in the game window.
	wins := ""
	for i := range s.Players() {
		wins += fmt.Sprintf(" P%d %d", i+1, s.Wins(i))
	}
	out := fmt.Sprintf("%d rounds finished (%d drawn), wins:%s", t.rounds, t.draws, wins)
	if w, over := s.Winner(); over {
		return out + fmt.Sprintf(", P%d won the match", w+1)
	}
	if s.Phase() == game.PhaseRoundOver {
		return out + ", paused before the next round"
	}
	return out + fmt.Sprintf(", round %d in progress", s.Round()+1)
}
