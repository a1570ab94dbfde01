package rollback

import "time"

// EventKind names an Event.
type EventKind uint8

const (
	// EventInterrupted: no packet from Peer for the notify interval;
	// DisconnectIn is the time left before it is dropped.
	EventInterrupted EventKind = iota + 1
	// EventResumed: packets from an interrupted Peer arrive again.
	EventResumed
	// EventDisconnected: Player (owned by Peer) is out of the match from
	// Frame on, a frame every remaining peer agreed on. Peer is the owner
	// and Player is -1 for a disconnected spectator.
	EventDisconnected
	// EventDesync: Peer, the peer that reported it, sent a checksum of
	// confirmed Frame (Remote) that differs from this session's (Local).
	// Only reports of frames Peer can have settled count, so Peer cannot
	// aim one at a frame this session has not reached; but a lying peer
	// can still report any checksum, so a desync with one peer among
	// several that agree points at that peer. Snapshot(Frame) returns the
	// local state.
	EventDesync
	// EventTimeSync: this session runs ahead of the others; waiting Wait
	// frames lets them catch up instead of rolling back every frame.
	EventTimeSync
	// EventInputDelay: local inputs use Delay frames of delay from Frame on.
	EventInputDelay
)

func (k EventKind) String() string {
	switch k {
	case EventInterrupted:
		return "interrupted"
	case EventResumed:
		return "resumed"
	case EventDisconnected:
		return "disconnected"
	case EventDesync:
		return "desync"
	case EventTimeSync:
		return "time sync"
	case EventInputDelay:
		return "input delay"
	}
	return "unknown"
}

// Event is something the caller may want to show or act on. Only the fields
// its Kind documents are set.
type Event struct {
	Kind          EventKind
	Peer          int
	Player        int
	Frame         int32
	Local, Remote uint64
	Wait          int
	Delay         int
	DisconnectIn  time.Duration
}

// eventQueue is a FIFO of events with preallocated room.
type eventQueue struct {
	buf  []Event
	head int
}

func (q *eventQueue) push(e Event) {
	if q.head > 0 && len(q.buf) == cap(q.buf) {
		n := copy(q.buf, q.buf[q.head:])
		q.buf = q.buf[:n]
		q.head = 0
	}
	q.buf = append(q.buf, e)
}

func (q *eventQueue) pop() (Event, bool) {
	if q.head == len(q.buf) {
		q.buf = q.buf[:0]
		q.head = 0
		return Event{}, false
	}
	e := q.buf[q.head]
	q.head++
	return e, true
}
