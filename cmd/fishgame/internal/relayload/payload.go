package relayload

import (
	"encoding/binary"
	"fmt"
	"time"
)

// MinPayload is the smallest payload: an 8-byte send time, a 4-byte sender
// index and a 4-byte sequence number, little endian. The rest is zeros.
const MinPayload = 16

// stamp is what a payload says about its message.
type stamp struct {
	sent   time.Duration // send time since the run's start
	sender uint32        // index of the sending socket
	seq    uint32        // the sender's message number, from 0
}

// putStamp writes st into the first MinPayload bytes of p.
func putStamp(p []byte, st stamp) {
	binary.LittleEndian.PutUint64(p, uint64(st.sent))
	binary.LittleEndian.PutUint32(p[8:], st.sender)
	binary.LittleEndian.PutUint32(p[12:], st.seq)
}

// parseStamp reads the stamp at the start of p.
func parseStamp(p []byte) (stamp, error) {
	if len(p) < MinPayload {
		return stamp{}, fmt.Errorf("%w: %d bytes, want at least %d", ErrBadPayload, len(p), MinPayload)
	}
	return stamp{
		sent:   time.Duration(binary.LittleEndian.Uint64(p)),
		sender: binary.LittleEndian.Uint32(p[8:]),
		seq:    binary.LittleEndian.Uint32(p[12:]),
	}, nil
}
