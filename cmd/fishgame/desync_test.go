package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/desync"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// writeDesyncReport plays frames frames of a 3-player match as slot sees
// it and writes slot's report of a desync with peer. Player 2's input at
// frame inputAt is another on this slot (if inputAt >= 0); from frame
// badFrom on this slot's checksums are not the simulation's (if badFrom >=
// 0), as a nondeterministic build's would be.
func writeDesyncReport(t *testing.T, dir string, slot, peer int, frames, inputAt, badFrom int32) string {
	t.Helper()
	cfg := game.Config{Players: 3, Seed: 5}
	rec, err := desync.NewRecorder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := game.New(cfg)
	var bad uint64
	for f := range frames {
		in := [game.MaxPlayers]game.Input{game.InputRight, game.Input(f/13) & game.InputMask, game.InputLeft | game.InputFire}
		if f == inputAt {
			in[2] ^= game.InputJump
		}
		s.Step(in)
		if badFrom >= 0 && s.Frame() >= badFrom {
			bad = 1
		}
		rec.Record(in, s.Checksum()^bad)
	}
	ev := rollback.Event{Kind: rollback.EventDesync, Peer: peer, Frame: frames, Local: s.Checksum() ^ bad, Remote: 1}
	r, err := desync.NewReport(desync.Match{ID: "cli", Slot: slot}, rec, ev, &s)
	if err != nil {
		t.Fatal(err)
	}
	data, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, desync.FileName(&r))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDesyncDiffNamesFieldsAndTheInputMismatch(t *testing.T) {
	dir := t.TempDir()
	a := writeDesyncReport(t, dir, 0, 1, 240, -1, -1)
	b := writeDesyncReport(t, dir, 1, 0, 240, 200, -1)
	code, out, errOut := execFishgame(t, "desync", "diff", a, b)
	if code != 0 {
		t.Fatalf("desync diff exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"desync at frame 240 of match \"cli\": 3 players, seed 5",
		"fields that differ at frame 240 (slot 0 != slot 1):\n  fish[2].",
		"slot 0: matches its recorded checksums through frame 240",
		"inputs: they first differ at frame 200 (buttons LRJDFG):\n  slot 2's input is L...F. on slot 0 and L.J.F. on slot 1\n",
		"verdict:\n  input mismatch: the peers confirmed different inputs for frame 200\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("desync diff output lacks %q:\n%s", want, out)
		}
	}
}

func TestDesyncDiffNamesTheNondeterministicPeer(t *testing.T) {
	dir := t.TempDir()
	a := writeDesyncReport(t, dir, 0, 2, 150, -1, 77)
	code, out, errOut := execFishgame(t, "desync", "diff", a)
	if code != 0 {
		t.Fatalf("desync diff exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"fields: unknown, a side's state is missing",
		"slot 0: NONDETERMINISTIC: first diverges from its re-simulation at frame 77",
		"inputs: not compared",
		"verdict:\n  nondeterminism: slot 0's state diverges from its own re-simulation at frame 77\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("desync diff output lacks %q:\n%s", want, out)
		}
	}
}

func TestDesyncFlagsAndBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := writeDesyncReport(t, dir, 0, 1, 30, -1, -1)
	junk := filepath.Join(dir, "junk.fgdr")
	if err := os.WriteFile(junk, []byte("FGDR nonsense"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"desync", "-h"}, 0, ""},
		{[]string{"desync", "diff", "-h"}, 0, ""},
		{[]string{"desync"}, 2, "missing subcommand"},
		{[]string{"desync", "merge"}, 2, "unknown subcommand"},
		{[]string{"desync", "diff"}, 2, "missing REPORT"},
		{[]string{"desync", "diff", good, good, good}, 2, "at most one REPORT2"},
		{[]string{"desync", "diff", "--fields", "-1", good}, 2, "--fields"},
		{[]string{"desync", "diff", filepath.Join(dir, "absent.fgdr")}, 1, "no such file"},
		{[]string{"desync", "diff", junk}, 1, "malformed desync report"},
		{[]string{"desync", "diff", good, good}, 1, "both reports were written by slot 0"},
	}
	for _, tt := range tests {
		code, _, errOut := execFishgame(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.err) {
			t.Errorf("fishgame %v: exit %d, stderr %q; want exit %d mentioning %q", tt.args[1:], code, errOut, tt.code, tt.err)
		}
	}
}
