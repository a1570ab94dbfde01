package server

import (
	"net"
	"sync"
)

// The server frames its outbound WebSocket messages itself and writes them
// straight to the connection (see outbox): at relay rates the write system
// call and the goroutine hand-off around it dominate the server's CPU. A
// frame is written whole by one system call, so frames never interleave.
// Server frames are unmasked, so framing is a 2..10-byte header.

// WebSocket opcodes of final frames (FIN bit set).
const (
	finText  = 0x81
	finClose = 0x88
	finPing  = 0x89
	finPong  = 0x8a
)

// maxFrameHeader is the largest unmasked WebSocket frame header.
const maxFrameHeader = 10

// appendHeader appends the header of a final, unmasked frame with the given
// first byte (FIN and opcode) and n payload bytes.
func appendHeader(dst []byte, first byte, n int) []byte {
	switch {
	case n < 126:
		return append(dst, first, byte(n))
	case n <= 0xffff:
		return append(dst, first, 126, byte(n>>8), byte(n))
	default:
		u := uint64(n)
		return append(dst, first, 127, byte(u>>56), byte(u>>48), byte(u>>40), byte(u>>32),
			byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
	}
}

// frameBuf returns an empty buffer that reserves room for a frame header;
// append the payload, then call finishFrame.
func frameBuf(capacity int) []byte {
	return make([]byte, maxFrameHeader, maxFrameHeader+capacity)
}

// finishFrame puts the header in front of the payload appended to a
// frameBuf buffer and returns the whole frame, without copying the payload.
func finishFrame(buf []byte, first byte) []byte {
	var h [maxFrameHeader]byte
	hdr := appendHeader(h[:0], first, len(buf)-maxFrameHeader)
	start := maxFrameHeader - len(hdr)
	copy(buf[start:], hdr)
	return buf[start:]
}

// makeFrame copies payload into a new frame.
func makeFrame(first byte, payload []byte) []byte {
	return finishFrame(append(frameBuf(len(payload)), payload...), first)
}

var buffersPool = sync.Pool{New: func() any { return new(net.Buffers) }}

// writeFrames writes whole frames with as few system calls as the
// connection allows (one writev).
func writeFrames(conn net.Conn, frames [][]byte) error {
	if len(frames) == 1 {
		_, err := conn.Write(frames[0])
		return err
	}
	bp := buffersPool.Get().(*net.Buffers)
	bufs := append((*bp)[:0], frames...)
	w := bufs // WriteTo consumes its receiver
	_, err := w.WriteTo(conn)
	clear(bufs)
	if cap(bufs) <= 256 {
		*bp = bufs[:0]
		buffersPool.Put(bp)
	}
	return err
}
