//go:build unix

package server

import (
	"net"
	"syscall"
)

// rawWriter writes to a socket without blocking, through its descriptor.
type rawWriter struct{ rc syscall.RawConn }

// newDirectWriter returns a non-blocking writer for conn, or nil.
func newDirectWriter(conn net.Conn) directWriter {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return rawWriter{rc}
}

func (w rawWriter) tryWrite(b []byte) int {
	n := 0
	// Returning true means "done": never wait for writability here.
	w.rc.Write(func(fd uintptr) bool {
		if m, err := syscall.Write(int(fd), b); err == nil && m > 0 {
			n = m
		}
		return true
	})
	return n
}
