package ice

import (
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"time"

	"github.com/pion/transport/v5"
	"github.com/pion/transport/v5/stdnet"
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
	// AllowPeers are peer address ranges relays may reach although they are
	// refused by default: loopback, private (10/8, 172.16/12, 192.168/16,
	// fc00::/7), link-local (169.254/16 with cloud metadata, fe80::/10),
	// CGNAT (100.64/10), multicast, unspecified and reserved ranges, and the
	// server's own addresses (which are otherwise reachable only at live
	// relay ports, so that two clients of this server can relay to each
	// other). Tests and single-machine setups allow 127.0.0.0/8 here.
	AllowPeers []netip.Prefix
	// AllowTCP enables TCP allocations (RFC 6062). Off by default: they let
	// clients open TCP connections from the server, e.g. to scan ports.
	AllowTCP bool
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

	peers      peerPolicy
	relayPorts portSet
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
	for _, p := range cfg.AllowPeers {
		if !p.IsValid() {
			return nil, fmt.Errorf("%w: %v", ErrAllowPeer, p)
		}
	}
	s := &TURNServer{cfg: cfg, allocs: map[string]int{}}
	s.peers = peerPolicy{allow: cfg.AllowPeers, own: ownAddrs(cfg), relayIP: mustAddr(cfg.RelayIP)}
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
			RelayAddressGenerator: relayGenerator{srv: s, RelayAddressGenerator: &turn.RelayAddressGeneratorStatic{
				RelayAddress: cfg.RelayIP,
				Address:      cfg.RelayBind,
				Net:          cfg.Net,
			}},
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

// permit refuses permissions and channel bindings (and so Send
// indications, which need a permission) to addresses a public relay must not
// reach.
func (s *TURNServer) permit(client net.Addr, peer net.IP) bool {
	if s.peers.permit(peer) {
		return true
	}
	s.cfg.Log.Info("turn permission refused", "peer", peer.String(), "from", addrString(client))
	return false
}

// ownAddrs returns the addresses of the server's host: the relay IP, the
// address of its socket and those of every interface of its network.
func ownAddrs(cfg TURNConfig) map[netip.Addr]bool {
	own := map[netip.Addr]bool{}
	add := func(ip net.IP) {
		if a, ok := ipAddr(ip); ok && !a.IsUnspecified() {
			own[a] = true
		}
	}
	add(cfg.RelayIP)
	add(net.ParseIP(cfg.RelayBind))
	if ua, ok := cfg.Conn.LocalAddr().(*net.UDPAddr); ok {
		add(ua.IP)
	}
	n := cfg.Net
	if n == nil {
		var err error
		if n, err = stdnet.NewNet(); err != nil {
			cfg.Log.Warn("turn: list own addresses", "err", err)
			return own
		}
	}
	ifaces, err := n.Interfaces()
	if err != nil {
		cfg.Log.Warn("turn: list own addresses", "err", err)
		return own
	}
	for _, ifc := range ifaces {
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			switch a := a.(type) {
			case *net.IPNet:
				add(a.IP)
			case *net.IPAddr:
				add(a.IP)
			}
		}
	}
	return own
}

func mustAddr(ip net.IP) netip.Addr {
	a, _ := ipAddr(ip)
	return a
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}
