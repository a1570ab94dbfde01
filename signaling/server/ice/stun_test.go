package ice

import (
	"context"
	"errors"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/pion/logging"
	"github.com/pion/stun/v4"
	"github.com/pion/transport/v5/vnet"
)

// startSTUN serves a STUNServer on conn until the test ends.
func startSTUN(t *testing.T, conn net.PacketConn) *STUNServer {
	t.Helper()
	s, err := NewSTUNServer(conn, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(context.Background()) }()
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("Serve returned %v after Close, want nil", err)
		}
	})
	return s
}

// bind sends one Binding request through pion's STUN client and returns the
// response.
func bind(t *testing.T, conn net.Conn) *stun.Message {
	t.Helper()
	c, err := stun.NewClient(conn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var res *stun.Message
	var resErr error
	err = c.Do(stun.MustBuild(stun.TransactionID, stun.BindingRequest, stun.Fingerprint), func(e stun.Event) {
		resErr = e.Error
		if e.Message != nil {
			res = new(stun.Message)
			resErr = errors.Join(resErr, e.Message.CloneTo(res))
		}
	})
	if err != nil || resErr != nil {
		t.Fatalf("binding request: %v %v", err, resErr)
	}
	return res
}

func checkBindingSuccess(t *testing.T, res *stun.Message, want *net.UDPAddr) {
	t.Helper()
	if res.Type != stun.BindingSuccess {
		t.Fatalf("response type = %v, want binding success", res.Type)
	}
	var xor stun.XORMappedAddress
	if err := xor.GetFrom(res); err != nil {
		t.Fatalf("XOR-MAPPED-ADDRESS: %v", err)
	}
	if !xor.IP.Equal(want.IP) || xor.Port != want.Port {
		t.Errorf("XOR-MAPPED-ADDRESS = %v, want %v", xor, want)
	}
	var sw stun.Software
	if err := sw.GetFrom(res); err != nil || sw.String() != Software {
		t.Errorf("SOFTWARE = %q, %v, want %q", sw, err, Software)
	}
	if err := stun.Fingerprint.Check(res); err != nil {
		t.Errorf("FINGERPRINT: %v", err)
	}
}

// TestSTUNLoopback is the one real-socket test: pion's STUN client against
// the responder on 127.0.0.1.
func TestSTUNLoopback(t *testing.T) {
	pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := startSTUN(t, pc)
	conn, err := net.Dial("udp4", s.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	res := bind(t, conn)
	checkBindingSuccess(t, res, conn.LocalAddr().(*net.UDPAddr))
}

// TestSTUNBehindNAT checks the answer carries the NAT's public mapping, on a
// virtual network: a client in 192.168.0.0/24 behind a NAT at 5.6.7.8
// queries the server at 1.2.3.4.
func TestSTUNBehindNAT(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lf := logging.NewDefaultLoggerFactory()
		wan, err := vnet.NewRouter(&vnet.RouterConfig{CIDR: "1.2.3.0/24", LoggerFactory: lf})
		if err != nil {
			t.Fatal(err)
		}
		serverNet, _ := vnet.NewNet(&vnet.NetConfig{StaticIPs: []string{"1.2.3.4"}})
		if err := wan.AddNet(serverNet); err != nil {
			t.Fatal(err)
		}
		lan, err := vnet.NewRouter(&vnet.RouterConfig{
			CIDR:          "192.168.0.0/24",
			StaticIPs:     []string{"1.2.3.100"},
			NATType:       &vnet.NATType{MappingBehavior: vnet.EndpointIndependent, FilteringBehavior: vnet.EndpointAddrPortDependent},
			LoggerFactory: lf,
		})
		if err != nil {
			t.Fatal(err)
		}
		clientNet, _ := vnet.NewNet(&vnet.NetConfig{})
		if err := lan.AddNet(clientNet); err != nil {
			t.Fatal(err)
		}
		if err := wan.AddRouter(lan); err != nil {
			t.Fatal(err)
		}
		if err := wan.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = wan.Stop() }()

		pc, err := serverNet.ListenPacket("udp4", "1.2.3.4:3478")
		if err != nil {
			t.Fatal(err)
		}
		startSTUN(t, pc)
		conn, err := clientNet.Dial("udp4", "1.2.3.4:3478")
		if err != nil {
			t.Fatal(err)
		}
		res := bind(t, conn)
		var xor stun.XORMappedAddress
		if err := xor.GetFrom(res); err != nil {
			t.Fatal(err)
		}
		if !xor.IP.Equal(net.ParseIP("1.2.3.100")) {
			t.Errorf("mapped IP = %v, want the NAT's 1.2.3.100", xor.IP)
		}
		local := conn.LocalAddr().(*net.UDPAddr)
		if xor.IP.Equal(local.IP) {
			t.Errorf("mapped address %v is the private address", xor)
		}
	})
}

func TestSTUNServeStopsOnContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		nw, err := vnet.NewNet(&vnet.NetConfig{})
		if err != nil {
			t.Fatal(err)
		}
		pc, err := nw.ListenPacket("udp4", "127.0.0.1:3478")
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewSTUNServer(pc, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Serve(ctx) }()
		synctest.Wait()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve after cancel = %v, want nil", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("second Close = %v, want nil", err)
		}
	})
	if _, err := NewSTUNServer(nil, nil); !errors.Is(err, ErrNoConn) {
		t.Errorf("NewSTUNServer(nil) = %v, want ErrNoConn", err)
	}
}

var from = &net.UDPAddr{IP: net.ParseIP("203.0.113.7"), Port: 40000}

func build(t testing.TB, setters ...stun.Setter) []byte {
	t.Helper()
	m, err := stun.Build(setters...)
	if err != nil {
		t.Fatal(err)
	}
	return m.Raw
}

func TestRespond(t *testing.T) {
	valid := build(t, stun.TransactionID, stun.BindingRequest, stun.Fingerprint)
	badFP := append([]byte(nil), valid...)
	badFP[len(badFP)-1] ^= 0xff
	tests := []struct {
		name   string
		in     []byte
		from   net.Addr
		answer bool
		code   stun.ErrorCode // 0 for a success answer
	}{
		{"binding", valid, from, true, 0},
		{"binding without fingerprint", build(t, stun.TransactionID, stun.BindingRequest), from, true, 0},
		{"binding with optional unknown attribute", build(t, stun.TransactionID, stun.BindingRequest, rawAttr{0x8123, []byte("x")}), from, true, 0},
		{"ipv6 client", valid, &net.UDPAddr{IP: net.ParseIP("2001:db8::9"), Port: 5}, true, 0},
		{"unknown required attribute", build(t, stun.TransactionID, stun.BindingRequest, rawAttr{0x0003, []byte{0, 0, 0, 4}}), from, true, stun.CodeUnknownAttribute},
		{"bad fingerprint", badFP, from, false, 0},
		{"binding indication", build(t, stun.TransactionID, stun.NewType(stun.MethodBinding, stun.ClassIndication)), from, false, 0},
		{"binding success from a peer", build(t, stun.TransactionID, stun.BindingSuccess), from, false, 0},
		{"allocate request", build(t, stun.TransactionID, stun.NewType(stun.MethodAllocate, stun.ClassRequest)), from, false, 0},
		{"garbage", []byte("GET / HTTP/1.1\r\n\r\n"), from, false, 0},
		{"empty", nil, from, false, 0},
		{"truncated", valid[:len(valid)-3], from, false, 0},
		{"non-udp source", valid, &net.IPAddr{IP: net.IPv4(1, 2, 3, 4)}, false, 0},
	}
	for _, tt := range tests {
		var req, res stun.Message
		got := respond(tt.in, tt.from, &req, &res)
		if got != tt.answer {
			t.Errorf("%s: respond = %v, want %v", tt.name, got, tt.answer)
			continue
		}
		if !got {
			continue
		}
		var dec stun.Message
		if err := stun.Decode(res.Raw, &dec); err != nil {
			t.Fatalf("%s: answer does not decode: %v", tt.name, err)
		}
		if dec.TransactionID != req.TransactionID {
			t.Errorf("%s: transaction id changed", tt.name)
		}
		if tt.code == 0 {
			checkBindingSuccess(t, &dec, tt.from.(*net.UDPAddr))
			continue
		}
		var code stun.ErrorCodeAttribute
		if err := code.GetFrom(&dec); err != nil || code.Code != tt.code {
			t.Errorf("%s: error code = %v, %v, want %v", tt.name, code.Code, err, tt.code)
		}
		var unknown stun.UnknownAttributes
		if err := unknown.GetFrom(&dec); err != nil || len(unknown) != 1 || unknown[0] != 0x0003 {
			t.Errorf("%s: UNKNOWN-ATTRIBUTES = %v, %v, want [0x0003]", tt.name, unknown, err)
		}
	}
}

