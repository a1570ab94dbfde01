package game

import (
	"encoding/binary"
	"fmt"
)

// Replay file format, version 1. All integers are little endian.
//
//	offset  size  field
//	0       4     magic "FGRP"
//	4       2     format version (ReplayVersion)
//	6       1     players (MinPlayers..MaxPlayers)
//	7       1     first map (index into BuiltinMaps)
//	8       8     seed
//	16      2     checksum interval N (>= 1)
//	18      4     frame count F
//	22            F frames: one input byte per player; after every Nth frame
//	              the 8-byte checksum of the state after that frame
//	end-8   8     checksum of the state after the last frame
const (
	// ReplayVersion is the replay format version this package writes and reads.
	ReplayVersion = 1
	// DefaultChecksumInterval is the checksum interval Recorder uses by default:
	// one a second.
	DefaultChecksumInterval = 60
	// ReplayHeaderSize is the size of a replay header in bytes.
	ReplayHeaderSize = 22

	replayMagic = "FGRP"
	// maxReplayFrames bounds a replay to about 20 hours of play.
	maxReplayFrames = 1 << 22
)

// Replay is a recorded match: its config, every frame's inputs and the
// checksums the simulation had while it was recorded.
type Replay struct {
	// Config is the match's players, seed and first map.
	Config Config
	// Interval is the number of frames between recorded checksums.
	Interval int
	// Inputs holds each frame's inputs; slots at or above Config.Players are zero.
	Inputs [][MaxPlayers]Input
	// Checksums[k] is the checksum after frame (k+1)*Interval.
	Checksums []uint64
	// Final is the checksum after the last frame.
	Final uint64
}

// ReplayError describes malformed replay bytes and where they are.
type ReplayError struct {
	// Offset is the byte offset of the problem.
	Offset int
	// Msg says what was found and what was expected.
	Msg string
}

// Error formats the error as "offset N: msg".
func (e *ReplayError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// Unwrap returns ErrReplay.
func (e *ReplayError) Unwrap() error { return ErrReplay }

// MismatchError reports the first frame whose re-simulated checksum differs
// from the one recorded in a replay.
type MismatchError struct {
	// Frame is the frame number (State.Frame) of the differing checksum.
	Frame int32
	// Got is the checksum the simulation gives now.
	Got uint64
	// Want is the checksum recorded in the replay.
	Want uint64
}

// Error names the frame and both checksums.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("frame %d: checksum 0x%016x, replay recorded 0x%016x", e.Frame, e.Got, e.Want)
}

// Unwrap returns ErrReplayMismatch.
func (e *MismatchError) Unwrap() error { return ErrReplayMismatch }

// replaySize returns the encoded size of a replay with these parameters.
func replaySize(players, interval, frames uint64) uint64 {
	return ReplayHeaderSize + frames*players + frames/interval*8 + 8
}

// validate checks the fields an encoding depends on.
func (r Replay) validate() error {
	switch {
	case r.Config.Players < MinPlayers || r.Config.Players > MaxPlayers:
		return fmt.Errorf("replay has %d players, expected %d to %d: %w", r.Config.Players, MinPlayers, MaxPlayers, ErrReplay)
	case r.Config.Map < 0 || r.Config.Map > 255:
		return fmt.Errorf("replay map index %d, expected 0 to 255: %w", r.Config.Map, ErrReplay)
	case r.Interval < 1 || r.Interval > 0xffff:
		return fmt.Errorf("replay checksum interval %d, expected 1 to 65535: %w", r.Interval, ErrReplay)
	case len(r.Inputs) > maxReplayFrames:
		return fmt.Errorf("replay has %d frames, expected at most %d: %w", len(r.Inputs), maxReplayFrames, ErrReplay)
	case len(r.Checksums) != len(r.Inputs)/r.Interval:
		return fmt.Errorf("replay has %d checksums for %d frames every %d, expected %d: %w",
			len(r.Checksums), len(r.Inputs), r.Interval, len(r.Inputs)/r.Interval, ErrReplay)
	}
	return nil
}

// AppendBinary appends the replay's encoding to b.
func (r Replay) AppendBinary(b []byte) ([]byte, error) {
	if err := r.validate(); err != nil {
		return b, err
	}
	b = append(b, replayMagic...)
	b = le16(b, ReplayVersion)
	b = append(b, byte(r.Config.Players), byte(r.Config.Map))
	b = le64(b, r.Config.Seed)
	b = le16(b, uint16(r.Interval))
	b = le32(b, uint32(len(r.Inputs)))
	for i, in := range r.Inputs {
		for slot := range r.Config.Players {
			b = append(b, byte(in[slot]&InputMask))
		}
		if (i+1)%r.Interval == 0 {
			b = le64(b, r.Checksums[(i+1)/r.Interval-1])
		}
	}
	return le64(b, r.Final), nil
}

// MarshalBinary returns the replay's encoding.
func (r Replay) MarshalBinary() ([]byte, error) {
	n := replaySize(uint64(max(r.Config.Players, 0)), uint64(max(r.Interval, 1)), uint64(len(r.Inputs)))
	return r.AppendBinary(make([]byte, 0, min(n, 1<<26)))
}

