package game

import "errors"

var (
	// ErrConfig indicates a Config that cannot start a match, such as a
	// player count outside MinPlayers..MaxPlayers.
	ErrConfig = errors.New("invalid game config")
	// ErrMap indicates a map file that does not follow the map format.
	ErrMap = errors.New("malformed map")
	// ErrReplay indicates replay bytes that do not follow the replay format.
	ErrReplay = errors.New("malformed replay")
	// ErrReplayMismatch indicates that re-simulating a replay gave a checksum
	// other than the one recorded in it.
	ErrReplayMismatch = errors.New("replay checksum mismatch")
	// ErrStateEncoding indicates bytes that are not a canonical state
	// encoding of this StateEncodingVersion.
	ErrStateEncoding = errors.New("malformed state encoding")
)
