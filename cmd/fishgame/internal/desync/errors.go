package desync

import "errors"

var (
	// ErrReport indicates bytes that do not follow the desync report format.
	ErrReport = errors.New("malformed desync report")
	// ErrChunk indicates a dump chunk that is malformed, out of range, a
	// duplicate, or inconsistent with the other chunks of its dump.
	ErrChunk = errors.New("bad dump chunk")
	// ErrDumpChecksum indicates a reassembled dump whose checksum differs
	// from the one its chunks announced.
	ErrDumpChecksum = errors.New("dump checksum mismatch")
	// ErrNoPrefix indicates a recorder that does not hold the inputs of
	// every frame before the one asked for.
	ErrNoPrefix = errors.New("replay prefix not recorded")
)
