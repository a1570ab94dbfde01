package lab

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/fishgame/fishgame/signaling/server"
)

// runBoth plays m over the relay, then p2p (--transport both --json), 2
// players for frames, and returns the relay's and p2p's reports.
func runBoth(t *testing.T, m Model, frames int) (relay, p2p Report) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cfg := Config{Transport: TransportBoth, Players: 2, Frames: frames, Seed: 1, Model: m, JSON: true,
		ConnectTimeout: 20 * time.Second, ServerKey: server.DefaultServerKey}
	var out bytes.Buffer
	if _, err := Run(ctx, cfg, &out); err != nil {
		t.Fatalf("Run(%v) = %v", m, err)
	}
	var doc struct{ Runs []Report }
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Runs) != 2 {
		t.Fatalf("Run(%v) printed %q (%v), want two runs", m, out.String(), err)
	}
	return doc.Runs[0], doc.Runs[1]
}

// near reports whether got is within 10% + 2 ms of want.
func near(got, want float64) bool { return math.Abs(got-want) <= 0.1*want+2 }

// TestLabModelOnRealTransports checks that the model sits on the real
// packet paths: with 20 ms access links and the server 30 ms further, a
// p2p packet takes 2×20 = 40 ms one way (80 ms round trip), a relayed one
// 2×20 + 2×30 = 100 ms (200 ms round trip), and p2p wins.
func TestLabModelOnRealTransports(t *testing.T) {
	m := Model{ClientLatency: 20 * time.Millisecond, ServerLatency: 30 * time.Millisecond}
	relay, p2p := runBoth(t, m, 120)
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"p2p rtt_ms p50", p2p.RTTMS.P50, 80},
		{"relay rtt_ms p50", relay.RTTMS.P50, 200},
		{"p2p input_latency_ms p50", p2p.InputLatencyMS.P50, 40},
		{"relay input_latency_ms p50", relay.InputLatencyMS.P50, 100},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v within 10%% + 2 ms", c.what, c.got, c.want)
		}
	}
	if p2p.RTTMS.P50 >= relay.RTTMS.P50 || p2p.InputLatencyMS.P50 >= relay.InputLatencyMS.P50 {
		t.Errorf("p2p rtt %v, input %v; relay rtt %v, input %v: want p2p faster with the server farther than the peers",
			p2p.RTTMS.P50, p2p.InputLatencyMS.P50, relay.RTTMS.P50, relay.InputLatencyMS.P50)
	}
}

// TestLabPathsTieWithoutServerLeg checks that with the server at no
// distance the relay's path is the p2p path: the two are within a few ms.
func TestLabPathsTieWithoutServerLeg(t *testing.T) {
	relay, p2p := runBoth(t, Model{ClientLatency: 20 * time.Millisecond}, 120)
	const few = 5
	if d := relay.RTTMS.P50 - p2p.RTTMS.P50; math.Abs(d) > few {
		t.Errorf("rtt_ms p50: relay %v, p2p %v; want within %d ms", relay.RTTMS.P50, p2p.RTTMS.P50, few)
	}
	if d := relay.InputLatencyMS.P50 - p2p.InputLatencyMS.P50; math.Abs(d) > few {
		t.Errorf("input_latency_ms p50: relay %v, p2p %v; want within %d ms", relay.InputLatencyMS.P50, p2p.InputLatencyMS.P50, few)
	}
}

// TestLabLossInLinkStats checks that a 10% loss per access link is what
// the packet paths lose: the link stats of the sim and of both real
// transports read 10 ± 3%.
func TestLabLossInLinkStats(t *testing.T) {
	m := Model{ClientLatency: 5 * time.Millisecond, ServerLatency: 5 * time.Millisecond, Loss: 0.1}
	runs, err := Run(context.Background(), Config{Transport: TransportSim, Players: 2, Frames: 600, Seed: 1, Model: m}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	relay, p2p := runBoth(t, m, 120)
	for _, rep := range []Report{*runs[0], relay, p2p} {
		if l := rep.Link; l.Crossings < 300 || math.Abs(l.LossPct-10) > 3 {
			t.Errorf("%s: link %+v, want 10 ± 3%% lost of 300 or more crossings", rep.Transport, l)
		}
	}
}
