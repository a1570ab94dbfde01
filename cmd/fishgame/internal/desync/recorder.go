package desync

import (
	"fmt"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// ConfirmedSource is what a Recorder reads from a rollback session: frame's
// final inputs and the checksum after it, once settled
// (rollback.P2PSession.Confirmed).
type ConfirmedSource interface {
	Confirmed(frame int32) (inputs [rollback.MaxPlayers]byte, after uint64, ok bool)
}

// Recorder keeps every confirmed input of a match and the checksum this
// peer had after each frame, so a desync report can carry the whole match
// up to the bad frame as a replay prefix. It is not safe for concurrent use,
// but replays it returned stay valid and unchanged while it records on.
type Recorder struct {
	cfg    game.Config
	start  uint64 // checksum of the state before frame 0
	inputs [][game.MaxPlayers]game.Input
	sums   []uint64
}

// NewRecorder starts recording a match of cfg.
func NewRecorder(cfg game.Config) (*Recorder, error) {
	s, err := game.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Recorder{cfg: cfg, start: s.Checksum()}, nil
}

// Config returns the recorded match's config.
func (r *Recorder) Config() game.Config { return r.cfg }

// Frames returns the number of frames recorded.
func (r *Recorder) Frames() int32 { return int32(len(r.inputs)) }

// Record appends the next frame's inputs and the checksum of the state
// after it. Input bits beyond the match's players and buttons are cleared.
func (r *Recorder) Record(in [game.MaxPlayers]game.Input, after uint64) {
	for slot := range in {
		if slot >= r.cfg.Players {
			in[slot] = 0
		}
		in[slot] &= game.InputMask
	}
	r.inputs = append(r.inputs, in)
	r.sums = append(r.sums, after)
}

// Pull records every frame src has settled since the last call and returns
// how many it recorded. Call it after executing each tick's requests.
func (r *Recorder) Pull(src ConfirmedSource) int {
	n := 0
	for {
		raw, sum, ok := src.Confirmed(r.Frames())
		if !ok {
			return n
		}
		var in [game.MaxPlayers]game.Input
		for p, v := range raw {
			in[p] = game.Input(v)
		}
		r.Record(in, sum)
		n++
	}
}

// Prefix returns frames 0..frame-1 as a replay with a checksum after every
// frame; its Final is this peer's checksum of the state at frame. It
// shares storage with the recorder.
func (r *Recorder) Prefix(frame int32) (game.Replay, error) {
	if frame < 0 || frame > r.Frames() {
		return game.Replay{}, fmt.Errorf("frame %d of %d recorded: %w", frame, r.Frames(), ErrNoPrefix)
	}
	p := game.Replay{Config: r.cfg, Interval: 1, Inputs: r.inputs[:frame:frame], Checksums: r.sums[:frame:frame], Final: r.start}
	if frame > 0 {
		p.Final = r.sums[frame-1]
	}
	return p, nil
}

// Replay returns the whole recording with a checksum every interval frames
// (1..65535), the match replay an online client keeps.
func (r *Recorder) Replay(interval int) (game.Replay, error) {
	if interval < 1 || interval > 0xffff {
		return game.Replay{}, fmt.Errorf("checksum interval %d, expected 1 to 65535: %w", interval, game.ErrConfig)
	}
	n := len(r.inputs)
	p := game.Replay{Config: r.cfg, Interval: interval, Inputs: r.inputs[:n:n], Final: r.start}
	p.Checksums = make([]uint64, 0, n/interval)
	for f := interval; f <= n; f += interval {
		p.Checksums = append(p.Checksums, r.sums[f-1])
	}
	if n > 0 {
		p.Final = r.sums[n-1]
	}
	return p, nil
}
