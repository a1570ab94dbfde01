package relayload

import (
	"fmt"
	"time"
)

// Defaults of a Config.
const (
	DefaultURL          = "http://127.0.0.1:7350"
	DefaultSockets      = 100
	DefaultPlayers      = 4
	DefaultRate         = 10
	DefaultDuration     = 10 * time.Second
	DefaultPayload      = 64
	DefaultDrain        = 3 * time.Second
	DefaultDevicePrefix = "relay-load"
	// DefaultWorkers is how many sockets authenticate, connect and form
	// matches at once.
	DefaultWorkers = 16
	// settle is the pause between forming the matches and the first send,
	// so the join presence events are out of the way.
	settle = 500 * time.Millisecond
)

// Config is one load run.
type Config struct {
	// URL is the server's base URL, like http://127.0.0.1:7350.
	URL string
	// ServerKey is the server key for device authentication.
	ServerKey string
	// Sockets is the number of sockets, one device user each.
	Sockets int
	// Players is the number of sockets per match; the last match may be
	// smaller (but has at least 2).
	Players int
	// Rate is the match_data_send messages per second per socket.
	Rate float64
	// Duration is how long every socket sends.
	Duration time.Duration
	// Payload is the payload size in bytes, at least MinPayload.
	Payload int
	// Drain bounds the wait for deliveries still in flight when sending
	// stops.
	Drain time.Duration
	// DevicePrefix starts every device id; socket i is "PREFIX-00000i".
	DevicePrefix string
	// ServerPID, when not 0, is the server process whose CPU time is
	// measured (Linux: /proc/PID/stat).
	ServerPID int
	// Workers is how many sockets set up at once; 0 means DefaultWorkers.
	Workers int
}

// Validate reports a Config that cannot run, wrapping ErrBadConfig.
func (c Config) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrBadConfig, fmt.Sprintf(format, a...))
	}
	if _, err := socketURL(c.URL); err != nil {
		return fmt.Errorf("%w: %w", ErrBadConfig, err)
	}
	switch {
	case c.Players < 2:
		return bad("--players %d: a match needs at least 2", c.Players)
	case c.Sockets < 2:
		return bad("--sockets %d: need at least 2", c.Sockets)
	case c.Sockets%c.Players == 1:
		return bad("--sockets %d in matches of --players %d leaves one socket alone in the last match", c.Sockets, c.Players)
	case !(c.Rate > 0) || c.Rate > 1e6:
		return bad("--rate %v: must be above 0 and at most 1000000 per second", c.Rate)
	case c.Duration <= 0:
		return bad("--duration %v: must be positive", c.Duration)
	case c.Payload < MinPayload:
		return bad("--payload %d: must be at least %d bytes (send time, sender, sequence)", c.Payload, MinPayload)
	case c.Drain < 0:
		return bad("--drain %v: must not be negative", c.Drain)
	case c.ServerPID < 0:
		return bad("--server-pid %d: must not be negative", c.ServerPID)
	case c.Workers < 0:
		return bad("workers %d: must not be negative", c.Workers)
	}
	if id := deviceID(c.DevicePrefix, c.Sockets-1); len(id) < 10 || len(id) > 128 {
		return bad("--device-prefix %q: device ids must be 10-128 bytes, like %q", c.DevicePrefix, id)
	}
	return nil
}

// layout says how sockets are grouped into matches: socket i plays in match
// i/players, at position i%players; the last match may be smaller.
type layout struct{ sockets, players int }

func (c Config) layout() layout { return layout{c.Sockets, c.Players} }

func (l layout) group(i int) int { return i / l.players }
func (l layout) pos(i int) int   { return i % l.players }

// matches is the number of matches.
func (l layout) matches() int { return (l.sockets + l.players - 1) / l.players }

// size is the number of sockets in match g.
func (l layout) size(g int) int { return min(l.players, l.sockets-g*l.players) }

func (c Config) workers() int {
	if c.Workers == 0 {
		return DefaultWorkers
	}
	return c.Workers
}

// deviceID is the device id of socket i.
func deviceID(prefix string, i int) string { return fmt.Sprintf("%s-%06d", prefix, i) }
