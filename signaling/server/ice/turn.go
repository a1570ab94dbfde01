package ice

import (
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/pion/transport/v5"
	"github.com/pion/turn/v5"
)

// DefaultRealm is the TURN realm when none is configured.
const DefaultRealm = "fishgame"

// DefaultMaxAllocationsPerUser is TURNConfig.MaxAllocationsPerUser's
// default: a 4-player mesh needs 3, the rest covers reconnections.
const DefaultMaxAllocationsPerUser = 8

// TURNConfig configures a TURNServer.
type TURNConfig struct {
	// Conn is the UDP socket clients send to (typically :3478). The server
	// takes ownership of it.
	Conn net.PacketConn
	// Secret is the shared secret of the TURN REST API credentials. Required.
	Secret string
	// RelayIP is the IP advertised in relay candidates: the public (or LAN)
	// address peers can reach relays at. Required.
	RelayIP net.IP
	// RelayBind is the local address relay sockets bind to; empty means
	// "0.0.0.0" (or "::" for an IPv6 RelayIP).
	RelayBind string
	// Realm is the TURN realm; empty means DefaultRealm.
	Realm string
	// AllowLoopbackPeers lets relays send to loopback addresses (tests and
	// single-machine setups). Off by default, so the relay cannot be used to
	// reach services on the server's own host.
	AllowLoopbackPeers bool
	// MaxAllocationsPerUser caps the relay allocations one user id holds at
	// a time (a peer needs one per remote player); 0 means
	// DefaultMaxAllocationsPerUser. Further Allocate requests get 486
	// Allocation Quota Reached.
	MaxAllocationsPerUser int
	// Net is the network relay sockets are opened on; nil means the real
	// network. Tests pass a pion vnet.
	Net transport.Net
	// Now is the clock credentials are checked against; nil means time.Now.
	Now func() time.Time
	// Log receives the server's logs; nil discards them.
	Log *slog.Logger
}

// TURNServer is a TURN relay (RFC 8656, via pion/turn) that accepts only
// unexpired TURN REST API credentials signed with its secret. It also
// answers STUN Binding requests.
type TURNServer struct {
	srv *turn.Server
	cfg TURNConfig

	mu     sync.Mutex
	allocs map[string]int // live allocations per user id
}

// NewTURNServer starts a TURN server on cfg.Conn; it serves until Close.
func NewTURNServer(cfg TURNConfig) (*TURNServer, error) {
	if cfg.Conn == nil {
		return nil, ErrNoConn
	}
	if cfg.Secret == "" {
		return nil, ErrNoSecret
	}
	if cfg.RelayIP == nil || cfg.RelayIP.IsUnspecified() || cfg.RelayIP.IsMulticast() {
		return nil, fmt.Errorf("%w: %v", ErrRelayIP, cfg.RelayIP)
	}
	if cfg.RelayBind == "" {
		cfg.RelayBind = "0.0.0.0"
		if cfg.RelayIP.To4() == nil {
			cfg.RelayBind = "::"
		}
	}
	if cfg.Realm == "" {
		cfg.Realm = DefaultRealm
	}
	if cfg.MaxAllocationsPerUser <= 0 {
		cfg.MaxAllocationsPerUser = DefaultMaxAllocationsPerUser
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.Log = cfg.Log.With("component", "turn")
	s := &TURNServer{cfg: cfg, allocs: map[string]int{}}
	srv, err := turn.NewServer(turn.ServerConfig{
		Realm:        cfg.Realm,
		AuthHandler:  s.authenticate,
		QuotaHandler: s.quota,
		EventHandler: turn.EventHandler{
			OnAllocationCreated: func(_, _ net.Addr, _, userID, _ string, _ net.Addr, _ int) { s.count(userID, 1) },
			OnAllocationDeleted: func(_, _ net.Addr, _, userID, _ string) { s.count(userID, -1) },
		},
		LoggerFactory: slogFactory{cfg.Log},
		PacketConnConfigs: []turn.PacketConnConfig{{
			PacketConn: cfg.Conn,
			RelayAddressGenerator: &turn.RelayAddressGeneratorStatic{
				RelayAddress: cfg.RelayIP,
				Address:      cfg.RelayBind,
				Net:          cfg.Net,
			},
			PermissionHandler: s.permit,
		}},
	})
	if err != nil {
		return nil, fmt.Errorf("start turn server: %w", err)
	}
	s.srv = srv
	return s, nil
}

// Addr returns the address the server listens on.
func (s *TURNServer) Addr() net.Addr { return s.cfg.Conn.LocalAddr() }

// AllocationCount returns the number of live relay allocations.
func (s *TURNServer) AllocationCount() int { return s.srv.AllocationCount() }

// Close stops the server, its allocations and its socket.
func (s *TURNServer) Close() error { return s.srv.Close() }

// authenticate checks a TURN REST API username: it must parse, not be
// expired, and the key is derived from the secret, so a client holding a
// password made with another secret fails the message-integrity check.
func (s *TURNServer) authenticate(ra *turn.RequestAttributes) (string, []byte, bool) {
	expires, userID, ok := parseCredentialUsername(ra.Username)
	if !ok {
		s.cfg.Log.Debug("turn credentials refused: malformed username", "username", ra.Username, "from", addrString(ra.SrcAddr))
		return "", nil, false
	}
	if !s.cfg.Now().Before(expires) {
		s.cfg.Log.Debug("turn credentials refused: expired", "username", ra.Username, "from", addrString(ra.SrcAddr))
		return "", nil, false
	}
	if ra.Realm != s.cfg.Realm {
		return "", nil, false
	}
	password := credentialPassword(s.cfg.Secret, ra.Username)
	return userID, turn.GenerateAuthKey(ra.Username, ra.Realm, password), true
}

// quota admits an allocation while the user holds fewer than the maximum.
func (s *TURNServer) quota(userID, _ string, from net.Addr) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.allocs[userID] >= s.cfg.MaxAllocationsPerUser {
		s.cfg.Log.Info("turn allocation refused: quota reached", "user", userID, "from", addrString(from))
		return false
	}
	return true
}

func (s *TURNServer) count(userID string, delta int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := s.allocs[userID] + delta; n > 0 {
		s.allocs[userID] = n
	} else {
		delete(s.allocs, userID)
	}
}

// permit refuses relaying to addresses a public relay must not reach.
func (s *TURNServer) permit(_ net.Addr, peer net.IP) bool {
	switch {
	case peer.IsUnspecified(), peer.IsMulticast(), peer.IsInterfaceLocalMulticast():
		return false
	case peer.IsLoopback():
		return s.cfg.AllowLoopbackPeers
	}
	return true
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}
