package p2p_test

import (
	"context"
	"net"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
	"github.com/pion/webrtc/v4"
)

// loopbackConfig restricts ICE to the loopback interface, as tests on real
// sockets must (pion would otherwise gather on every interface).
func loopbackConfig(slot, players int) p2p.Config {
	return p2p.Config{
		Slot:                   slot,
		Players:                players,
		Interfaces:             []string{"lo"},
		NetworkTypes:           []webrtc.NetworkType{webrtc.NetworkTypeUDP4},
		IncludeLoopback:        true,
		ConnectTimeout:         5 * time.Second,
		ICEDisconnectedTimeout: time.Second,
		ICEFailedTimeout:       2 * time.Second,
		ICEKeepalive:           500 * time.Millisecond,
		Logger:                 testLogger(),
	}
}

// loopbackMatch connects players meshes over real loopback sockets and
// returns them once every link settled, with how long that took.
func loopbackMatch(tb testing.TB, players int) ([]*p2p.Mesh, time.Duration) {
	tb.Helper()
	hub := p2ptest.NewHub(players)
	meshes := make([]*p2p.Mesh, players)
	for slot := range players {
		mesh, err := p2p.New(loopbackConfig(slot, players), hub.Signaler(slot))
		if err != nil {
			tb.Fatalf("p2p.New(slot %d) = %v", slot, err)
		}
		hub.Attach(slot, mesh)
		meshes[slot] = mesh
	}
	tb.Cleanup(func() {
		for _, mesh := range meshes {
			_ = mesh.Close()
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	for _, mesh := range meshes {
		if err := mesh.Start(ctx); err != nil {
			tb.Fatalf("Start() = %v", err)
		}
	}
	for _, mesh := range meshes {
		if err := mesh.WaitReady(ctx); err != nil {
			tb.Fatalf("WaitReady(slot %d) = %v", mesh.Slot(), err)
		}
	}
	return meshes, time.Since(start)
}

// awaitPacket polls mesh until a game packet arrives or the deadline passes.
func awaitPacket(mesh *p2p.Mesh, deadline time.Time) (int, []byte, bool) {
	for time.Now().Before(deadline) {
		if from, pkt, ok := mesh.Receive(); ok {
			return from, pkt, true
		}
		runtime.Gosched()
	}
	return 0, nil, false
}

func TestLoopbackSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("uses real loopback sockets")
	}
	meshes, took := loopbackMatch(t, 2)
	t.Logf("2 peers connected over loopback in %v", took)
	for _, mesh := range meshes {
		for _, st := range mesh.Stats() {
			// "prflx" is the same direct loopback pair when the peer's first
			// connectivity check arrives before its host candidate is
			// signaled (common on a loaded machine); neither is relayed.
			if st.State != p2p.LinkDirect || (st.Path != "host" && st.Path != "prflx") {
				t.Fatalf("slot %d → peer %d: state %s path %q (reason %v), want direct via host or prflx",
					mesh.Slot(), st.Peer, st.State, st.Path, st.Reason)
			}
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	meshes[0].Send(1, []byte("ping"))
	from, pkt, ok := awaitPacket(meshes[1], deadline)
	if !ok || from != 0 || string(pkt) != "ping" {
		t.Fatalf("Receive() = %d, %q, %v; want 0, \"ping\", true", from, pkt, ok)
	}
	if err := meshes[1].SendControl(0, []byte("ready")); err != nil {
		t.Fatalf("SendControl() = %v", err)
	}
	for {
		if from, msg, ok := meshes[0].ReceiveControl(); ok {
			if from != 1 || string(msg) != "ready" {
				t.Fatalf("ReceiveControl() = %d, %q; want 1, \"ready\"", from, msg)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no control message within 5s")
		}
		runtime.Gosched()
	}
}

// BenchmarkConnectLoopback4 measures the time from Start to every link of a
// 4-player mesh open, over real loopback sockets.
func BenchmarkConnectLoopback4(b *testing.B) {
	var times []time.Duration
	for b.Loop() {
		meshes, took := loopbackMatch(b, 4)
		times = append(times, took)
		for _, mesh := range meshes {
			for _, st := range mesh.Stats() {
				if st.State != p2p.LinkDirect {
					b.Fatalf("slot %d → peer %d: %s (reason %v), want direct", mesh.Slot(), st.Peer, st.State, st.Reason)
				}
			}
		}
		for _, mesh := range meshes {
			_ = mesh.Close()
		}
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
}

// BenchmarkRTTLoopback measures the round trip of a small packet on the
// inputs channel and, in the same run, over plain UDP sockets.
func BenchmarkRTTLoopback(b *testing.B) {
	meshes, _ := loopbackMatch(b, 2)
	a, c := listenUDP(b), listenUDP(b)
	packet := make([]byte, 64)
	buf := make([]byte, 1500)
	const rounds = 200
	var dc, udp []time.Duration
	for b.Loop() {
		for range rounds {
			start := time.Now()
			meshes[0].Send(1, packet)
			if _, _, ok := awaitPacket(meshes[1], start.Add(time.Second)); !ok {
				b.Fatal("no packet from 0 within 1s")
			}
			meshes[1].Send(0, packet)
			if _, _, ok := awaitPacket(meshes[0], start.Add(time.Second)); !ok {
				b.Fatal("no echo from 1 within 1s")
			}
			dc = append(dc, time.Since(start))

			start = time.Now()
			if _, err := a.WriteTo(packet, c.LocalAddr()); err != nil {
				b.Fatal(err)
			}
			if _, _, err := c.ReadFrom(buf); err != nil {
				b.Fatal(err)
			}
			if _, err := c.WriteTo(packet, a.LocalAddr()); err != nil {
				b.Fatal(err)
			}
			if _, _, err := a.ReadFrom(buf); err != nil {
				b.Fatal(err)
			}
			udp = append(udp, time.Since(start))
		}
	}
	slices.Sort(dc)
	slices.Sort(udp)
	dcP50, udpP50 := dc[len(dc)/2], udp[len(udp)/2]
	b.ReportMetric(float64(dcP50.Nanoseconds())/1000, "dc-rtt-p50-µs")
	b.ReportMetric(float64(udpP50.Nanoseconds())/1000, "udp-rtt-p50-µs")
	b.ReportMetric(float64(dcP50)/float64(udpP50), "dc/udp")
}

func listenUDP(tb testing.TB) net.PacketConn {
	tb.Helper()
	conn, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen udp: %v", err)
	}
	tb.Cleanup(func() { _ = conn.Close() })
	if err := conn.SetDeadline(time.Now().Add(time.Minute)); err != nil {
		tb.Fatalf("set deadline: %v", err)
	}
	return conn
}
