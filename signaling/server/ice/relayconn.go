package ice

import (
	"fmt"
	"net"
	"sync"

	"github.com/pion/turn/v5"
)

// relayGenerator opens relay sockets through the generator it wraps. It
// refuses TCP allocations (RFC 6062) unless they are enabled, and wraps
// every UDP relay socket in a relayConn.
type relayGenerator struct {
	turn.RelayAddressGenerator
	srv *TURNServer
}

func (g relayGenerator) AllocatePacketConn(conf turn.AllocateListenerConfig) (net.PacketConn, net.Addr, error) {
	conn, addr, err := g.RelayAddressGenerator.AllocatePacketConn(conf)
	if err != nil {
		return nil, nil, err
	}
	ua, ok := addr.(*net.UDPAddr)
	if !ok {
		conn.Close()
		return nil, nil, fmt.Errorf("relay address %v is not udp", addr)
	}
	g.srv.relayPorts.add(ua.Port)
	return &relayConn{PacketConn: conn, srv: g.srv, port: ua.Port}, addr, nil
}

func (g relayGenerator) AllocateListener(conf turn.AllocateListenerConfig) (net.Listener, net.Addr, error) {
	if !g.srv.cfg.AllowTCP {
		g.srv.cfg.Log.Info("turn tcp allocation refused", "user", conf.UserID)
		return nil, nil, ErrTCPRelay
	}
	return g.RelayAddressGenerator.AllocateListener(conf)
}

func (g relayGenerator) AllocateConn(conf turn.AllocateConnConfig) (net.Conn, error) {
	if !g.srv.cfg.AllowTCP {
		return nil, ErrTCPRelay
	}
	return g.RelayAddressGenerator.AllocateConn(conf)
}

// relayConn is one allocation's relay socket. Traffic to or from the
// server's own addresses passes only when the other end is a live relay
// port, so that clients of this server can relay to each other but not to
// its other services (the REST API, the TURN port itself, anything else
// listening on the host).
type relayConn struct {
	net.PacketConn
	srv       *TURNServer
	port      int
	closeOnce sync.Once
}

func (c *relayConn) refused(addr net.Addr) bool {
	ua, ok := addr.(*net.UDPAddr)
	if !ok {
		return true
	}
	return c.srv.peers.ownRestricted(ua.IP) && !c.srv.relayPorts.has(ua.Port)
}

func (c *relayConn) WriteTo(p []byte, addr net.Addr) (int, error) {
	if c.refused(addr) {
		return 0, fmt.Errorf("%w: %v", ErrPeerRefused, addr)
	}
	return c.PacketConn.WriteTo(p, addr)
}

func (c *relayConn) ReadFrom(p []byte) (int, net.Addr, error) {
	for {
		n, addr, err := c.PacketConn.ReadFrom(p)
		if err != nil || !c.refused(addr) {
			return n, addr, err
		}
	}
}

func (c *relayConn) Close() error {
	c.closeOnce.Do(func() { c.srv.relayPorts.remove(c.port) })
	return c.PacketConn.Close()
}

// portSet is the set of live relay ports.
type portSet struct {
	mu    sync.RWMutex
	ports map[int]int // port → live sockets on it
}

func (s *portSet) add(port int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ports == nil {
		s.ports = map[int]int{}
	}
	s.ports[port]++
}

func (s *portSet) remove(port int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ports[port]--; s.ports[port] <= 0 {
		delete(s.ports, port)
	}
}

func (s *portSet) has(port int) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.ports[port] > 0
}