// ParseReplay decodes a replay. Malformed or truncated data gives a
// *ReplayError naming the offset and what was expected there.
func ParseReplay(data []byte) (Replay, error) {
	fail := func(off int, format string, a ...any) (Replay, error) {
		return Replay{}, &ReplayError{Offset: off, Msg: fmt.Sprintf(format, a...)}
	}
	if len(data) < ReplayHeaderSize {
		if len(data) >= 4 && string(data[:4]) != replayMagic {
			return fail(0, "magic %q, expected %q", data[:4], replayMagic)
		}
		return fail(len(data), "unexpected end of data in the %d-byte header", ReplayHeaderSize)
	}
	if string(data[:4]) != replayMagic {
		return fail(0, "magic %q, expected %q", data[:4], replayMagic)
	}
	if v := binary.LittleEndian.Uint16(data[4:]); v != ReplayVersion {
		return fail(4, "format version %d, expected %d", v, ReplayVersion)
	}
	players := int(data[6])
	if players < MinPlayers || players > MaxPlayers {
		return fail(6, "%d players, expected %d to %d", players, MinPlayers, MaxPlayers)
	}
	r := Replay{Config: Config{Players: players, Map: int(data[7]), Seed: binary.LittleEndian.Uint64(data[8:])}}
	r.Interval = int(binary.LittleEndian.Uint16(data[16:]))
	if r.Interval == 0 {
		return fail(16, "checksum interval 0, expected at least 1")
	}
	frames := binary.LittleEndian.Uint32(data[18:])
	if frames > maxReplayFrames {
		return fail(18, "%d frames, expected at most %d", frames, maxReplayFrames)
	}
	want := replaySize(uint64(players), uint64(r.Interval), uint64(frames))
	if uint64(len(data)) > want {
		return fail(int(want), "%d bytes after the final checksum, expected end of data", uint64(len(data))-want)
	}
	if uint64(len(data)) < want {
		// Name the first piece that is cut off.
		off := uint64(ReplayHeaderSize)
		for f := uint64(0); f < uint64(frames); f++ {
			if off+uint64(players) > uint64(len(data)) {
				return fail(len(data), "unexpected end of data in the inputs of frame %d, expected %d bytes", f+1, players)
			}
			off += uint64(players)
			if (f+1)%uint64(r.Interval) == 0 {
				if off+8 > uint64(len(data)) {
					return fail(len(data), "unexpected end of data in the checksum after frame %d, expected 8 bytes", f+1)
				}
				off += 8
			}
		}
		return fail(len(data), "unexpected end of data in the final checksum, expected 8 bytes")
	}
	r.Inputs = make([][MaxPlayers]Input, frames)
	r.Checksums = make([]uint64, 0, int(frames)/r.Interval)
	off := ReplayHeaderSize
	for f := range r.Inputs {
		for slot := range players {
			in := Input(data[off])
			if in&^InputMask != 0 {
				return fail(off, "input 0x%02x of slot %d in frame %d has undefined bits, expected a mask of 0x%02x",
					byte(in), slot, f+1, byte(InputMask))
			}
			r.Inputs[f][slot] = in
			off++
		}
		if (f+1)%r.Interval == 0 {
			r.Checksums = append(r.Checksums, binary.LittleEndian.Uint64(data[off:]))
			off += 8
		}
	}
	r.Final = binary.LittleEndian.Uint64(data[off:])
	return r, nil
}

// Verify re-simulates the replay and compares every recorded checksum. It
// returns a *MismatchError for the first frame that differs, or the error
// of New if the config cannot start a match.
func (r Replay) Verify() error {
	if err := r.validate(); err != nil {
		return err
	}
	s, err := New(r.Config)
	if err != nil {
		return err
	}
	for i, in := range r.Inputs {
		s.Step(in)
		if (i+1)%r.Interval == 0 {
			if got, want := s.Checksum(), r.Checksums[(i+1)/r.Interval-1]; got != want {
				return &MismatchError{Frame: s.Frame(), Got: got, Want: want}
			}
		}
	}
	if got := s.Checksum(); got != r.Final {
		return &MismatchError{Frame: s.Frame(), Got: got, Want: r.Final}
	}
	return nil
}

// Recorder plays a match and records it as a Replay.
type Recorder struct {
	state  State
	replay Replay
}

// NewRecorder starts a match with cfg, recording a checksum every interval
// frames (DefaultChecksumInterval if interval is 0).
func NewRecorder(cfg Config, interval int) (*Recorder, error) {
	if interval == 0 {
		interval = DefaultChecksumInterval
	}
	if interval < 1 || interval > 0xffff {
		return nil, fmt.Errorf("checksum interval %d, expected 1 to 65535: %w", interval, ErrConfig)
	}
	if cfg.Map > 255 {
		return nil, fmt.Errorf("map index %d, expected at most 255: %w", cfg.Map, ErrConfig)
	}
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return &Recorder{state: s, replay: Replay{Config: cfg, Interval: interval}}, nil
}

// State returns the match being recorded; Step it only through the Recorder.
func (r *Recorder) State() *State { return &r.state }

// Step advances the match by one frame and records it.
func (r *Recorder) Step(in [MaxPlayers]Input) {
	for slot := r.replay.Config.Players; slot < MaxPlayers; slot++ {
		in[slot] = 0
	}
	for slot := range in {
		in[slot] &= InputMask
	}
	r.state.Step(in)
	r.replay.Inputs = append(r.replay.Inputs, in)
	if len(r.replay.Inputs)%r.replay.Interval == 0 {
		r.replay.Checksums = append(r.replay.Checksums, r.state.Checksum())
	}
}

// Replay returns the recording so far, ending with the current state's
// checksum. It shares input storage with the Recorder.
func (r *Recorder) Replay() Replay {
	out := r.replay
	out.Final = r.state.Checksum()
	return out
}
