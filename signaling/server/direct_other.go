//go:build !unix

package server

import "net"

// newDirectWriter returns nil: off Unix every frame goes through the
// session's writer goroutine.
func newDirectWriter(net.Conn) directWriter { return nil }
