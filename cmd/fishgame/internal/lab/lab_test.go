package lab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fishgame/fishgame/rollback"
)

func TestLabJSON(t *testing.T) {
	for _, args := range []Config{
		simConfig(2, 900, 3, 40*time.Millisecond, 5*time.Millisecond, 0.02),
		func() Config {
			c := simConfig(4, 900, 4, 80*time.Millisecond, 30*time.Millisecond, 0.15)
			c.Model.Dup, c.Model.Reorder, c.InputDelay = 0.05, 0.1, 3
			return c
		}(),
	} {
		var out bytes.Buffer
		args.JSON = true
		if _, err := Run(context.Background(), args, &out); err != nil {
			t.Fatalf("Run(%+v) = %v", args, err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
			t.Fatalf("runLab(%q) printed %q: %v", args.Transport, out.String(), err)
		}
		checkFields(t, raw)
		var rep Report
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		players := args.Players
		switch {
		case rep.Transport != "sim" || rep.Players != players || rep.Frames != 900:
			t.Errorf("report header = %+v", rep)
		case !rep.ChecksumsAgree || rep.Desyncs != 0 || len(rep.Disconnects) != 0 || len(rep.ChecksumsCompared) != players:
			t.Errorf("checksums_agree = %v among %v, desyncs = %d, disconnects %v; want true among all, 0, none",
				rep.ChecksumsAgree, rep.ChecksumsCompared, rep.Desyncs, rep.Disconnects)
		case rep.Paths["sim"] != players*(players-1)/2:
			t.Errorf("paths = %v, want sim: %d", rep.Paths, players*(players-1)/2)
		case rep.RTTMS.P50 <= 0 || rep.InputLatencyMS.P50 <= 0 || rep.BytesPerSecPerPeer.Sent <= 0 || rep.BytesPerSecPerPeer.Received <= 0:
			t.Errorf("missing figures: %+v", rep)
		case rep.RTTMS.P50 > rep.RTTMS.P95 || rep.RTTMS.P95 > rep.RTTMS.P99:
			t.Errorf("rtt percentiles out of order: %+v", rep.RTTMS)
		}
	}
}

// reportFields are the fields of every run's JSON report.
var reportFields = []string{"transport", "players", "frames", "seed", "connect_ms", "desyncs", "disconnects", "interruptions",
	"checksums_agree", "checksums_compared", "rtt_ms", "input_latency_ms", "rollback_frames", "rollbacks_per_sec",
	"bytes_per_sec_per_peer", "paths", "link"}

func checkFields(t *testing.T, raw map[string]json.RawMessage) {
	t.Helper()
	if got, want := slices.Sorted(maps.Keys(raw)), slices.Sorted(slices.Values(reportFields)); !slices.Equal(got, want) {
		t.Errorf("JSON fields = %v, want %v", got, want)
	}
}

func TestLabTable(t *testing.T) {
	var out bytes.Buffer
	if _, err := Run(context.Background(), simConfig(2, 300, 1, 20*time.Millisecond, 5*time.Millisecond, 0.02), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"transport        sim", "checksums agree  yes", "desyncs          0", "rtt p50/95/99", "input p50/95/99",
		"\n                 · RTT: time for a packet to go to another peer and come back; the model says 80 ms\n",
		"\n                 · input latency: from a bot's input to another peer having it; the model says 40 ms\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	// Every figure is explained on the line under it, and the report ends
	// by pointing at the game.
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "connect ") || strings.HasPrefix(l, "checksums agree ") {
			if i+1 == len(lines) || !strings.HasPrefix(lines[i+1], "                 · ") {
				t.Errorf("no reading under %q", l)
			}
		}
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "fishgame play") {
		t.Errorf("table ends with %q, want a pointer at fishgame play", last)
	}
}

