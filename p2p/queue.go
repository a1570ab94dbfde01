package p2p

import "sync"

// queue is a bounded FIFO of packets from peers. Its slots keep their
// buffers, so a steady flow of packets does not allocate.
type queue struct {
	mu    sync.Mutex
	slots []queued
	head  int // index of the oldest packet
	n     int // packets waiting
	out   []byte
}

type queued struct {
	peer int
	data []byte
}

func newQueue(size int) *queue {
	return &queue{slots: make([]queued, size)}
}

// push copies packet into the queue. It reports false, and keeps nothing,
// when the queue is full.
func (q *queue) push(peer int, packet []byte) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.n == len(q.slots) {
		return false
	}
	s := &q.slots[(q.head+q.n)%len(q.slots)]
	s.peer = peer
	s.data = append(s.data[:0], packet...)
	q.n++
	return true
}

// pop returns the oldest packet. The packet stays valid until the next pop.
func (q *queue) pop() (peer int, packet []byte, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.n == 0 {
		return 0, nil, false
	}
	s := &q.slots[q.head]
	// Swap buffers: the caller reads q.out while the slot reuses the old one.
	s.data, q.out = q.out[:0], s.data
	peer = s.peer
	q.head = (q.head + 1) % len(q.slots)
	q.n--
	return peer, q.out, true
}
