package server

import (
	"sync"
)

// outbox is a session's outbound queue of whole WebSocket frames. Pushing
// never blocks: when nothing is queued or being written, the pusher writes
// the frame itself with one non-blocking system call (no hand-off to the
// writer goroutine, which is most of the cost of a relayed message);
// otherwise, or for what a full socket buffer did not take, the frame is
// queued for the session's writer goroutine, which may block.
type outbox struct {
	mu    sync.Mutex
	q     [][]byte
	spare [][]byte
	busy  bool // someone is writing to the connection
	// waiting asks the next direct writer to wake the writer goroutine
	// even with nothing queued (it is waiting for the outbox to go idle).
	waiting bool
	notify  chan struct{}
	limit   int
	direct  directWriter // nil: always queue
}

// directWriter writes without blocking and returns how many bytes it wrote.
type directWriter interface {
	tryWrite(b []byte) int
}

// wake tells the writer goroutine there is work.
func (o *outbox) wake() {
	select {
	case o.notify <- struct{}{}:
	default:
	}
}

// push writes or queues frame and reports false if the queue is full.
func (o *outbox) push(frame []byte) bool {
	o.mu.Lock()
	if o.direct != nil && !o.busy && len(o.q) == 0 {
		o.busy = true
		o.mu.Unlock()
		n := o.direct.tryWrite(frame)
		o.mu.Lock()
		o.busy = false
		if n < len(frame) {
			// The rest of this frame must go out before anything queued
			// meanwhile.
			o.q = append(o.q, nil)
			copy(o.q[1:], o.q)
			o.q[0] = frame[n:]
		}
		pending := len(o.q) > 0 || o.waiting
		o.waiting = false
		o.mu.Unlock()
		if pending {
			o.wake()
		}
		return true
	}
	if len(o.q) >= o.limit {
		o.mu.Unlock()
		return false
	}
	o.q = append(o.q, frame)
	busy := o.busy
	o.mu.Unlock()
	if !busy {
		o.wake() // a busy writer looks at the queue when it is done
	}
	return true
}

// take claims the queued frames for writing; it returns nil when there are
// none or someone else is writing (who will wake the writer when done).
func (o *outbox) take() [][]byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.busy || len(o.q) == 0 {
		return nil
	}
	q := o.q
	o.q = o.spare[:0]
	o.spare = nil
	o.busy = true
	return q
}

// done ends a write started by take and reports whether more is queued. A
// small slice is kept for reuse; big ones go, so an idle socket holds little.
func (o *outbox) done(q [][]byte) bool {
	clear(q)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.busy = false
	if cap(q) <= 64 {
		o.spare = q[:0]
	}
	return len(o.q) > 0
}

// idle reports whether nothing is queued or being written; if something
// is, the writer goroutine gets woken when that changes.
func (o *outbox) idle() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	idle := !o.busy && len(o.q) == 0
	o.waiting = !idle
	return idle
}
