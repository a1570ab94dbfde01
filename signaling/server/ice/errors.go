package ice

import "errors"

var (
	// ErrNoConn indicates a server configured without a packet connection.
	ErrNoConn = errors.New("ice: no packet connection")
	// ErrNoSecret indicates TURN configured without a shared secret.
	ErrNoSecret = errors.New("ice: turn secret is empty")
	// ErrRelayIP indicates a TURN server without a valid IP to advertise for relays.
	ErrRelayIP = errors.New("ice: invalid relay ip")
	// ErrServersConfig indicates an ice_servers configuration that cannot produce a payload.
	ErrServersConfig = errors.New("ice: invalid ice servers config")
	// ErrTCPRelay indicates a TCP allocation (RFC 6062) on a server that
	// does not enable them.
	ErrTCPRelay = errors.New("ice: tcp relay allocations are disabled")
	// ErrPeerRefused indicates relay traffic to or from an address the
	// relay must not reach.
	ErrPeerRefused = errors.New("ice: peer address refused")
	// ErrAllowPeer indicates an invalid allowed peer range.
	ErrAllowPeer = errors.New("ice: invalid allowed peer range")
)
