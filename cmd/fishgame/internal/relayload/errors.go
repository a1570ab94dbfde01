package relayload

import "errors"

var (
	// ErrBadConfig indicates a Config that cannot run (a flag out of range).
	ErrBadConfig = errors.New("bad relay-load config")
	// ErrBadFrame indicates a server frame that is not the JSON envelope
	// it claims to be.
	ErrBadFrame = errors.New("bad server frame")
	// ErrBadPayload indicates match data that this tool did not send: too
	// short to hold a send time, a sender and a sequence number.
	ErrBadPayload = errors.New("bad payload")
	// ErrNoCPU indicates a process CPU time that cannot be read (no /proc,
	// or no such process).
	ErrNoCPU = errors.New("cpu time unavailable")
)
