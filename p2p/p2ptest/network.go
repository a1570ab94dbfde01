package p2ptest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/pion/logging"
	"github.com/pion/transport/v5/vnet"
	"github.com/pion/turn/v5"
	"github.com/pion/webrtc/v4"
)

// NAT is the kind of NAT a peer sits behind.
type NAT int

// The NAT kinds, after RFC 4787's mapping and filtering behaviours.
const (
	// NoNAT puts the peer directly on the WAN with a public address.
	NoNAT NAT = iota
	// FullCone maps and filters independently of the remote endpoint.
	FullCone
	// PortRestricted maps independently of the remote endpoint but only
	// lets in packets from the exact address and port it sent to. STUN is
	// enough to connect through it.
	PortRestricted
	// Symmetric maps every remote endpoint to a new port. Two peers behind
	// symmetric NATs need TURN.
	Symmetric
)

// String returns the NAT kind's name.
func (n NAT) String() string {
	switch n {
	case NoNAT:
		return "none"
	case FullCone:
		return "full-cone"
	case PortRestricted:
		return "port-restricted"
	case Symmetric:
		return "symmetric"
	}
	return fmt.Sprintf("NAT(%d)", int(n))
}

func (n NAT) vnetType() *vnet.NATType {
	switch n {
	case FullCone:
		return &vnet.NATType{MappingBehavior: vnet.EndpointIndependent, FilteringBehavior: vnet.EndpointIndependent}
	case PortRestricted:
		return &vnet.NATType{MappingBehavior: vnet.EndpointIndependent, FilteringBehavior: vnet.EndpointAddrPortDependent}
	case Symmetric:
		return &vnet.NATType{MappingBehavior: vnet.EndpointAddrPortDependent, FilteringBehavior: vnet.EndpointAddrPortDependent}
	}
	return nil
}

// Options describes a virtual network for NewNetwork.
type Options struct {
	// Peers is the number of peer hosts.
	Peers int
	// NAT is the NAT each peer sits behind; missing entries mean NoNAT.
	NAT []NAT
	// STUN puts a STUN server on the WAN and lists it in ICEServers.
	STUN bool
	// TURN puts a TURN server (which also answers STUN) on the WAN and lists
	// it, with credentials, in ICEServers.
	TURN bool
	// Delay delays every packet that reaches a peer by this much.
	Delay time.Duration
	// Loss drops this percentage (0..100) of the packets that reach a peer.
	Loss int
	// Seed makes the loss pattern repeatable.
	Seed int64
}

// The TURN server's realm and credentials.
const (
	TURNRealm    = "fishgame.test"
	TURNUser     = "fish"
	TURNPassword = "water"
)

// Network is a running virtual network.
type Network struct {
	// Nets are the peers' networks, for p2p.Config.Net.
	Nets []*vnet.Net
	// PublicIPs are the peers' addresses as seen on the WAN (their NAT's
	// address when behind one).
	PublicIPs []string
	// ICEServers are the STUN and TURN servers the options asked for.
	ICEServers []webrtc.ICEServer

	wan *vnet.Router

	mu       sync.Mutex
	isolated map[string]bool
	loss     int // percent of WAN packets dropped, set by SetLoss
	rng      *rand.Rand
}

// serverIP is the STUN/TURN server's address on the WAN.
const serverIP = "1.2.3.100"

// NewNetwork builds and starts a virtual network for opts. Everything it
// starts is stopped when the test ends.
func NewNetwork(t testing.TB, opts Options) *Network {
	t.Helper()
	lf := logging.NewDefaultLoggerFactory()
	lf.DefaultLogLevel = logging.LogLevelError
	wan, err := vnet.NewRouter(&vnet.RouterConfig{CIDR: "1.2.3.0/24", LoggerFactory: lf})
	if err != nil {
		t.Fatalf("vnet.NewRouter(wan) = %v", err)
	}
	n := &Network{wan: wan, isolated: map[string]bool{}, rng: rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed))}
	wan.AddChunkFilter(n.filter)

	for i := range opts.Peers {
		public := fmt.Sprintf("1.2.3.%d", 10+i)
		nat := NoNAT
		if i < len(opts.NAT) {
			nat = opts.NAT[i]
		}
		var pn *vnet.Net
		if nat == NoNAT {
			pn = newNet(t, public)
			if err := wan.AddNet(n.wrap(t, pn, opts, i)); err != nil {
				t.Fatalf("add peer %d to wan: %v", i, err)
			}
		} else {
			lan, err := vnet.NewRouter(&vnet.RouterConfig{
				CIDR:          fmt.Sprintf("10.0.%d.0/24", i),
				StaticIPs:     []string{public},
				NATType:       nat.vnetType(),
				LoggerFactory: lf,
			})
			if err != nil {
				t.Fatalf("vnet.NewRouter(lan %d) = %v", i, err)
			}
			pn = newNet(t, fmt.Sprintf("10.0.%d.2", i))
			if err := lan.AddNet(n.wrap(t, pn, opts, i)); err != nil {
				t.Fatalf("add peer %d to lan: %v", i, err)
			}
			if err := wan.AddRouter(lan); err != nil {
				t.Fatalf("add lan %d to wan: %v", i, err)
			}
		}
		n.Nets = append(n.Nets, pn)
		n.PublicIPs = append(n.PublicIPs, public)
	}

	var serverNet *vnet.Net
	if opts.STUN || opts.TURN {
		serverNet = newNet(t, serverIP)
		if err := wan.AddNet(serverNet); err != nil {
			t.Fatalf("add server to wan: %v", err)
		}
	}
	if err := wan.Start(); err != nil {
		t.Fatalf("start wan: %v", err)
	}
	t.Cleanup(func() {
		if err := wan.Stop(); err != nil {
			t.Errorf("stop wan: %v", err)
		}
	})
	if serverNet != nil {
		startServer(t, serverNet, lf)
		n.ICEServers = append(n.ICEServers, webrtc.ICEServer{URLs: []string{"stun:" + serverIP + ":3478"}})
		if opts.TURN {
			n.ICEServers = append(n.ICEServers, webrtc.ICEServer{
				URLs:       []string{"turn:" + serverIP + ":3478?transport=udp"},
				Username:   TURNUser,
				Credential: TURNPassword,
			})
		}
	}
	return n
}

