package frontend

import (
	"fmt"

	"github.com/fishgame/fishgame/game"
)

// snapshotEvery is how many frames apart a replayPlayer keeps states to
// seek from: 2 seconds, 2.4 KB each.
const snapshotEvery = 120

// replayPlayer plays a replay's inputs and seeks to any frame by loading
// the nearest kept state at or before it and re-simulating from there. It
// keeps a copy of the state every snapshotEvery frames as it plays them.
// It needs no window.
type replayPlayer struct {
	replay game.Replay
	state  game.State
	// snaps[k] is the state after frame k*snapshotEvery; it grows as
	// frames are first played.
	snaps []game.State
	// mismatch is the first recorded checksum the simulation disagreed
	// with, nil while every one matched.
	mismatch *game.MismatchError
}

// newReplayPlayer starts r at frame 0. It fails when r's config cannot
// start a match, such as a map this build does not have.
func newReplayPlayer(r game.Replay) (*replayPlayer, error) {
	s, err := game.New(r.Config)
	if err != nil {
		return nil, fmt.Errorf("replay cannot start a match: %w", err)
	}
	if r.Interval < 1 {
		return nil, fmt.Errorf("replay checksum interval %d, expected at least 1: %w", r.Interval, game.ErrReplay)
	}
	return &replayPlayer{replay: r, state: s, snaps: []game.State{s}}, nil
}

// frame returns the number of frames played, 0 to length.
func (p *replayPlayer) frame() int { return int(p.state.Frame()) }

// length returns the replay's number of frames.
func (p *replayPlayer) length() int { return len(p.replay.Inputs) }

// atEnd reports whether the last frame was played.
func (p *replayPlayer) atEnd() bool { return p.frame() >= p.length() }

// step plays the next frame, keeps a snapshot at each boundary first
// reached and checks a recorded checksum there is one. It reports false
// at the end of the replay.
func (p *replayPlayer) step() bool {
	f := p.frame()
	if f >= p.length() {
		return false
	}
	p.state.Step(p.replay.Inputs[f])
	f++
	if f%snapshotEvery == 0 && f/snapshotEvery == len(p.snaps) {
		p.snaps = append(p.snaps, p.state)
	}
	p.check(f)
	return true
}

// check compares the state after frame f with the checksum the replay
// recorded there, if it recorded one.
func (p *replayPlayer) check(f int) {
	if p.mismatch != nil {
		return
	}
	want, ok := uint64(0), false
	switch {
	case f == p.length():
		want, ok = p.replay.Final, true
	case f%p.replay.Interval == 0 && f/p.replay.Interval <= len(p.replay.Checksums):
		want, ok = p.replay.Checksums[f/p.replay.Interval-1], true
	}
	if got := p.state.Checksum(); ok && got != want {
		p.mismatch = &game.MismatchError{Frame: int32(f), Got: got, Want: want}
	}
}

// seek moves to frame n (clamped to 0..length): from the current state
// when n is ahead of it and no snapshot is closer, else from the nearest
// snapshot at or before n.
func (p *replayPlayer) seek(n int) {
	n = min(max(n, 0), p.length())
	k := min(n/snapshotEvery, len(p.snaps)-1)
	if cur := p.frame(); cur > n || cur < k*snapshotEvery {
		p.state = p.snaps[k]
	}
	for p.frame() < n {
		p.step()
	}
}
