package desync

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// peerView is one peer's record of a scripted 4-player match.
type peerView struct {
	rec   *Recorder
	state game.State
	sum   uint64 // the checksum this peer has at the last frame
	dump  []byte // its state dump at the last frame
}

// scripted is a 4-player match's input of player p at frame f.
func scripted(f int32, p int) game.Input { return game.Input((int(f)/7 + p*11) % 64) }

// viewOf plays frames frames of the scripted match with input, recording
// them as a peer would. From state frame badFrom on (never if negative) the
// peer behaves as a nondeterministic build would: its checksums differ
// from the simulation's, and so does field in its dump at the last frame.
func viewOf(t *testing.T, frames int32, input func(int32, int) game.Input, badFrom int32, field string) peerView {
	t.Helper()
	cfg := game.Config{Players: 4, Seed: 9}
	rec, err := NewRecorder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := game.New(cfg)
	bad := func() uint64 {
		if badFrom >= 0 && s.Frame() >= badFrom {
			return 1
		}
		return 0
	}
	for f := range frames {
		var in [game.MaxPlayers]game.Input
		for p := range cfg.Players {
			in[p] = input(f, p)
		}
		s.Step(in)
		rec.Record(in, s.Checksum()^bad())
	}
	v := peerView{rec: rec, state: s, sum: s.Checksum() ^ bad()}
	v.dump, _ = s.AppendBinary(nil)
	if field != "" {
		v.dump[fieldOffset(t, v.dump, field)]++
	}
	return v
}

// fieldOffset finds the first byte of the named field in a state dump.
func fieldOffset(t *testing.T, dump []byte, path string) int {
	t.Helper()
	for off := range dump {
		b := bytes.Clone(dump)
		b[off]++
		if d, _ := game.DiffEncoded(dump, b); len(d) == 1 && d[0].Path == path {
			return off
		}
	}
	t.Fatalf("no field %q in the state encoding", path)
	return 0
}