func newNet(t testing.TB, ip string) *vnet.Net {
	t.Helper()
	n, err := vnet.NewNet(&vnet.NetConfig{StaticIPs: []string{ip}})
	if err != nil {
		t.Fatalf("vnet.NewNet(%s) = %v", ip, err)
	}
	return n
}

// wrap puts the delay and loss filters of opts in front of a peer's net.
func (n *Network) wrap(t testing.TB, pn *vnet.Net, opts Options, i int) vnet.NIC {
	t.Helper()
	var nic vnet.NIC = pn
	if opts.Loss > 0 {
		lf, err := vnet.NewLossFilter(nic, opts.Loss, vnet.WithLossSeed(opts.Seed+int64(i)))
		if err != nil {
			t.Fatalf("vnet.NewLossFilter(%d%%) = %v", opts.Loss, err)
		}
		nic = lf
	}
	if opts.Delay > 0 {
		df, err := vnet.NewDelayFilter(nic, vnet.WithDelay(opts.Delay))
		if err != nil {
			t.Fatalf("vnet.NewDelayFilter(%v) = %v", opts.Delay, err)
		}
		t.Cleanup(func() { _ = df.Close() })
		nic = df
	}
	return nic
}

// Isolate cuts peer off the WAN: from now on nothing it sends arrives and
// nothing reaches it, as when a player's network goes down.
func (n *Network) Isolate(peer int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.isolated[n.PublicIPs[peer]] = true
}

// SetLoss makes the WAN drop percent (0..100) of the packets that cross
// it from now on, on top of Options.Loss. Set after connecting, it puts loss
// on the game traffic without slowing the handshakes.
func (n *Network) SetLoss(percent int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.loss = percent
}

func (n *Network) filter(c vnet.Chunk) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.loss > 0 && n.rng.IntN(100) < n.loss {
		return false
	}
	if len(n.isolated) == 0 {
		return true
	}
	return !n.isolated[hostOf(c.SourceAddr())] && !n.isolated[hostOf(c.DestinationAddr())]
}

func hostOf(a net.Addr) string {
	switch a := a.(type) {
	case *net.UDPAddr:
		return a.IP.String()
	case *net.TCPAddr:
		return a.IP.String()
	}
	return ""
}

// startServer runs a pion TURN server, which answers STUN binding requests
// too, on the server's net.
func startServer(t testing.TB, sn *vnet.Net, lf logging.LoggerFactory) {
	t.Helper()
	conn, err := sn.ListenPacket("udp4", serverIP+":3478")
	if err != nil {
		t.Fatalf("listen stun/turn: %v", err)
	}
	key := turn.GenerateAuthKey(TURNUser, TURNRealm, TURNPassword)
	srv, err := turn.NewServer(turn.ServerConfig{
		Realm:         TURNRealm,
		LoggerFactory: lf,
		AuthHandler: func(ra *turn.RequestAttributes) (string, []byte, bool) {
			if ra.Username != TURNUser {
				return "", nil, false
			}
			return ra.Username, key, true
		},
		PacketConnConfigs: []turn.PacketConnConfig{{
			PacketConn: conn,
			RelayAddressGenerator: &turn.RelayAddressGeneratorStatic{
				RelayAddress: net.ParseIP(serverIP),
				Address:      serverIP,
				Net:          sn,
			},
		}},
	})
	if err != nil {
		t.Fatalf("turn.NewServer = %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close turn server: %v", err)
		}
	})
}