func TestLabReportDisagreement(t *testing.T) {
	cfg := Config{Transport: TransportSim, Players: 2, Frames: 120, Seed: 1}
	net := newSimNet(cfg)
	peers, err := newPeers(cfg, net)
	if err != nil {
		t.Fatal(err)
	}
	lat := newLatency(2, cfg.Frames)
	now := rollback.DefaultFrameDuration
	for peers[0].sess.Frame() < 120 || peers[1].sess.Frame() < 120 {
		now += rollback.DefaultFrameDuration
		net.Wait(context.Background(), now, func(at time.Duration) {
			for _, p := range peers {
				p.receive(at, lat)
			}
		})
		for _, p := range peers {
			if err := p.step(now, lat); err != nil {
				t.Fatal(err)
			}
		}
	}
	rep := newReport(cfg, peers, net.Paths(), now, nil, nil)
	if !rep.ChecksumsAgree || len(rep.groups) != 1 {
		t.Fatalf("honest peers: ChecksumsAgree = %v, groups %+v", rep.ChecksumsAgree, rep.groups)
	}
	// Peer 1 remembers another checksum for the final frame.
	final := rep.groups[0].frame
	sum, _ := peers[1].sums.At(final)
	peers[1].sums.Put(final, sum^1)
	bad := newReport(cfg, peers, net.Paths(), now, nil, nil)
	if bad.ChecksumsAgree {
		t.Errorf("ChecksumsAgree = true with peer 1's checksum of frame %d changed", final)
	}
	if err := bad.verdict(); !errors.Is(err, ErrDesync) || !strings.Contains(err.Error(), fmt.Sprint(final)) {
		t.Errorf("verdict() = %v, want a desync naming frame %d", err, final)
	}
	if err := rep.verdict(); err != nil {
		t.Errorf("verdict() of an agreeing run = %v", err)
	}
	// A desync event on any peer fails the run too.
	peers[0].desyncs = append(peers[0].desyncs, rollback.Event{Kind: rollback.EventDesync, Frame: 60})
	if err := newReport(cfg, peers, net.Paths(), now, nil, nil).verdict(); err == nil || !strings.Contains(err.Error(), "frame 60") {
		t.Errorf("verdict() with a desync at frame 60 = %v", err)
	}
}

// TestLabMeasuresLinkLatency checks that the sim lab reports the link it
// was given, not whole ticks: packets are handled the moment they arrive,
// so 40 ms each way is an 80 ms round trip and 40 ms of input latency
// (per-tick handling would say 100 and 50).
func TestLabMeasuresLinkLatency(t *testing.T) {
	tests := []struct {
		latency     time.Duration
		rtt, arrive float64
	}{
		{20 * time.Millisecond, 80, 40},
		{7 * time.Millisecond, 28, 14},
		{0, 0, 0},
	}
	for _, tt := range tests {
		args := simConfig(4, 900, 1, tt.latency, 0, 0)
		args.JSON = true
		var out bytes.Buffer
		if _, err := Run(context.Background(), args, &out); err != nil {
			t.Fatalf("Run(%+v) = %v", args, err)
		}
		var rep Report
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.RTTMS.P50 < tt.rtt-1 || rep.RTTMS.P99 > tt.rtt+1 {
			t.Errorf("--client-latency %s: rtt_ms = %+v, want %v ± 1", tt.latency, rep.RTTMS, tt.rtt)
		}
		if rep.InputLatencyMS.P50 < tt.arrive-1 || rep.InputLatencyMS.P99 > tt.arrive+1 {
			t.Errorf("--client-latency %s: input_latency_ms = %+v, want %v ± 1", tt.latency, rep.InputLatencyMS, tt.arrive)
		}
	}
}

// simConfig is a sim run of players for frames with one link model.
func simConfig(players, frames int, seed uint64, latency, jitter time.Duration, loss float64) Config {
	return Config{Transport: TransportSim, Players: players, Frames: frames, Seed: seed,
		Model: Model{ClientLatency: latency, Jitter: jitter, Loss: loss}, InputDelay: rollback.DefaultInputDelay}
}
