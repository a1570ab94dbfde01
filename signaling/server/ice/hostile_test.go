package ice

import (
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pion/turn/v5"
)

// The TURN relay faces clients holding valid credentials (any account gets
// them from the ice_servers RPC) who try to use it as an open relay: to reach
// the network behind it, the host itself, or to scan ports over TCP.

func TestHostileTURNRefusesInternalPeers(t *testing.T) {
	peers := []string{
		"10.0.0.1:5000", "172.16.0.1:5000", "192.168.1.1:5000", "169.254.169.254:80",
		"100.64.0.1:5000", "127.0.0.1:5000", "224.0.0.251:5353", "0.0.0.0:5000", "255.255.255.255:5000",
	}
	for _, peer := range peers {
		t.Run(peer, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newTurnNet(t)
				startTURN(t, n, nil)
				u, p := Credentials(testSecret, "mallory", time.Now().Add(time.Hour))
				_, relay, err := allocate(t, n, u, p)
				if err != nil {
					t.Fatal(err)
				}
				addr, _ := net.ResolveUDPAddr("udp4", peer)
				if _, err := relay.WriteTo([]byte("probe"), addr); err == nil {
					t.Errorf("relay write to %s succeeded, want the permission refused", peer)
				}
			})
		})
	}
}

func TestHostileTURNAllowedRange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newTurnNet(t)
		startTURN(t, n, nil, func(c *TURNConfig) { c.AllowPeers = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")} })
		u, p := Credentials(testSecret, "lan-user", time.Now().Add(time.Hour))
		_, relay, err := allocate(t, n, u, p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := relay.WriteTo([]byte("hi"), &net.UDPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 5000}); err != nil {
			t.Errorf("relay write to an allowed range: %v", err)
		}
		if _, err := relay.WriteTo([]byte("hi"), &net.UDPAddr{IP: net.IPv4(192, 168, 0, 1), Port: 5000}); err == nil {
			t.Error("relay write to 192.168.0.1 succeeded with only 10/8 allowed")
		}
		time.Sleep(time.Second) // fake time: the background channel bind ends
	})
}

// TestHostileTURNOwnAddress checks that a relay reaches the server's own
// address only at live relay ports: two clients still relay to each other,
// but a service on the host (here UDP 7350) hears nothing.
func TestHostileTURNOwnAddress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newTurnNet(t)
		startTURN(t, n, nil)
		service, err := n.server.ListenPacket("udp4", "1.2.3.4:7350")
		if err != nil {
			t.Fatal(err)
		}
		defer service.Close()
		ua, pa := Credentials(testSecret, "alice", time.Now().Add(time.Hour))
		ub, pb := Credentials(testSecret, "bob", time.Now().Add(time.Hour))
		_, ra, err := allocate(t, n, ua, pa)
		if err != nil {
			t.Fatal(err)
		}
		_, rb, err := allocate(t, n, ub, pb)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ra.WriteTo([]byte("to-service"), service.LocalAddr()); err != nil {
			t.Fatal(err) // the relay IP is permitted; the packet is dropped at the relay
		}
		// Relay to relay works both ways.
		if _, err := rb.WriteTo([]byte("from-b"), ra.LocalAddr()); err != nil {
			t.Fatal(err)
		}
		if _, err := ra.WriteTo([]byte("from-a"), rb.LocalAddr()); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 64)
		k, from, err := rb.ReadFrom(buf)
		if err != nil || string(buf[:k]) != "from-a" || from.String() != ra.LocalAddr().String() {
			t.Fatalf("relay b read %q from %v, %v; want from-a from %v", buf[:k], from, err, ra.LocalAddr())
		}
		synctest.Wait()
		service.SetReadDeadline(time.Now().Add(time.Second))
		if k, from, err := service.ReadFrom(buf); err == nil {
			t.Errorf("service on the server's own address got %q from %v through the relay", buf[:k], from)
		}
		time.Sleep(time.Second) // fake time: the background channel binds end
	})
}

func TestHostileTURNRefusesTCPAllocations(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newTurnNet(t)
		s := startTURN(t, n, nil)
		u, p := Credentials(testSecret, "scanner", time.Now().Add(time.Hour))
		c, _, err := allocate(t, n, u, p)
		if err != nil {
			t.Fatal(err)
		}
		if alloc, err := c.AllocateTCP(); err == nil {
			alloc.Close()
			t.Fatal("TCP allocation succeeded, want refused")
		}
		if got := s.AllocationCount(); got != 1 {
			t.Errorf("AllocationCount() = %d, want only the UDP allocation", got)
		}
	})
}

// fakeGenerator counts the TCP allocations that reach it.
type fakeGenerator struct {
	turn.RelayAddressGenerator
	tcp int
}

func (g *fakeGenerator) AllocateListener(turn.AllocateListenerConfig) (net.Listener, net.Addr, error) {
	g.tcp++
	return nil, nil, errors.New("fake")
}

func (g *fakeGenerator) AllocateConn(turn.AllocateConnConfig) (net.Conn, error) {
	g.tcp++
	return nil, errors.New("fake")
}

func TestTURNAllowTCP(t *testing.T) {
	for _, allow := range []bool{false, true} {
		inner := &fakeGenerator{}
		g := relayGenerator{RelayAddressGenerator: inner, srv: &TURNServer{cfg: TURNConfig{AllowTCP: allow, Log: slog.New(slog.DiscardHandler)}}}
		_, _, errL := g.AllocateListener(turn.AllocateListenerConfig{})
		_, errC := g.AllocateConn(turn.AllocateConnConfig{})
		refused := errors.Is(errL, ErrTCPRelay) && errors.Is(errC, ErrTCPRelay)
		if want := 2 * btoi(allow); inner.tcp != want || refused == allow {
			t.Errorf("AllowTCP %v: %d tcp allocations reached the generator (want %d), refused %v (%v, %v)", allow, inner.tcp, want, refused, errL, errC)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