// rawAttr adds an arbitrary attribute.
type rawAttr struct {
	t stun.AttrType
	v []byte
}

func (a rawAttr) AddTo(m *stun.Message) error {
	m.Add(a.t, a.v)
	return nil
}

func FuzzRespond(f *testing.F) {
	f.Add(build(f, stun.TransactionID, stun.BindingRequest, stun.Fingerprint))
	f.Add(build(f, stun.TransactionID, stun.BindingRequest, stun.NewSoftware("x"), stun.NewUsername("u"), rawAttr{0x0003, []byte{1, 2, 3, 4}}))
	f.Add(build(f, stun.TransactionID, stun.BindingSuccess, &stun.XORMappedAddress{IP: net.IPv4(1, 2, 3, 4), Port: 9}))
	f.Add([]byte{0, 1, 0, 0, 0x21, 0x12, 0xa4, 0x42})
	f.Fuzz(func(t *testing.T, b []byte) {
		var req, res stun.Message
		if !respond(b, from, &req, &res) {
			return
		}
		var dec stun.Message
		if err := stun.Decode(res.Raw, &dec); err != nil {
			t.Fatalf("answer to %x does not decode: %v", b, err)
		}
		if dec.Type.Method != stun.MethodBinding || dec.Type.Class == stun.ClassRequest || dec.TransactionID != req.TransactionID {
			t.Fatalf("answer %v is not a binding response to %v", dec, req)
		}
		if len(res.Raw) > 4*len(b)+128 {
			t.Fatalf("answer of %d bytes to a %d-byte request amplifies", len(res.Raw), len(b))
		}
	})
}

func TestSTUNServeSurvivesGarbage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		nw, _ := vnet.NewNet(&vnet.NetConfig{})
		pc, err := nw.ListenPacket("udp4", "127.0.0.1:3478")
		if err != nil {
			t.Fatal(err)
		}
		startSTUN(t, pc)
		conn, err := nw.Dial("udp4", "127.0.0.1:3478")
		if err != nil {
			t.Fatal(err)
		}
		for _, junk := range [][]byte{{0}, []byte("hello"), make([]byte, 4000)} {
			if _, err := conn.Write(junk); err != nil {
				t.Fatal(err)
			}
		}
		_ = conn.SetReadDeadline(time.Now().Add(time.Second))
		res := bind(t, conn)
		checkBindingSuccess(t, res, conn.LocalAddr().(*net.UDPAddr))
	})
}

func BenchmarkRespond(b *testing.B) {
	req := build(b, stun.TransactionID, stun.BindingRequest, stun.Fingerprint)
	var in, out stun.Message
	b.ReportAllocs()
	for b.Loop() {
		if !respond(req, from, &in, &out) {
			b.Fatal("no answer")
		}
	}
}
