package relayload

import (
	"bytes"
	"encoding/base64"
	"slices"
	"time"
)

// tally is what one socket received. Only the socket's reader writes it; the
// run reads it after the reader has stopped.
type tally struct {
	// latencies holds the one-way latency of every delivery from a match
	// mate.
	latencies []time.Duration
	// misrouted counts match data that is not from a match mate of this
	// socket in its match: another match, itself, or a payload it did not
	// send.
	misrouted int64
	// outOfOrder counts deliveries whose sequence number is not above the
	// last one from the same sender: reordered or duplicated.
	outOfOrder int64
	// errorFrames counts error envelopes; badFrames, frames that are not
	// a JSON envelope.
	errorFrames, badFrames int64
	// firstError describes the first error envelope or bad frame.
	firstError string

	// next is, per position in the match, the sequence number expected
	// from that sender.
	next []uint32
	// payload is scratch space for decoding.
	payload []byte
}

// receive counts one match_data frame that arrived at now (since the run's
// start) at socket self of match matchID; it reports whether the frame was a
// delivery from a match mate.
func (t *tally) receive(f serverFrame, now time.Duration, matchID []byte, self int, l layout) bool {
	if !bytes.Equal(f.dataMatchID, matchID) {
		t.misrouted++
		return false
	}
	t.payload = slices.Grow(t.payload[:0], base64.StdEncoding.DecodedLen(len(f.data)))
	n, err := base64.StdEncoding.Decode(t.payload[:cap(t.payload)], f.data)
	if err != nil {
		t.misrouted++
		return false
	}
	st, err := parseStamp(t.payload[:n])
	if err != nil || st.sender >= uint32(l.sockets) || int(st.sender) == self || l.group(int(st.sender)) != l.group(self) {
		t.misrouted++
		return false
	}
	pos := l.pos(int(st.sender))
	for len(t.next) <= pos {
		t.next = append(t.next, 0)
	}
	if st.seq < t.next[pos] {
		t.outOfOrder++
	} else {
		t.next[pos] = st.seq + 1
	}
	t.latencies = append(t.latencies, now-st.sent)
	return true
}

// noteError counts an error envelope or a bad frame.
func (t *tally) noteError(bad bool, what string) {
	if bad {
		t.badFrames++
	} else {
		t.errorFrames++
	}
	if t.firstError == "" {
		t.firstError = what
	}
}
