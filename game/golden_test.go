package game_test

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current rules")

// goldenReplays are the bot matches pinned in testdata/replays.
var goldenReplays = []struct {
	file   string
	cfg    game.Config
	frames int
}{
	{"bots-2p-seed1.fgr", game.Config{Players: 2, Seed: 1, Map: 0}, 2400},
	{"bots-3p-seed5.fgr", game.Config{Players: 3, Seed: 5, Map: 2}, 3000},
	{"bots-4p-seed7.fgr", game.Config{Players: 4, Seed: 7, Map: 1}, 3600},
}

// goldenMatches are the bot matches whose final checksums are pinned in
// testdata/checksums.golden; every architecture must reproduce them.
var goldenMatches = []struct {
	cfg    game.Config
	frames int
}{
	{game.Config{Players: 2, Seed: 1}, 3600},
	{game.Config{Players: 2, Seed: 99, Map: 1}, 3600},
	{game.Config{Players: 3, Seed: 3, Map: 2}, 3600},
	{game.Config{Players: 4, Seed: 7}, 3600},
	{game.Config{Players: 4, Seed: 12345, Map: 1}, 7200},
	{game.Config{Players: 4, Seed: 0xffffffffffffffff, Map: 2}, 3600},
}

// playBots records a bot match of frames frames.
func playBots(t testing.TB, cfg game.Config, frames int) game.Replay {
	t.Helper()
	rec, err := game.NewRecorder(cfg, game.DefaultChecksumInterval)
	if err != nil {
		t.Fatal(err)
	}
	bots := make([]*bot.Bot, cfg.Players)
	for i := range bots {
		bots[i] = bot.New(cfg.Seed, i)
	}
	for range frames {
		var in [game.MaxPlayers]game.Input
		for i, b := range bots {
			in[i] = b.Input(rec.State())
		}
		rec.Step(in)
	}
	return rec.Replay()
}

func TestGoldenReplays(t *testing.T) {
	for _, g := range goldenReplays {
		path := filepath.Join("testdata", "replays", g.file)
		if *update {
			data, err := playBots(t, g.cfg, g.frames).MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		r, err := game.ParseReplay(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if r.Config != g.cfg || len(r.Inputs) != g.frames {
			t.Errorf("%s: config %+v, %d frames; want %+v, %d", path, r.Config, len(r.Inputs), g.cfg, g.frames)
		}
		if err := r.Verify(); err != nil {
			t.Errorf("%s: Verify() = %v; if the rules changed on purpose, run go test ./game -update", path, err)
		}
	}
}

func TestTamperedGoldenReplayFails(t *testing.T) {
	path := filepath.Join("testdata", "replays", goldenReplays[2].file)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	players, interval := goldenReplays[2].cfg.Players, game.DefaultChecksumInterval
	frameOffset := func(frame int) int { // offset of the inputs of frame (1-based)
		return game.ReplayHeaderSize + (frame-1)*players + (frame-1)/interval*8
	}
	// Hold slot 0 still from frame 31 to 50: the checksum after frame 60 sees it.
	tampered := bytes.Clone(data)
	for f := 31; f <= 50; f++ {
		tampered[frameOffset(f)] = 0
	}
	r, err := game.ParseReplay(tampered)
	if err != nil {
		t.Fatal(err)
	}
	var mm *game.MismatchError
	if err := r.Verify(); !errors.As(err, &mm) || mm.Frame != 60 {
		t.Errorf("tampered inputs: Verify() = %v, want a mismatch at frame 60", err)
	}
	// A flipped bit in a recorded checksum is caught at that checksum.
	tampered = bytes.Clone(data)
	tampered[frameOffset(240)+players] ^= 1 // the checksum after frame 240
	r, err = game.ParseReplay(tampered)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verify(); !errors.As(err, &mm) || mm.Frame != 240 {
		t.Errorf("tampered checksum: Verify() = %v, want a mismatch at frame 240", err)
	}
}

// TestGoldenChecksums pins the final state of several bot matches. Run on
// every architecture (see the crossarch CI step), it proves the simulation
// and the bots are bit-identical on amd64, 386, arm64 and wasm.
func TestGoldenChecksums(t *testing.T) {
	path := filepath.Join("testdata", "checksums.golden")
	var lines []string
	for _, g := range goldenMatches {
		r := playBots(t, g.cfg, g.frames)
		lines = append(lines, fmt.Sprintf("players=%d seed=%d map=%d frames=%d checksum=0x%016x",
			g.cfg.Players, g.cfg.Seed, g.cfg.Map, g.frames, r.Final))
	}
	if *update {
		text := "# Final checksums of bot matches; identical on every architecture.\n" + strings.Join(lines, "\n") + "\n"
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	var want []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			want = append(want, l)
		}
	}
	if len(want) != len(lines) {
		t.Fatalf("%s has %d entries, want %d", path, len(want), len(lines))
	}
	for i := range lines {
		if lines[i] != want[i] {
			t.Errorf("got  %s\nwant %s", lines[i], want[i])
		}
	}
}