// reportOf is the report slot writes of its desync with otherSlot; with
// both, it holds other's side too, as the lab's reports do.
func reportOf(t *testing.T, slot int, self peerView, otherSlot int, other peerView, both bool) Report {
	t.Helper()
	frame := self.state.Frame()
	ev := rollback.Event{Kind: rollback.EventDesync, Peer: otherSlot, Frame: frame, Local: self.sum, Remote: other.sum}
	r, err := NewReport(Match{ID: "match-7", Players: []string{"ann", "bo", "cy", "di"}, Slot: slot}, self.rec, ev, &self.state)
	if err != nil {
		t.Fatal(err)
	}
	r.Local.State = self.dump
	if both {
		prefix, _ := other.rec.Prefix(frame)
		if err := r.AttachRemote(Side{Slot: otherSlot, Checksum: other.sum, State: other.dump, Replay: prefix}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func paths(d []game.FieldDiff) []string {
	var out []string
	for _, f := range d {
		out = append(out, f.Path)
	}
	return out
}

func TestAnalyzeNamesNondeterminismItsFrameAndField(t *testing.T) {
	good := viewOf(t, 120, scripted, -1, "")
	bad := viewOf(t, 120, scripted, 95, "fish[2].x")
	a, err := Analyze(reportOf(t, 0, good, 1, bad, true), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(a.Fields); !a.FieldsKnown || !reflect.DeepEqual(got, []string{"fish[2].x"}) {
		t.Errorf("Fields = %v (known %v), want [fish[2].x]", got, a.FieldsKnown)
	}
	if a.Local.Nondeterministic() {
		t.Errorf("slot 0 diverged from its re-simulation at frame %d, want it to match", a.Local.Diverged)
	}
	if !a.Remote.Nondeterministic() || a.Remote.Diverged != 95 {
		t.Errorf("slot 1 Diverged = %d (done %v), want frame 95", a.Remote.Diverged, a.Remote.Done)
	}
	if got := paths(a.Remote.Dump); !reflect.DeepEqual(got, []string{"fish[2].x"}) {
		t.Errorf("slot 1's dump differs from its re-simulation in %v, want [fish[2].x]", got)
	}
	if len(a.Local.Dump) != 0 {
		t.Errorf("slot 0's dump differs from its re-simulation in %v, want none", paths(a.Local.Dump))
	}
	if a.Inputs.Differ() || !a.Inputs.Done {
		t.Errorf("Inputs = %+v, want compared and equal", a.Inputs)
	}
	want := []string{"nondeterminism: slot 1's state diverges from its own re-simulation at frame 95"}
	if got := a.Causes(); !reflect.DeepEqual(got, want) {
		t.Errorf("Causes() = %q, want %q", got, want)
	}
	var out strings.Builder
	if err := a.WriteText(&out, 0); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"fields that differ at frame 120", "fish[2].x: ", "slot 1 (bo): NONDETERMINISTIC: first diverges from its re-simulation at frame 95", want[0]} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("WriteText lacks %q:\n%s", s, out.String())
		}
	}
}

func TestAnalyzeNamesTheFirstFrameWhoseInputsDiffer(t *testing.T) {
	// Slot 1 confirmed another input for player 3 at frame 50 (as a
	// rollback bug would) and simulated it faithfully.
	other := func(f int32, p int) game.Input {
		if f == 50 && p == 3 {
			return scripted(f, p) ^ game.InputJump
		}
		return scripted(f, p)
	}
	a, err := Analyze(reportOf(t, 0, viewOf(t, 90, scripted, -1, ""), 1, viewOf(t, 90, other, -1, ""), true), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Local.Nondeterministic() || a.Remote.Nondeterministic() {
		t.Errorf("a side diverged from its own re-simulation (at %d, %d), want none", a.Local.Diverged, a.Remote.Diverged)
	}
	if !a.Inputs.Differ() || a.Inputs.Frame != 50 || !reflect.DeepEqual(a.Inputs.Slots, []int{3}) {
		t.Errorf("Inputs = %+v, want frame 50, slot 3", a.Inputs)
	}
	if !a.FieldsKnown || len(a.Fields) == 0 {
		t.Errorf("Fields = %v, want the fields the other input changed", a.Fields)
	}
	want := []string{"input mismatch: the peers confirmed different inputs for frame 50"}
	if got := a.Causes(); !reflect.DeepEqual(got, want) {
		t.Errorf("Causes() = %q, want %q", got, want)
	}
}

func TestAnalyzeTakesTheOtherPeersReport(t *testing.T) {
	good := viewOf(t, 60, scripted, -1, "")
	bad := viewOf(t, 60, scripted, 31, "fish[1].vy")
	combined, err := Analyze(reportOf(t, 0, good, 2, bad, true), nil)
	if err != nil {
		t.Fatal(err)
	}
	other := reportOf(t, 2, bad, 0, good, false)
	a, err := Analyze(reportOf(t, 0, good, 2, bad, false), &other)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, combined) {
		t.Errorf("Analyze of two one-sided reports differs from Analyze of a report with both sides")
	}

	alone, err := Analyze(reportOf(t, 0, good, 2, bad, false), nil)
	if err != nil {
		t.Fatal(err)
	}
	if alone.FieldsKnown || alone.Remote.Done || alone.Inputs.Done {
		t.Errorf("one-sided Analysis = %+v, want the remote side unknown", alone)
	}
	if c := alone.Causes(); len(c) != 1 || !strings.Contains(c[0], "give the other peer's report") {
		t.Errorf("one-sided Causes() = %q, want it to ask for the other report", c)
	}

	same := reportOf(t, 0, good, 2, bad, false)
	if _, err := Analyze(same, &same); err == nil {
		t.Error("Analyze of one peer's report twice succeeded")
	}
	early := reportOf(t, 2, viewOf(t, 30, scripted, -1, ""), 0, good, false)
	if _, err := Analyze(same, &early); err == nil {
		t.Error("Analyze of reports of frames 60 and 30 succeeded")
	}
}

func TestAnalyzeADesyncAtTheStart(t *testing.T) {
	// Peers that started from different seeds disagree at frame 0 already.
	r := reportOf(t, 0, viewOf(t, 0, scripted, -1, ""), 1, viewOf(t, 0, scripted, 0, "rng"), true)
	a, err := Analyze(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(a.Fields); !reflect.DeepEqual(got, []string{"rng"}) || a.Remote.Diverged != 0 {
		t.Errorf("fields %v, slot 1 diverged at %d; want [rng] at frame 0", got, a.Remote.Diverged)
	}
	var out strings.Builder
	a.WriteText(&out, 0)
	if !strings.Contains(out.String(), "inputs of no frames (the desync is at the start)") || strings.Contains(out.String(), "0--1") {
		t.Errorf("WriteText at frame 0:\n%s", out.String())
	}
}
