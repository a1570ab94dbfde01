package p2p

import "fmt"

// Relayed packets carry one leading byte that says which channel they stand
// in for, so control messages keep their meaning on a relayed link.
const (
	frameInputs  byte = 'I'
	frameControl byte = 'C'
)

// appendFrame appends the relay frame of payload for channel tag to b.
func appendFrame(b []byte, tag byte, payload []byte) []byte {
	b = append(b, tag)
	return append(b, payload...)
}

// parseFrame splits a relayed packet into its channel tag and payload.
func parseFrame(b []byte) (tag byte, payload []byte, err error) {
	if len(b) == 0 {
		return 0, nil, fmt.Errorf("%w: empty", ErrBadRelay)
	}
	if b[0] != frameInputs && b[0] != frameControl {
		return 0, nil, fmt.Errorf("%w: unknown channel tag %#x", ErrBadRelay, b[0])
	}
	if len(b)-1 > MaxMessageSize {
		return 0, nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(b)-1)
	}
	return b[0], b[1:], nil
}
