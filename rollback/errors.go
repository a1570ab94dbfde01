package rollback

import "errors"

var (
	// ErrTruncated indicates a packet shorter than its type requires.
	ErrTruncated = errors.New("truncated packet")
	// ErrOversized indicates a packet longer than MaxPacketSize or than its
	// type allows.
	ErrOversized = errors.New("oversized packet")
	// ErrVersion indicates a packet from another wire protocol version.
	ErrVersion = errors.New("unsupported wire version")
	// ErrPacketType indicates a packet of an unknown type.
	ErrPacketType = errors.New("unknown packet type")
	// ErrMalformed indicates a packet whose fields are inconsistent (a bad
	// player set, a corrupt compressed payload, an impossible count).
	ErrMalformed = errors.New("malformed packet")
	// ErrFrameRange indicates frame numbers that cannot be encoded.
	ErrFrameRange = errors.New("frame out of encodable range")
	// ErrConfig indicates an invalid session configuration.
	ErrConfig = errors.New("invalid session configuration")
	// ErrInputCount indicates AdvanceFrame got a different number of local
	// inputs than the session has local players.
	ErrInputCount = errors.New("wrong number of local inputs")
	// ErrMismatch indicates a sync test found a resimulated frame whose
	// checksum differs from the first simulation of that frame.
	ErrMismatch = errors.New("checksum mismatch")
)
