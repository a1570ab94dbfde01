package desync

import (
	"encoding/binary"
	"fmt"

	"github.com/fishgame/fishgame/game"
)

// Dump format, version 1: one peer's side of a desync, which it sends the
// other peer (split into chunks, see SplitDump) so that both reports hold
// both sides. Integers are little endian.
//
//	offset  size  field
//	0       4     magic "FGDS"
//	4       2     report format version (Version)
//	6       2     state encoding version (game.StateEncodingVersion)
//	8       4     frame of the desync
//	12      1     players
//	13      1     first map
//	14      8     seed
//	22            the side, as in a report: slot, checksum, state, replay
const dumpMagic = "FGDS"

// AppendDump appends the dump of r's local side to b: what this peer sends
// the remote peer of the desync.
func (r *Report) AppendDump(b []byte) ([]byte, error) {
	b = append(b, dumpMagic...)
	b = binary.LittleEndian.AppendUint16(b, Version)
	b = binary.LittleEndian.AppendUint16(b, game.StateEncodingVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(r.Frame))
	b = append(b, byte(r.Config.Players), byte(r.Config.Map))
	b = binary.LittleEndian.AppendUint64(b, r.Config.Seed)
	return r.Local.appendBinary(b, r)
}

// ParseDump decodes a dump: the frame of the desync, the sender's match and
// its side. Malformed data gives an error wrapping ErrReport that names the
// offset; it never panics. The side does not alias data.
func ParseDump(data []byte) (frame int32, cfg game.Config, s Side, err error) {
	r := &reader{b: data}
	rep := r.header(dumpMagic, "dump")
	r.side(&rep, &s)
	if r.err == nil && r.off != len(data) {
		r.fail("%d bytes after the side, expected end of data", len(data)-r.off)
	}
	if r.err != nil {
		return 0, game.Config{}, Side{}, r.err
	}
	return rep.Frame, rep.Config, s, nil
}

// AttachDump puts the remote peer's dump into r as its remote side. The
// dump must be of r's frame and match, from r's remote slot with the
// checksum r has for it.
func (r *Report) AttachDump(data []byte) error {
	frame, cfg, s, err := ParseDump(data)
	if err != nil {
		return err
	}
	if frame != r.Frame || cfg != r.Config {
		return fmt.Errorf("dump of frame %d of match %+v for a report of frame %d of %+v: %w", frame, cfg, r.Frame, r.Config, ErrReport)
	}
	return r.AttachRemote(s)
}
