package server

import (
	"net"
	"sync"
)

// Outbound frames are written straight to the connection, several per
// system call (writev), rather than one gorilla WriteMessage per frame: at
// relay rates the write system call dominates the server's CPU, and a busy
// socket coalesces whatever queued up while it was writing. Server frames are
// unmasked, so framing is a 2..10-byte header. Each writev holds the
// descriptor's write lock for the whole call, so these writes never
// interleave with gorilla's own control frames (pong and close replies).

// maxFrameHeader is the largest unmasked WebSocket frame header.
const maxFrameHeader = 10

// appendTextHeader appends the header of a final, unmasked text frame of n
// payload bytes.
func appendTextHeader(dst []byte, n int) []byte {
	const finText = 0x81
	switch {
	case n < 126:
		return append(dst, finText, byte(n))
	case n <= 0xffff:
		return append(dst, finText, 126, byte(n>>8), byte(n))
	default:
		u := uint64(n)
		return append(dst, finText, 127, byte(u>>56), byte(u>>48), byte(u>>40), byte(u>>32),
			byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
	}
}

// frameBatch is scratch space for one batched write.
type frameBatch struct {
	headers []byte
	bufs    net.Buffers
}

var batchPool = sync.Pool{New: func() any { return new(frameBatch) }}

// writeFrames writes payloads as text frames with as few system calls as
// the connection allows.
func writeFrames(conn net.Conn, payloads [][]byte) error {
	b := batchPool.Get().(*frameBatch)
	defer func() {
		clear(b.bufs[:cap(b.bufs)])
		b.bufs = b.bufs[:0]
		if cap(b.bufs) <= 256 {
			batchPool.Put(b)
		}
	}()
	if need := maxFrameHeader * len(payloads); cap(b.headers) < need {
		b.headers = make([]byte, 0, need)
	}
	h := b.headers[:0]
	bufs := b.bufs[:0]
	for _, p := range payloads {
		start := len(h)
		h = appendTextHeader(h, len(p))
		bufs = append(bufs, h[start:len(h):len(h)], p)
	}
	b.bufs = bufs
	w := bufs // WriteTo consumes its receiver
	_, err := w.WriteTo(conn)
	return err
}
