package server

import (
	"bufio"
	"encoding/base64"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// relayBench puts a sender and three receivers in one match.
func relayBench(b *testing.B) (*session, []*session, string) {
	ts := newTestServer(b)
	id := uuid.New()
	sender := newFakeSession(ts.Server, "sender")
	recv := []*session{newFakeSession(ts.Server, "r1"), newFakeSession(ts.Server, "r2"), newFakeSession(ts.Server, "r3")}
	all := append([]*session{sender}, recv...)
	for _, c := range all {
		ts.hub.join(c, id, true, func(*match, []*session, bool) {})
	}
	for _, c := range all {
		c.drain()
	}
	return sender, recv, id.String() + "."
}

// BenchmarkRelay is the relay path per match_data: decode a match_data_send
// (fast path), route it, and encode the match_data for 3 receivers (once,
// shared by all three), 64-byte payload as in relayload.
func BenchmarkRelay(b *testing.B) {
	sender, recv, id := relayBench(b)
	frame := []byte(`{"match_data_send":{"match_id":"` + id + `","op_code":"1","data":"` +
		base64.StdEncoding.EncodeToString(make([]byte, 64)) + `"}}`)
	b.ReportAllocs()
	for b.Loop() {
		sender.handle(frame)
		for _, r := range recv {
			if r.drain() != 1 {
				b.Fatal("receiver did not get exactly one frame")
			}
		}
	}
}

// BenchmarkRelayTargeted is the protojson path: a match_data_send with a
// presences filter (two of the three receivers).
func BenchmarkRelayTargeted(b *testing.B) {
	sender, recv, id := relayBench(b)
	frame := []byte(`{"match_data_send":{"match_id":"` + id + `","op_code":"1","data":"` +
		base64.StdEncoding.EncodeToString(make([]byte, 64)) + `","presences":[` +
		`{"user_id":"` + recv[0].userID + `","session_id":"` + recv[0].id + `"},` +
		`{"user_id":"` + recv[1].userID + `","session_id":"` + recv[1].id + `"}]}}`)
	b.ReportAllocs()
	for b.Loop() {
		sender.handle(frame)
		for _, r := range recv {
			r.drain()
		}
	}
}

// BenchmarkIdleSocketMemory opens authenticated sockets that then stay idle
// and reports the Go memory (heap plus goroutine stacks) each one costs the
// server. The client ends are bare TCP connections after a hand-made
// upgrade, so they add only a few hundred bytes each.
func BenchmarkIdleSocketMemory(b *testing.B) {
	const sockets = 500
	ts := newTestServer(b)
	token, _ := ts.authDevice(b, "device-memory-1", "")
	addr := strings.TrimPrefix(ts.url, "http://")
	var perSocket, heap, stack float64
	for b.Loop() {
		before := memInUse()
		h0, s0 := memSplit()
		g0 := runtime.NumGoroutine()
		conns := make([]net.Conn, 0, sockets)
		for range sockets {
			conns = append(conns, rawUpgrade(b, addr, token))
		}
		// Wait until every socket runs its reader and writer goroutines.
		for runtime.NumGoroutine() < g0+2*sockets {
			runtime.Gosched()
		}
		after := memInUse()
		h1, s1 := memSplit()
		perSocket = float64(after-before) / sockets
		heap, stack = float64(h1-h0)/sockets, float64(s1-s0)/sockets
		for _, c := range conns {
			c.Close()
		}
		for len(ts.hub.all()) > 0 {
			runtime.Gosched()
		}
	}
	b.ReportMetric(perSocket, "B/socket")
	b.ReportMetric(heap, "heap-B/socket")
	b.ReportMetric(stack, "stack-B/socket")
}

func memSplit() (heap, stack int64) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc), int64(m.StackInuse)
}

func memInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc + m.StackInuse)
}

// rawUpgrade opens a realtime socket by hand and returns the bare connection.
func rawUpgrade(b *testing.B, addr, token string) net.Conn {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	req := "GET /ws?lang=en&status=false&format=json&token=" + token + " HTTP/1.1\r\nHost: " + addr +
		"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
	if _, err := conn.Write([]byte(req)); err != nil {
		b.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 512), nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		b.Fatalf("upgrade: %v %v", resp, err)
	}
	return conn
}
