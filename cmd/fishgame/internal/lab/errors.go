package lab

import "errors"

var (
	// ErrBadConfig indicates a Config that cannot run (a flag out of range).
	ErrBadConfig = errors.New("bad lab config")
	// ErrDesync indicates peers that played to the end disagree on the
	// game state: a determinism bug.
	ErrDesync = errors.New("desync")
	// ErrDisconnect indicates a run in which a peer dropped another: the
	// network, not the game, failed.
	ErrDisconnect = errors.New("disconnect")
)
