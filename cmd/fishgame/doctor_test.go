package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pion/stun/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/signaling/server"
	"github.com/fishgame/fishgame/signaling/server/ice"
)

// doctorServer runs the embedded server whose ice_servers RPC advertises
// stunPort on loopback (0: none).
func doctorServer(t *testing.T, stunPort int) string {
	t.Helper()
	cfg := server.Config{DataDir: t.TempDir(), BcryptCost: bcrypt.MinCost, Logger: quietLogger(&bytes.Buffer{})}
	if stunPort != 0 {
		cfg.ICE = ice.ServersConfig{Host: "127.0.0.1", STUNPort: stunPort}
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { srv.Close(); hs.Close() })
	return hs.URL
}

// stunResponder starts the server's real STUN responder on a free loopback
// port.
func stunResponder(t *testing.T) int {
	t.Helper()
	udp, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ice.NewSTUNServer(udp, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { s.Serve(ctx) })
	t.Cleanup(func() { cancel(); s.Close(); wg.Wait() })
	return udp.LocalAddr().(*net.UDPAddr).Port
}

// fakeSTUN answers every Binding request with the fixed mapped address,
// like a server behind which a symmetric NAT shows another port.
func fakeSTUN(t *testing.T, mapped *net.UDPAddr) string {
	t.Helper()
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			var req stun.Message
			req.Raw = append([]byte(nil), buf[:n]...)
			if req.Decode() != nil {
				continue
			}
			res, err := stun.Build(&req, stun.BindingSuccess, &stun.XORMappedAddress{IP: mapped.IP, Port: mapped.Port}, stun.Fingerprint)
			if err == nil {
				conn.WriteTo(res.Raw, from)
			}
		}
	})
	t.Cleanup(func() { conn.Close(); wg.Wait() })
	return conn.LocalAddr().String()
}

// silentUDP is a UDP port where nobody answers.
func silentUDP(t *testing.T) string {
	t.Helper()
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn.LocalAddr().String()
}

func TestDoctor(t *testing.T) {
	stable := stunResponder(t)
	other := stunResponder(t)
	url := doctorServer(t, stable)
	otherAddr := net.JoinHostPort("127.0.0.1", itoa(other))
	symA := fakeSTUN(t, &net.UDPAddr{IP: net.IPv4(203, 0, 113, 7), Port: 40001})
	symB := fakeSTUN(t, &net.UDPAddr{IP: net.IPv4(203, 0, 113, 7), Port: 40002})
	quiet := silentUDP(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"stable", []string{"--stun", net.JoinHostPort("127.0.0.1", itoa(stable)), "--stun", otherAddr},
			[]string{"is reachable", "login:    ok", "stun:127.0.0.1:" + itoa(stable), "mapping is stable", "direct P2P is likely"}},
		{"symmetric", []string{"--stun", symA + "," + symB},
			[]string{"203.0.113.7:40001", "203.0.113.7:40002", "symmetric NAT", "TURN is needed"}},
		{"one server from the rpc", nil,
			[]string{"the server hands out stun:127.0.0.1:" + itoa(stable), "only one STUN server", "cannot tell"}},
		{"no answer", []string{"--stun", quiet, "--stun-timeout", "300ms"},
			[]string{"did not answer", "no STUN server answered", "relay"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := runDoctor(context.Background(), append([]string{"--nakama", url}, tt.args...), &out); err != nil {
				t.Fatalf("runDoctor = %v\n%s", err, out.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("doctor output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestDoctorFailures(t *testing.T) {
	url := doctorServer(t, 0)
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	tests := []struct {
		name    string
		args    []string
		wantOut string
		wantErr string
	}{
		{"unreachable", []string{"--nakama", closed}, "is NOT reachable", "unreachable"},
		{"wrong key", []string{"--nakama", url, "--server-key", "nope"}, "wrong --server-key", "authentication failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := runDoctor(context.Background(), tt.args, &out)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || errors.As(err, new(usageError)) {
				t.Errorf("runDoctor(%q) = %v, want an error mentioning %q", tt.args, err, tt.wantErr)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("doctor output lacks %q:\n%s", tt.wantOut, out.String())
			}
		})
	}
	for _, args := range [][]string{{"--nakama", "127.0.0.1:7350"}, {"--stun-timeout", "0s"}, {"extra"}, {"--stun", "no-port"}} {
		if err := runDoctor(context.Background(), args, &bytes.Buffer{}); !errors.As(err, new(usageError)) {
			t.Errorf("runDoctor(%q) = %v, want a usage error", args, err)
		}
	}
}

func TestNATVerdict(t *testing.T) {
	a := &net.UDPAddr{IP: net.IPv4(198, 51, 100, 1), Port: 5000}
	b := &net.UDPAddr{IP: net.IPv4(198, 51, 100, 1), Port: 5001}
	tests := []struct {
		name    string
		results []stunResult
		turn    bool
		want    string
	}{
		{"none", nil, false, "no STUN server to test"},
		{"same server twice", []stunResult{{addr: "1.1.1.1:3478", mapped: a}, {addr: "1.1.1.1:3478", mapped: a}}, false, "only one STUN server"},
		{"symmetric with turn", []stunResult{{addr: "1.1.1.1:3478", mapped: a}, {addr: "2.2.2.2:3478", mapped: b}}, true, "offers TURN"},
		{"one fails", []stunResult{{addr: "1.1.1.1:3478", mapped: a}, {addr: "2.2.2.2:3478", err: errors.New("x")}}, false, "only one STUN server"},
	}
	for _, tt := range tests {
		if got := natVerdict(tt.results, tt.turn); !strings.Contains(got, tt.want) {
			t.Errorf("natVerdict(%s) = %q, want it to mention %q", tt.name, got, tt.want)
		}
	}
}

func TestSTUNHostPort(t *testing.T) {
	tests := []struct{ in, want string }{
		{"stun:h:3478", "h:3478"},
		{"stun:h", "h:3478"},
		{"stun:[::1]:19302", "[::1]:19302"},
		{"stun:h:1?transport=udp", "h:1"},
	}
	for _, tt := range tests {
		if got, ok := stunHostPort(tt.in); !ok || got != tt.want {
			t.Errorf("stunHostPort(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	if _, ok := stunHostPort("turn:h:3478"); ok {
		t.Errorf("stunHostPort(turn URL) = ok, want not a stun URL")
	}
}
