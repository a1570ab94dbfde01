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
)
