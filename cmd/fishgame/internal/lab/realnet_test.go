package lab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/signaling/server"
)

// tickMS is one 60 Hz tick in milliseconds.
const tickMS = float64(rollback.DefaultFrameDuration) / float64(time.Millisecond)

// runLabJSON runs the lab with args and --json and decodes its report.
func runLabJSON(t *testing.T, args Config) Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out bytes.Buffer
	args.JSON = true
	if args.ConnectTimeout == 0 {
		args.ConnectTimeout = 10 * time.Second
	}
	if args.ServerKey == "" {
		args.ServerKey = server.DefaultServerKey
	}
	if _, err := Run(ctx, args, &out); err != nil {
		t.Fatalf("Run(%+v) = %v", args, err)
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("runLab(%q) printed %q: %v", args.Transport, out.String(), err)
	}
	return rep
}

// TestLabRealTransports plays short real-time matches over loopback with
// the embedded server: P2P through create/join, relay through the
// matchmaker.
func TestLabRealTransports(t *testing.T) {
	tests := []struct {
		args      Config
		transport string
		players   int
		paths     map[string]int
	}{
		{Config{Transport: TransportP2P, Players: 3, Frames: 120}, "p2p", 3, map[string]int{"p2p": 3, "relay": 0}},
		{Config{Transport: TransportRelay, Players: 2, Frames: 120, Matchmaker: true}, "relay", 2, map[string]int{"p2p": 0, "relay": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.transport, func(t *testing.T) {
			rep := runLabJSON(t, tt.args)
			checkRealReport(t, rep, tt.transport, tt.players, tt.paths)
		})
	}
}

func checkRealReport(t *testing.T, rep Report, transport string, players int, paths map[string]int) {
	t.Helper()
	switch {
	case rep.Transport != transport || rep.Players != players:
		t.Errorf("report header = %+v, want transport %s, %d players", rep, transport, players)
	case !rep.ChecksumsAgree || rep.Desyncs != 0:
		t.Errorf("checksums_agree = %v, desyncs = %d; want true, 0", rep.ChecksumsAgree, rep.Desyncs)
	case len(rep.Paths) != len(paths) || rep.Paths["p2p"] != paths["p2p"] || rep.Paths["relay"] != paths["relay"]:
		t.Errorf("paths = %v, want %v", rep.Paths, paths)
	case rep.ConnectMS <= 0:
		t.Errorf("connect_ms = %v, want the measured time", rep.ConnectMS)
	case rep.RTTMS.P50 <= 0 || rep.BytesPerSecPerPeer.Sent <= 0 || rep.BytesPerSecPerPeer.Received <= 0:
		t.Errorf("missing figures: %+v", rep)
	case rep.RTTMS.P50 >= tickMS || rep.InputLatencyMS.P50 >= tickMS:
		// Loopback takes well under a millisecond; handled only at ticks,
		// a round trip would read two ticks and an input one.
		t.Errorf("rtt_ms p50 %v, input_latency_ms p50 %v: want under a tick (%.2f ms) on loopback", rep.RTTMS.P50, rep.InputLatencyMS.P50, tickMS)
	}
}

// TestLabExternalServer runs the lab against a server it did not start,
// as with a stock Nakama: --nakama and --server-key.
func TestLabExternalServer(t *testing.T) {
	srv, err := server.New(server.Config{DataDir: t.TempDir(), ServerKey: "lab-key", BcryptCost: bcrypt.MinCost,
		MatchmakerInterval: 20 * time.Millisecond, Logger: quietLogger(&bytes.Buffer{})})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { srv.Close(); hs.Close() }()

	rep := runLabJSON(t, Config{Transport: TransportP2P, Players: 2, Frames: 60, Matchmaker: true,
		Nakama: hs.URL, ServerKey: "lab-key"})
	checkRealReport(t, rep, "p2p", 2, map[string]int{"p2p": 1, "relay": 0})

	_, err = Run(context.Background(), Config{Transport: TransportP2P, Players: 2, Frames: 60, Nakama: hs.URL, ServerKey: "wrong", ConnectTimeout: 10 * time.Second}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "authenticate") {
		t.Errorf("runLab with a wrong server key = %v, want an authentication error", err)
	}
}

// TestNetLabWaitReceives checks the real-time clock: the first Wait starts
// it, a later one returns once the tick is due and lets receive handle
// packets many times meanwhile at increasing match times, and a cancelled
// context ends it.
func TestNetLabWaitReceives(t *testing.T) {
	n := &realNet{}
	var calls []time.Duration
	receive := func(now time.Duration) { calls = append(calls, now) }
	const tick = 20 * time.Millisecond
	if err := n.Wait(context.Background(), tick, receive); err != nil || len(calls) != 0 {
		t.Fatalf("first Wait = %v after %d receives, want nil at once", err, len(calls))
	}
	if err := n.Wait(context.Background(), 2*tick, receive); err != nil {
		t.Fatalf("Wait = %v", err)
	}
	if now := n.Now(); now < 2*tick {
		t.Errorf("Now() = %v after Wait(%v)", now, 2*tick)
	}
	if len(calls) < 2 {
		t.Errorf("receive called %d times in a %v wait, want it polled every %v", len(calls), tick, receiveInterval)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i] < calls[i-1] || calls[i] > n.Now() {
			t.Fatalf("receive times %v: want increasing and not past Now() = %v", calls, n.Now())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := n.Wait(ctx, time.Hour, receive); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestLabTransportBoth runs the relay, then p2p, on one seed and model:
// JSON gives {"runs":[relay, p2p]}, each run a full report, and the table
// puts them side by side with their ratio.
func TestLabTransportBoth(t *testing.T) {
	cfg := Config{Transport: TransportBoth, Players: 2, Frames: 60, Seed: 5, ConnectTimeout: 10 * time.Second, ServerKey: server.DefaultServerKey}
	var out bytes.Buffer
	cfg.JSON = true
	if _, err := Run(context.Background(), cfg, &out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []map[string]json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Runs) != 2 {
		t.Fatalf("--transport both --json printed %q (%v), want two runs", out.String(), err)
	}
	for i, want := range []string{"relay", "p2p"} {
		checkFields(t, doc.Runs[i])
		var rep Report
		b, _ := json.Marshal(doc.Runs[i])
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Transport != want || rep.Seed != 5 || rep.Paths[want] != 1 {
			t.Errorf("run %d: transport %q, seed %d, paths %v; want %s, 5, one %s pair", i, rep.Transport, rep.Seed, rep.Paths, want, want)
		}
	}

	out.Reset()
	cfg.JSON = false
	runs, err := Run(context.Background(), cfg, &out)
	if err != nil || len(runs) != 2 {
		t.Fatalf("Run = %d runs, %v", len(runs), err)
	}
	lines := strings.Split(out.String(), "\n")
	head := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "transport ") })
	if head < 0 || strings.Join(strings.Fields(lines[head]), " ") != "transport relay p2p relay/p2p" {
		t.Fatalf("table lacks the transport relay p2p relay/p2p header:\n%s", out.String())
	}
	match := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "match ") })
	if match < 0 || len(strings.Fields(lines[match])) != 3 || strings.Contains(lines[match], ".") {
		t.Errorf("match row %q, want both match ids without a trailing dot", lines[max(match, 0)])
	}
	want := fmt.Sprintf("%.2f×", runs[0].RTTMS.P50/runs[1].RTTMS.P50)
	rtt := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "rtt ") })
	if rtt < 0 || !strings.HasSuffix(lines[rtt], want) || strings.Count(lines[rtt], " ms") != 2 {
		t.Errorf("rtt row %q, want both runs' figures and the ratio %s", lines[max(rtt, 0)], want)
	}
}
