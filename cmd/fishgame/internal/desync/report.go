package desync

import (
	"encoding/binary"
	"fmt"

	"github.com/fishgame/fishgame/game"
)

// Report file format, version 1. Integers are little endian; a string is a
// one-byte length and that many bytes.
//
//	offset  size  field
//	0       4     magic "FGDR"
//	4       2     report format version (Version)
//	6       2     state encoding version (game.StateEncodingVersion)
//	8       4     frame of the first mismatching checkpoint
//	12      1     players
//	13      1     first map (index into the rotation)
//	14      8     seed
//	22      str   match id
//	        1     rotation length R (1..game.MaxMaps), then R map names (str)
//	        1     player count (= players), then each slot's name (str)
//	              the local side, then the remote side:
//	        1       slot
//	        8       checksum at the frame
//	        4       state length S (0 or game.StateEncodingSize), S bytes of
//	                game's canonical state encoding at the frame
//	        4       replay length P (0..MaxReplaySize), P bytes of a game
//	                replay of frames 0..frame-1 (checksum interval 1)
const (
	// Version is the report format version this package writes and reads.
	Version = 1
	// MaxReplaySize bounds a side's replay prefix: about 40 hours of a
	// 4-player match at one checksum a frame.
	MaxReplaySize = 1 << 26
	// MaxName bounds the match id, a map name or a player name, in bytes.
	MaxName = 255

	reportMagic      = "FGDR"
	reportHeaderSize = 22
)

// Report is one peer's account of a desync.
type Report struct {
	// Frame is the first confirmed frame whose checksums differ.
	Frame int32
	// MatchID identifies the match (the signaling server's match id).
	MatchID string
	// Config is the match's players, seed and first map.
	Config game.Config
	// Rotation names the maps of the rotation, in order.
	Rotation []string
	// Players names the player of each slot ("" when unknown).
	Players []string
	// Local is the side of the peer that wrote the report.
	Local Side
	// Remote is the peer whose checksum disagreed. Its checksum is always
	// known; its state and replay only once it sent its side.
	Remote Side
}

// Side is one peer's view of the desync frame.
type Side struct {
	// Slot is the peer's player slot.
	Slot int
	// Checksum is the peer's checksum of the state at the frame.
	Checksum uint64
	// State is the peer's canonical state encoding (game.State.AppendBinary)
	// at the frame, nil when unknown. game.ParseFields names its fields.
	State []byte
	// Replay holds every input of frames 0..frame-1 as the peer confirmed
	// them and the checksum it had after each frame; Replay.Inputs is nil
	// when unknown.
	Replay game.Replay
}

// HasState reports whether the side's state dump is known.
func (s *Side) HasState() bool { return len(s.State) > 0 }

// HasReplay reports whether the side's replay prefix is known.
func (s *Side) HasReplay() bool { return s.Replay.Config.Players > 0 }

func appendStr(b []byte, s string) ([]byte, error) {
	if len(s) > MaxName {
		return b, fmt.Errorf("string of %d bytes, at most %d: %w", len(s), MaxName, ErrReport)
	}
	return append(append(b, byte(len(s))), s...), nil
}

// AppendBinary appends the report's encoding to b.
func (r *Report) AppendBinary(b []byte) ([]byte, error) {
	c := r.Config
	switch {
	case c.Players < game.MinPlayers || c.Players > game.MaxPlayers:
		return b, fmt.Errorf("%d players: %w", c.Players, ErrReport)
	case c.Map < 0 || c.Map >= len(r.Rotation):
		return b, fmt.Errorf("first map %d of a rotation of %d: %w", c.Map, len(r.Rotation), ErrReport)
	case len(r.Rotation) > game.MaxMaps:
		return b, fmt.Errorf("rotation of %d maps, at most %d: %w", len(r.Rotation), game.MaxMaps, ErrReport)
	case len(r.Players) != c.Players:
		return b, fmt.Errorf("%d player names for %d players: %w", len(r.Players), c.Players, ErrReport)
	case r.Frame < 0:
		return b, fmt.Errorf("frame %d: %w", r.Frame, ErrReport)
	}
	b = append(b, reportMagic...)
	b = binary.LittleEndian.AppendUint16(b, Version)
	b = binary.LittleEndian.AppendUint16(b, game.StateEncodingVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(r.Frame))
	b = append(b, byte(c.Players), byte(c.Map))
	b = binary.LittleEndian.AppendUint64(b, c.Seed)
	var err error
	if b, err = appendStr(b, r.MatchID); err != nil {
		return b, fmt.Errorf("match id: %w", err)
	}
	for _, list := range [][]string{r.Rotation, r.Players} {
		b = append(b, byte(len(list)))
		for _, s := range list {
			if b, err = appendStr(b, s); err != nil {
				return b, err
			}
		}
	}
	for _, s := range []*Side{&r.Local, &r.Remote} {
		if b, err = s.appendBinary(b, r); err != nil {
			return b, err
		}
	}
	return b, nil
}

// MarshalBinary returns the report's encoding.
func (r *Report) MarshalBinary() ([]byte, error) {
	return r.AppendBinary(make([]byte, 0, 256+2*game.StateEncodingSize+replaySize(&r.Local.Replay)+replaySize(&r.Remote.Replay)))
}

// appendBinary appends the side's encoding; r gives the frame and config
// its replay must match.
func (s *Side) appendBinary(b []byte, r *Report) ([]byte, error) {
	if s.Slot < 0 || s.Slot >= r.Config.Players {
		return b, fmt.Errorf("side slot %d of %d players: %w", s.Slot, r.Config.Players, ErrReport)
	}
	if s.HasState() && len(s.State) != game.StateEncodingSize {
		return b, fmt.Errorf("slot %d state of %d bytes, want %d: %w", s.Slot, len(s.State), game.StateEncodingSize, ErrReport)
	}
	b = append(b, byte(s.Slot))
	b = binary.LittleEndian.AppendUint64(b, s.Checksum)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s.State)))
	b = append(b, s.State...)
	if !s.HasReplay() {
		return binary.LittleEndian.AppendUint32(b, 0), nil
	}
	if err := checkReplay(&s.Replay, r); err != nil {
		return b, fmt.Errorf("slot %d: %w", s.Slot, err)
	}
	at := len(b)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b, err := s.Replay.AppendBinary(b)
	if err != nil {
		return b, fmt.Errorf("slot %d replay: %w", s.Slot, err)
	}
	n := len(b) - at - 4
	if n > MaxReplaySize {
		return b, fmt.Errorf("slot %d replay of %d bytes, at most %d: %w", s.Slot, n, MaxReplaySize, ErrReport)
	}
	binary.LittleEndian.PutUint32(b[at:], uint32(n))
	return b, nil
}

// checkReplay checks that a side's replay is a prefix of r's match up to
// r's frame.
func checkReplay(p *game.Replay, r *Report) error {
	switch {
	case p.Config != r.Config:
		return fmt.Errorf("replay of match %+v in a report of %+v: %w", p.Config, r.Config, ErrReport)
	case len(p.Inputs) != int(r.Frame):
		return fmt.Errorf("replay of %d frames for a desync at frame %d: %w", len(p.Inputs), r.Frame, ErrReport)
	}
	return nil
}

// replaySize estimates a replay's encoded size, for preallocation.
func replaySize(p *game.Replay) int {
	if p.Interval < 1 {
		return 0
	}
	n := len(p.Inputs)
	return game.ReplayHeaderSize + n*p.Config.Players + n/p.Interval*8 + 8
}
