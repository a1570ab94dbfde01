package ice

import (
	"errors"
	"net"
	"net/netip"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pion/logging"
	"github.com/pion/transport/v5/vnet"
	"github.com/pion/turn/v5"
)

const testSecret = "test-secret-not-a-constant-in-production"

// turnNet is a flat virtual WAN: the TURN server at 1.2.3.4, a client at
// 1.2.3.5 and a peer at 1.2.3.6.
type turnNet struct {
	server, client, peer *vnet.Net
}

func newTurnNet(t *testing.T) turnNet {
	t.Helper()
	wan, err := vnet.NewRouter(&vnet.RouterConfig{CIDR: "1.2.3.0/24", LoggerFactory: logging.NewDefaultLoggerFactory()})
	if err != nil {
		t.Fatal(err)
	}
	var n turnNet
	for _, x := range []struct {
		p  **vnet.Net
		ip string
	}{{&n.server, "1.2.3.4"}, {&n.client, "1.2.3.5"}, {&n.peer, "1.2.3.6"}} {
		if *x.p, err = vnet.NewNet(&vnet.NetConfig{StaticIPs: []string{x.ip}}); err != nil {
			t.Fatal(err)
		}
		if err := wan.AddNet(*x.p); err != nil {
			t.Fatal(err)
		}
	}
	if err := wan.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = wan.Stop() })
	return n
}

func startTURN(t *testing.T, n turnNet, now func() time.Time, opts ...func(*TURNConfig)) *TURNServer {
	t.Helper()
	pc, err := n.server.ListenPacket("udp4", "1.2.3.4:3478")
	if err != nil {
		t.Fatal(err)
	}
	cfg := TURNConfig{
		Conn:      pc,
		Secret:    testSecret,
		RelayIP:   net.ParseIP("1.2.3.4"),
		RelayBind: "1.2.3.4",
		Net:       n.server,
		Now:       now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := NewTURNServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// allocate runs pion's TURN client with the given credentials.
func allocate(t *testing.T, n turnNet, user, pass string) (*turn.Client, net.PacketConn, error) {
	t.Helper()
	conn, err := n.client.ListenPacket("udp4", "1.2.3.5:0")
	if err != nil {
		t.Fatal(err)
	}
	c, err := turn.NewClient(&turn.ClientConfig{
		STUNServerAddr: "1.2.3.4:3478",
		TURNServerAddr: "1.2.3.4:3478",
		Username:       user,
		Password:       pass,
		Conn:           conn,
		Net:            n.client,
		LoggerFactory:  logging.NewDefaultLoggerFactory(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); _ = conn.Close() })
	if err := c.Listen(); err != nil {
		t.Fatal(err)
	}
	relay, err := c.Allocate()
	if err == nil {
		t.Cleanup(func() { _ = relay.Close() })
	}
	return c, relay, err
}

func TestTURNAllocateAndRelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newTurnNet(t)
		s := startTURN(t, n, nil)
		user, pass := Credentials(testSecret, "user-1", time.Now().Add(time.Hour))
		c, relay, err := allocate(t, n, user, pass)
		if err != nil {
			t.Fatalf("Allocate with fresh credentials: %v", err)
		}
		if ra := relay.LocalAddr().(*net.UDPAddr); !ra.IP.Equal(net.ParseIP("1.2.3.4")) {
			t.Errorf("relay address = %v, want the advertised 1.2.3.4", ra)
		}
		if got := s.AllocationCount(); got != 1 {
			t.Errorf("AllocationCount() = %d, want 1", got)
		}

		// The TURN server answers plain STUN too.
		mapped, err := c.SendBindingRequest()
		if err != nil || !mapped.(*net.UDPAddr).IP.Equal(net.ParseIP("1.2.3.5")) {
			t.Errorf("SendBindingRequest = %v, %v, want 1.2.3.5", mapped, err)
		}

		// Data goes through the relay to a peer and back.
		peer, err := n.peer.ListenPacket("udp4", "1.2.3.6:5000")
		if err != nil {
			t.Fatal(err)
		}
		defer peer.Close()
		if _, err := relay.WriteTo([]byte("ping"), peer.LocalAddr()); err != nil {
			t.Fatalf("relay write: %v", err)
		}
		buf := make([]byte, 64)
		k, src, err := peer.ReadFrom(buf)
		if err != nil || string(buf[:k]) != "ping" || src.String() != relay.LocalAddr().String() {
			t.Fatalf("peer read = %q from %v, %v; want ping from the relay %v", buf[:k], src, err, relay.LocalAddr())
		}
		if _, err := peer.WriteTo([]byte("pong"), src); err != nil {
			t.Fatal(err)
		}
		k, src, err = relay.ReadFrom(buf)
		if err != nil || string(buf[:k]) != "pong" || src.String() != peer.LocalAddr().String() {
			t.Fatalf("relay read = %q from %v, %v; want pong from the peer", buf[:k], src, err)
		}
		// The client binds a channel in the background after the first
		// write; let it finish (fake time) before the cleanups close
		// everything.
		time.Sleep(time.Second)
	})
}

func TestTURNRefusesBadCredentials(t *testing.T) {
	future := func() time.Time { return time.Now().Add(time.Hour) }
	tests := []struct {
		name       string
		user, pass func() (string, string)
	}{
		{"expired", nil, func() (string, string) { return Credentials(testSecret, "u", time.Now().Add(-time.Second)) }},
		{"wrong secret", nil, func() (string, string) { return Credentials("another-secret", "u", future()) }},
		{"tampered user id", nil, func() (string, string) {
			_, p := Credentials(testSecret, "u", future())
			u, _ := Credentials(testSecret, "admin", future())
			return u, p
		}},
		{"static username", nil, func() (string, string) { return "alice", credentialPassword(testSecret, "alice") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newTurnNet(t)
				s := startTURN(t, n, nil)
				u, p := tt.pass()
				if _, _, err := allocate(t, n, u, p); err == nil {
					t.Fatalf("Allocate with %s credentials succeeded, want refused", tt.name)
				}
				if got := s.AllocationCount(); got != 0 {
					t.Errorf("AllocationCount() = %d, want 0", got)
				}
			})
		})
	}
}

func TestTURNExpiryUsesConfiguredClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newTurnNet(t)
		// The server's clock is a day ahead: credentials valid for an hour
		// by the client's clock are already expired there.
		startTURN(t, n, func() time.Time { return time.Now().Add(24 * time.Hour) })
		u, p := Credentials(testSecret, "u", time.Now().Add(time.Hour))
		if _, _, err := allocate(t, n, u, p); err == nil {
			t.Fatal("Allocate succeeded with credentials expired by the server's clock")
		}
	})
}

func TestTURNAllocationQuota(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newTurnNet(t)
		s := startTURN(t, n, nil, func(c *TURNConfig) { c.MaxAllocationsPerUser = 1 })
		creds := func(user string) (string, string) { return Credentials(testSecret, user, time.Now().Add(time.Hour)) }
		u, p := creds("alice")
		_, first, err := allocate(t, n, u, p)
		if err != nil {
			t.Fatalf("first allocation: %v", err)
		}
		if _, _, err := allocate(t, n, u, p); err == nil {
			t.Fatalf("second allocation of the same user succeeded, want quota reached")
		}
		bu, bp := creds("bob")
		if _, _, err := allocate(t, n, bu, bp); err != nil {
			t.Fatalf("another user's allocation: %v", err)
		}
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second) // fake time: the release round trip completes
		if got := s.AllocationCount(); got != 1 {
			t.Fatalf("AllocationCount() after release = %d, want 1", got)
		}
		if _, _, err := allocate(t, n, u, p); err != nil {
			t.Fatalf("allocation after releasing the first: %v", err)
		}
	})
}

func TestTURNPermissions(t *testing.T) {
	loop := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	tests := []struct {
		ip    string
		allow []netip.Prefix
		want  bool
	}{
		{"1.2.3.6", nil, true},
		{"2001:db8::1", nil, true},
		{"1.2.3.4", nil, true},  // the relay IP: relayConn limits it to relay ports
		{"1.2.3.9", nil, false}, // another own address
		{"192.168.1.5", nil, false},
		{"10.1.2.3", nil, false},
		{"172.31.0.1", nil, false},
		{"172.32.0.1", nil, true},
		{"169.254.169.254", nil, false},
		{"100.64.0.1", nil, false},
		{"100.128.0.1", nil, true},
		{"::ffff:10.0.0.1", nil, false},
		{"fd00::1", nil, false},
		{"fe80::1", nil, false},
		{"64:ff9b::a00:1", nil, false},
		{"255.255.255.255", nil, false},
		{"127.0.0.1", nil, false},
		{"127.0.0.1", loop, true},
		{"::1", loop, false},
		{"0.0.0.0", loop, false},
		{"224.0.0.1", loop, false},
		{"ff02::1", nil, false},
		{"10.9.8.7", []netip.Prefix{netip.MustParsePrefix("10.9.0.0/16")}, true},
	}
	for _, tt := range tests {
		p := peerPolicy{allow: tt.allow, relayIP: netip.MustParseAddr("1.2.3.4"),
			own: map[netip.Addr]bool{netip.MustParseAddr("1.2.3.4"): true, netip.MustParseAddr("1.2.3.9"): true}}
		if got := p.permit(net.ParseIP(tt.ip)); got != tt.want {
			t.Errorf("permit(%s, allowed %v) = %v, want %v", tt.ip, tt.allow, got, tt.want)
		}
	}
}

func TestNewTURNServerConfig(t *testing.T) {
	pc := &net.UDPConn{}
	tests := []struct {
		name string
		cfg  TURNConfig
		want error
	}{
		{"no conn", TURNConfig{Secret: "s", RelayIP: net.IPv4(1, 2, 3, 4)}, ErrNoConn},
		{"no secret", TURNConfig{Conn: pc, RelayIP: net.IPv4(1, 2, 3, 4)}, ErrNoSecret},
		{"no relay ip", TURNConfig{Conn: pc, Secret: "s"}, ErrRelayIP},
		{"unspecified relay ip", TURNConfig{Conn: pc, Secret: "s", RelayIP: net.IPv4zero}, ErrRelayIP},
	}
	for _, tt := range tests {
		if _, err := NewTURNServer(tt.cfg); !errors.Is(err, tt.want) {
			t.Errorf("%s: NewTURNServer = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// FuzzParseCredentialUsername checks that any TURN username parses without
// panicking, and that what Credentials issues parses back to its expiry and
// user id.
func FuzzParseCredentialUsername(f *testing.F) {
	u, _ := Credentials("secret", "5f1c0a8e-7d0b-4c52-9a8e-3b8f1d0c2a11", time.Unix(1700000000, 0))
	for _, s := range []string{u, "1700000000", "", ":", "-1:x", "0:x", "99999999999999999999:x", "12:a:b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, username string) {
		expires, userID, ok := parseCredentialUsername(username)
		if !ok {
			return
		}
		if expires.Unix() <= 0 {
			t.Fatalf("parseCredentialUsername(%q) accepted expiry %v", username, expires)
		}
		again, _ := Credentials("k", userID, expires)
		if e2, u2, ok := parseCredentialUsername(again); !ok || !e2.Equal(expires) || u2 != userID {
			t.Fatalf("Credentials(%q, %v) = %q parses to %v %q %v", userID, expires, again, e2, u2, ok)
		}
	})
}
