package frontend

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fishgame/fishgame/game"
)

// goldenReplay loads one of game's recorded bot matches.
func goldenReplay(t *testing.T, name string) game.Replay {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "game", "testdata", "replays", name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := game.ParseReplay(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// playedTo returns the checksum after playing r's first n frames straight.
func playedTo(t *testing.T, r game.Replay, n int) uint64 {
	t.Helper()
	s, err := game.New(r.Config)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range r.Inputs[:n] {
		s.Step(in)
	}
	return s.Checksum()
}

// TestReplaySeekMatchesPlaying seeks forward and backward, onto and
// across snapshot boundaries, and compares each state with playing the
// replay straight to that frame.
func TestReplaySeekMatchesPlaying(t *testing.T) {
	r := goldenReplay(t, "bots-4p-seed7.fgr")
	p, err := newReplayPlayer(r)
	if err != nil {
		t.Fatal(err)
	}
	n := len(r.Inputs)
	if n < 3*snapshotEvery {
		t.Fatalf("replay has %d frames, want at least %d to cross snapshots", n, 3*snapshotEvery)
	}
	targets := []int{
		snapshotEvery + 7, snapshotEvery - 1, 3*snapshotEvery + 1, 3 * snapshotEvery, snapshotEvery,
		0, n, 2*snapshotEvery + 50, 5, n - 1, snapshotEvery + 1, 2*snapshotEvery + 49,
	}
	for _, f := range targets {
		p.seek(f)
		if got := p.frame(); got != f {
			t.Fatalf("seek(%d) shows frame %d", f, got)
		}
		if got, want := p.state.Checksum(), playedTo(t, r, f); got != want {
			t.Errorf("seek(%d): checksum %016x, playing to %d gives %016x", f, got, f, want)
		}
	}
	if p.mismatch != nil {
		t.Errorf("a golden replay reports a mismatch: %v", p.mismatch)
	}
	p.seek(-10)
	if p.frame() != 0 {
		t.Errorf("seek(-10) shows frame %d, want 0", p.frame())
	}
	p.seek(n + 100)
	if p.frame() != n || p.step() {
		t.Errorf("seek past the end shows frame %d (step possible %v), want %d and no step", p.frame(), p.step(), n)
	}
}

// TestReplayPlayerReportsMismatch plays a replay whose recorded checksum
// was altered: the player names that frame and goes on playing.
func TestReplayPlayerReportsMismatch(t *testing.T) {
	r := goldenReplay(t, "bots-2p-seed1.fgr")
	r.Checksums = append([]uint64(nil), r.Checksums...)
	r.Checksums[1]++
	p, err := newReplayPlayer(r)
	if err != nil {
		t.Fatal(err)
	}
	p.seek(len(r.Inputs))
	if p.mismatch == nil || p.mismatch.Frame != int32(2*r.Interval) {
		t.Fatalf("mismatch = %v, want one at frame %d", p.mismatch, 2*r.Interval)
	}
	if p.frame() != len(r.Inputs) {
		t.Errorf("played to frame %d, want the end %d despite the mismatch", p.frame(), len(r.Inputs))
	}
}

func TestNewReplayPlayerRejectsUnknownMap(t *testing.T) {
	r := goldenReplay(t, "bots-2p-seed1.fgr")
	r.Config.Map = 200
	if _, err := newReplayPlayer(r); err == nil {
		t.Error("newReplayPlayer accepted a replay on map 200")
	}
}

// TestReplayViewerControls drives the viewer's controls without a window:
// speeds from 0.25× to 4×, pause, frame steps both ways and the seek bar.
func TestReplayViewerControls(t *testing.T) {
	r := goldenReplay(t, "bots-3p-seed5.fgr")
	v, err := NewReplayViewer(ReplayConfig{Replay: r}, &Speaker{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		speed, ticks, frames int
	}{{0, 8, 2}, {1, 8, 4}, {normalSpeed, 8, 8}, {3, 8, 16}, {4, 8, 32}} {
		v.speed = tt.speed
		start := v.player.frame()
		for range tt.ticks {
			v.tick()
		}
		if got := v.player.frame() - start; got != tt.frames {
			t.Errorf("%s: %d ticks played %d frames, want %d", speedLabel(replaySpeeds[tt.speed]), tt.ticks, got, tt.frames)
		}
	}
	v.changeSpeed(+9)
	if v.speed != len(replaySpeeds)-1 {
		t.Errorf("speed after +9 = %d, want the fastest", v.speed)
	}
	v.togglePause()
	at := v.player.frame()
	v.tick()
	v.stepFrame(+1)
	v.stepFrame(+1)
	v.stepFrame(-1)
	if got := v.player.frame(); got != at+1 || !v.paused {
		t.Errorf("paused, +1 +1 -1 shows frame %d (paused %v), want %d", got, v.paused, at+1)
	}
	if got, want := v.State().Checksum(), playedTo(t, r, at+1); got != want {
		t.Errorf("after stepping back: checksum %016x, want %016x", got, want)
	}
	v.clickBar(seekBar.Min.X+seekBar.Dx()/2, seekBar.Min.Y+2)
	if got, want := v.player.frame(), barFrame(seekBar.Min.X+seekBar.Dx()/2, len(r.Inputs)); got != want || want < len(r.Inputs)/2-len(r.Inputs)/100 {
		t.Errorf("click in the middle of the bar shows frame %d, want %d of %d", got, want, len(r.Inputs))
	}
	v.clickBar(seekBar.Max.X, 20) // far above the bar: no seek
	if got := v.player.frame(); got == len(r.Inputs) {
		t.Error("a click above the seek bar seeked to the end")
	}
	v.seek(len(r.Inputs) - 1)
	v.paused = false
	for range 4 {
		v.tick()
	}
	if !v.paused || !v.player.atEnd() {
		t.Errorf("playing past the end: paused %v at frame %d, want paused at %d", v.paused, v.player.frame(), len(r.Inputs))
	}
	v.togglePause()
	if v.player.frame() != 0 || v.paused {
		t.Errorf("Space at the end: frame %d paused %v, want playing from 0", v.player.frame(), v.paused)
	}
}
