package desync

import (
	"encoding/binary"
	"fmt"

	"github.com/fishgame/fishgame/game"
)

// reader reads a report front to back; the first problem sticks and names
// its offset.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("offset %d: %s: %w", r.off, fmt.Sprintf(format, a...), ErrReport)
	}
}

func (r *reader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.fail("unexpected end of data in %s, expected %d bytes", what, n)
		return nil
	}
	v := r.b[r.off : r.off+n]
	r.off += n
	return v
}

func (r *reader) u8(what string) uint8 {
	if v := r.take(1, what); v != nil {
		return v[0]
	}
	return 0
}

func (r *reader) u16(what string) uint16 {
	if v := r.take(2, what); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (r *reader) u32(what string) uint32 {
	if v := r.take(4, what); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (r *reader) u64(what string) uint64 {
	if v := r.take(8, what); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

func (r *reader) str(what string) string {
	n := r.u8(what + " length")
	return string(r.take(int(n), what))
}

// ParseReport decodes a report. Malformed, truncated or inconsistent data
// gives an error wrapping ErrReport that names the offset; it never panics.
// The returned report does not alias data.
func ParseReport(data []byte) (Report, error) {
	r := &reader{b: data}
	rep := r.header(reportMagic, "report")
	rep.MatchID = r.str("match id")
	if n := int(r.u8("rotation length")); r.err == nil && (n < 1 || n > game.MaxMaps || rep.Config.Map >= n) {
		r.fail("rotation of %d maps with first map %d, expected 1 to %d maps including it", n, rep.Config.Map, game.MaxMaps)
	} else {
		for range n {
			rep.Rotation = append(rep.Rotation, r.str("map name"))
		}
	}
	if n := int(r.u8("player count")); r.err == nil && n != rep.Config.Players {
		r.fail("%d player names for %d players", n, rep.Config.Players)
	} else {
		for range n {
			rep.Players = append(rep.Players, r.str("player name"))
		}
	}
	r.side(&rep, &rep.Local)
	r.side(&rep, &rep.Remote)
	if r.err == nil && r.off != len(data) {
		r.fail("%d bytes after the remote side, expected end of data", len(data)-r.off)
	}
	if r.err != nil {
		return Report{}, r.err
	}
	return rep, nil
}

// side reads one side of rep.
func (r *reader) side(rep *Report, s *Side) {
	s.Slot = int(r.u8("slot"))
	if r.err == nil && s.Slot >= rep.Config.Players {
		r.fail("slot %d of %d players", s.Slot, rep.Config.Players)
	}
	s.Checksum = r.u64("checksum")
	n := r.u32("state length")
	if r.err == nil && n != 0 && n != game.StateEncodingSize {
		r.fail("state of %d bytes, expected 0 or %d", n, game.StateEncodingSize)
	}
	if st := r.take(int(n), "state"); len(st) > 0 {
		s.State = append([]byte(nil), st...)
	}
	n = r.u32("replay length")
	if r.err == nil && n > MaxReplaySize {
		r.fail("replay of %d bytes, expected at most %d", n, MaxReplaySize)
	}
	at := r.off
	p := r.take(int(n), "replay")
	if r.err != nil || n == 0 {
		return
	}
	replay, err := game.ParseReplay(p)
	if err != nil {
		r.off = at
		r.fail("slot %d replay: %v", s.Slot, err)
		return
	}
	if err := checkReplay(&replay, rep); err != nil {
		r.off = at
		r.fail("slot %d: %v", s.Slot, err)
		return
	}
	s.Replay = replay
}

// header reads what reports and dumps both begin with: the magic, the
// format and state encoding versions, the frame, and the match's players,
// first map and seed.
func (r *reader) header(magic, what string) Report {
	if m := r.take(4, "magic"); m != nil && string(m) != magic {
		r.off = 0
		r.fail("magic %q, expected %q", m, magic)
	}
	if v := r.u16("version"); r.err == nil && v != Version {
		r.fail("%s version %d, expected %d", what, v, Version)
	}
	if v := r.u16("state encoding version"); r.err == nil && v != game.StateEncodingVersion {
		r.fail("state encoding version %d, this build reads %d", v, game.StateEncodingVersion)
	}
	var rep Report
	rep.Frame = int32(r.u32("frame"))
	if r.err == nil && rep.Frame < 0 {
		r.fail("frame %d, expected 0 or more", rep.Frame)
	}
	rep.Config.Players = int(r.u8("players"))
	if r.err == nil && (rep.Config.Players < game.MinPlayers || rep.Config.Players > game.MaxPlayers) {
		r.fail("%d players, expected %d to %d", rep.Config.Players, game.MinPlayers, game.MaxPlayers)
	}
	rep.Config.Map = int(r.u8("first map"))
	rep.Config.Seed = r.u64("seed")
	return rep
}
