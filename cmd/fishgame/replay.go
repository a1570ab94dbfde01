package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
)

// runReplay dispatches the replay subcommands: verify, info, record and play.
func runReplay(ctx context.Context, args []string, stdout io.Writer) error {
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: fishgame replay <verify|info|record|play> [flags] [FILE...]")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "  verify FILE...   re-simulate replays and fail at the first mismatching frame")
		fmt.Fprintln(w, "  info FILE...     print a replay's header and the match result")
		fmt.Fprintln(w, "  record -o FILE   record a bot match (see \"fishgame replay record -h\")")
		fmt.Fprintln(w, "  play FILE        watch a replay in the game window")
	}
	if len(args) == 0 {
		usage(os.Stderr)
		return usagef("missing subcommand, expected verify, info, record or play")
	}
	switch args[0] {
	case "verify":
		return replayVerify(ctx, args[1:], stdout)
	case "info":
		return replayInfo(args[1:], stdout)
	case "record":
		return replayRecord(ctx, args[1:], stdout)
	case "play":
		return replayPlay(ctx, args[1:], stdout)
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return flag.ErrHelp
	}
	return usagef("unknown subcommand %q, expected verify, info, record or play", args[0])
}

// replayFiles parses flags that take only file arguments.
func replayFiles(name, help string, args []string) ([]string, error) {
	fs := flag.NewFlagSet("replay "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: fishgame replay %s FILE...\n\n%s\n", name, help)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err}
	}
	if fs.NArg() == 0 {
		return nil, usagef("missing replay file")
	}
	return fs.Args(), nil
}

// loadReplay reads and decodes a replay file.
func loadReplay(path string) (game.Replay, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return game.Replay{}, err
	}
	r, err := game.ParseReplay(data)
	if err != nil {
		return game.Replay{}, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

func replayVerify(ctx context.Context, args []string, stdout io.Writer) error {
	files, err := replayFiles("verify", "Re-simulates each replay and compares every recorded checksum; fails naming\nthe first frame whose checksum differs.", args)
	if err != nil {
		return err
	}
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := loadReplay(path)
		if err != nil {
			return err
		}
		if err := r.Verify(); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintf(stdout, "%s: ok: %d frames, %d checksums match, final checksum=0x%016x\n",
			path, len(r.Inputs), len(r.Checksums)+1, r.Final)
	}
	return nil
}

func replayInfo(args []string, stdout io.Writer) error {
	files, err := replayFiles("info", "Prints each replay's header and the result of re-simulating it.", args)
	if err != nil {
		return err
	}
	maps, err := game.BuiltinMaps()
	if err != nil {
		return err
	}
	for _, path := range files {
		r, err := loadReplay(path)
		if err != nil {
			return err
		}
		mapName := "unknown"
		if r.Config.Map < len(maps) {
			mapName = maps[r.Config.Map].Name()
		}
		fmt.Fprintf(stdout, "%s:\n", path)
		fmt.Fprintf(stdout, "  format version  %d\n", game.ReplayVersion)
		fmt.Fprintf(stdout, "  players         %d\n", r.Config.Players)
		fmt.Fprintf(stdout, "  seed            %d\n", r.Config.Seed)
		fmt.Fprintf(stdout, "  first map       %d (%s)\n", r.Config.Map, mapName)
		fmt.Fprintf(stdout, "  frames          %d (%d.%02d s)\n", len(r.Inputs), len(r.Inputs)/60, len(r.Inputs)%60*100/60)
		fmt.Fprintf(stdout, "  checksums       every %d frames, %d recorded, final 0x%016x\n", r.Interval, len(r.Checksums), r.Final)
		s, err := game.New(r.Config)
		if err != nil {
			fmt.Fprintf(stdout, "  result          cannot simulate: %v\n", err)
			continue
		}
		var tally matchTally
		for _, in := range r.Inputs {
			s.Step(in)
			tally.observe(&s)
		}
		fmt.Fprintf(stdout, "  result          %s\n", tally.summary(&s))
	}
	return nil
}

func replayRecord(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("replay record", flag.ContinueOnError)
	players := fs.Int("players", 4, "number of fish (2-4), each played by a bot")
	frames := fs.Int("frames", 3600, "number of frames to record (60 per second)")
	seed := fs.Uint64("seed", 7, "match seed for weapon spawns and bots")
	mapIndex := fs.Int("map", 0, "index of the first map in the built-in rotation")
	interval := fs.Int("interval", game.DefaultChecksumInterval, "frames between recorded checksums (1-65535)")
	out := fs.String("o", "", "output replay file (required)")
	setUsage(fs, `Usage: fishgame replay record -o FILE [flags]

Records a seeded bot match as a replay file.

`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case *out == "":
		return usagef("missing -o FILE")
	case *frames < 0:
		return usagef("--frames %d, expected 0 or more", *frames)
	}
	rec, err := game.NewRecorder(game.Config{Players: *players, Seed: *seed, Map: *mapIndex}, *interval)
	if err != nil {
		return usagef("%v", err)
	}
	r, err := recordBots(ctx, rec, *seed, *frames)
	if err != nil {
		return err
	}
	data, err := r.MarshalBinary()
	if err != nil {
		return err
	}
	if err := writeReplayFile(*out, data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d frames, %d bytes, final checksum=0x%016x\n", *out, len(r.Inputs), len(data), r.Final)
	return nil
}

// recordBots lets bots play frames frames of rec's match.
func recordBots(ctx context.Context, rec *game.Recorder, seed uint64, frames int) (game.Replay, error) {
	bots := make([]*bot.Bot, rec.State().Players())
	for i := range bots {
		bots[i] = bot.New(seed, i)
	}
	for f := range frames {
		if f%600 == 0 && ctx.Err() != nil {
			return game.Replay{}, ctx.Err()
		}
		var in [game.MaxPlayers]game.Input
		for i, b := range bots {
			in[i] = b.Input(rec.State())
		}
		rec.Step(in)
	}
	return rec.Replay(), nil
}

// writeReplayFile writes data to a temporary file next to path and renames
// it over path, so a failure never leaves a half-written replay.
func writeReplayFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
