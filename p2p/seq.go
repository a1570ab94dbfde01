package p2p

import (
	"encoding/binary"
	"sync"
)

// Game packets on an inputs channel carry a 2-byte sequence number ahead of
// the payload, so the receiver can count what the unreliable channel lost.
const seqSize = 2

// sender numbers the game packets of one direct link.
type sender struct {
	mu  sync.Mutex
	seq uint16
	buf []byte
}

// frame returns payload behind the next sequence number. The result is
// valid until the next call.
func (s *sender) frame(payload []byte) []byte {
	s.seq++
	s.buf = binary.BigEndian.AppendUint16(s.buf[:0], s.seq)
	s.buf = append(s.buf, payload...)
	return s.buf
}

// lossMeter counts the game packets a direct link lost: the span of
// sequence numbers seen minus the packets that arrived. Packets that arrive
// late still count as arrived.
type lossMeter struct {
	mu       sync.Mutex
	started  bool
	highest  uint16
	span     uint64
	received uint64
}

func (m *lossMeter) saw(seq uint16) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.received++
	if !m.started {
		m.started, m.highest, m.span = true, seq, 1
		return
	}
	if d := int16(seq - m.highest); d > 0 {
		m.span += uint64(d)
		m.highest = seq
	}
}

func (m *lossMeter) lost() uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.received >= m.span {
		return 0
	}
	return m.span - m.received
}
