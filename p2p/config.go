package p2p

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/transport/v5"
	"github.com/pion/webrtc/v4"
)

// Defaults used when the matching Config field is zero.
const (
	// DefaultConnectTimeout bounds how long a link may take to open its
	// channels before it falls back to the relay.
	DefaultConnectTimeout = 10 * time.Second
	// DefaultQueueSize is how many received packets wait for Receive (and
	// how many control messages wait for ReceiveControl) before new ones
	// are dropped.
	DefaultQueueSize = 1024
	// MaxPlayers is the largest match a Mesh connects.
	MaxPlayers = 4
	// MaxMessageSize is the largest game packet or control message. It keeps
	// relayed packets within Nakama's 4096-byte inbound frame limit after
	// base64 and the envelope.
	MaxMessageSize = 2048
)

// Config describes one match's mesh as seen from the local player.
type Config struct {
	// Slot is the local player's slot, 0..Players-1.
	Slot int
	// Players is the number of players in the match, 2..MaxPlayers.
	Players int
	// ICEServers are the STUN and TURN servers to gather candidates with
	// (from flags and from the server's ice_servers RPC).
	ICEServers []webrtc.ICEServer
	// ICETransportPolicy set to webrtc.ICETransportPolicyRelay uses TURN
	// relay candidates only.
	ICETransportPolicy webrtc.ICETransportPolicy

	// RelayOnly sends every packet through the Signaler's relay and never
	// opens a peer connection.
	RelayOnly bool
	// ConnectTimeout bounds how long a link may take to open both channels
	// before it falls back to the relay. Zero means DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// ICEDisconnectedTimeout, ICEFailedTimeout and ICEKeepalive tune the ICE
	// agent; zero keeps pion's defaults (5 s, 25 s, 2 s).
	ICEDisconnectedTimeout time.Duration
	ICEFailedTimeout       time.Duration
	ICEKeepalive           time.Duration

	// Net replaces the operating system's network, for tests on a pion
	// vnet. Nil uses real sockets.
	Net transport.Net
	// Interfaces, when not empty, restricts candidate gathering to these
	// network interfaces (for example "lo").
	Interfaces []string
	// NetworkTypes restricts candidates to these network types; empty means
	// UDP over IPv4 and IPv6.
	NetworkTypes []webrtc.NetworkType
	// IncludeLoopback gathers loopback candidates too (single-machine play
	// and tests).
	IncludeLoopback bool
	// MDNS hides host candidates behind mDNS names. Off by default: it slows
	// connection on LANs that drop multicast.
	MDNS bool
	// SettingEngine, when set, is the base for the pion settings; the fields
	// above are applied on top of a copy of it.
	SettingEngine *webrtc.SettingEngine

	// QueueSize bounds the receive queues; zero means DefaultQueueSize.
	QueueSize int
	// Logger receives connection events; nil discards them.
	Logger *slog.Logger
}

// validate checks c and fills in defaults.
func (c Config) validate() (Config, error) {
	if c.Players < 2 || c.Players > MaxPlayers {
		return c, fmt.Errorf("%w: %d players, want 2..%d", ErrBadConfig, c.Players, MaxPlayers)
	}
	if c.Slot < 0 || c.Slot >= c.Players {
		return c, fmt.Errorf("%w: slot %d of %d players", ErrBadConfig, c.Slot, c.Players)
	}
	if c.ConnectTimeout < 0 || c.ICEDisconnectedTimeout < 0 || c.ICEFailedTimeout < 0 || c.ICEKeepalive < 0 {
		return c, fmt.Errorf("%w: negative timeout", ErrBadConfig)
	}
	if c.QueueSize < 0 {
		return c, fmt.Errorf("%w: negative queue size %d", ErrBadConfig, c.QueueSize)
	}
	for _, srv := range c.ICEServers {
		for _, raw := range srv.URLs {
			if _, err := parseICEURL(raw); err != nil {
				return c, err
			}
		}
	}
	if c.ConnectTimeout == 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.QueueSize == 0 {
		c.QueueSize = DefaultQueueSize
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// api builds the pion API that every link of the mesh uses.
func (c Config) api() *webrtc.API {
	var se webrtc.SettingEngine
	if c.SettingEngine != nil {
		se = *c.SettingEngine
	}
	if se.LoggerFactory == nil {
		se.LoggerFactory = pionLogs{log: c.Logger}
	}
	if c.Net != nil {
		se.SetNet(c.Net)
	}
	if len(c.Interfaces) > 0 {
		allowed := append([]string(nil), c.Interfaces...)
		se.SetInterfaceFilter(func(name string) bool {
			for _, a := range allowed {
				if a == name {
					return true
				}
			}
			return false
		})
	}
	if len(c.NetworkTypes) > 0 {
		se.SetNetworkTypes(c.NetworkTypes)
	}
	if c.IncludeLoopback {
		se.SetIncludeLoopbackCandidate(true)
	}
	// The mesh decides when a link ends (goodbye, fallback, Close); a DTLS
	// close from the peer only closes the channels.
	se.DisableCloseByDTLS(true)
	if c.MDNS {
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeQueryAndGather)
	} else {
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	}
	if c.ICEDisconnectedTimeout != 0 || c.ICEFailedTimeout != 0 || c.ICEKeepalive != 0 {
		se.SetICETimeouts(orDefault(c.ICEDisconnectedTimeout, 5*time.Second),
			orDefault(c.ICEFailedTimeout, 25*time.Second), orDefault(c.ICEKeepalive, 2*time.Second))
	}
	return webrtc.NewAPI(webrtc.WithSettingEngine(se))
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
