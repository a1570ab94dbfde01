package main

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

func TestLabRejectsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--players", "5"}, "--players 5"},
		{[]string{"--players", "1"}, "--players 1"},
		{[]string{"--loss", "1.5"}, "--loss 1.5"},
		{[]string{"--dup", "-0.1"}, "--dup -0.1"},
		{[]string{"--reorder", "2"}, "--reorder 2"},
		{[]string{"--client-latency", "-40ms"}, "--client-latency -40ms"},
		{[]string{"--jitter", "-1ms"}, "--jitter -1ms"},
		{[]string{"--frames", "0"}, "--frames 0"},
		{[]string{"--input-delay", "99"}, "--input-delay 99"},
		{[]string{"--transport", "carrier-pigeon"}, "carrier-pigeon"},
		{[]string{"--client-latency", "forty"}, "invalid value"},
		{[]string{"--transport", "p2p", "--loss", "0.1"}, "--loss applies to --transport sim only"},
		{[]string{"--transport", "relay", "--client-latency", "10ms"}, "--client-latency applies"},
		{[]string{"--matchmaker"}, "--matchmaker applies to --transport p2p or relay"},
		{[]string{"--nakama", "http://127.0.0.1:7350"}, "--nakama applies"},
		{[]string{"--transport", "p2p", "--nakama", "127.0.0.1:7350"}, "expected a URL"},
		{[]string{"--transport", "p2p", "--connect-timeout", "0s"}, "--connect-timeout 0s"},
	}
	for _, tt := range tests {
		err := runLab(context.Background(), tt.args, &bytes.Buffer{})
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("runLab(%q) = %v, want a usage error mentioning %q", tt.args, err, tt.want)
		}
	}
}

func TestLabJSON(t *testing.T) {
	for _, args := range [][]string{
		{"--players", "2", "--frames", "900", "--seed", "3"},
		{"--players", "4", "--frames", "900", "--seed", "4", "--client-latency", "80ms", "--jitter", "30ms", "--loss", "0.15", "--dup", "0.05", "--reorder", "0.1", "--input-delay", "3"},
	} {
		var out bytes.Buffer
		if err := runLab(context.Background(), append(args, "--json"), &out); err != nil {
			t.Fatalf("runLab(%q) = %v", args, err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(out.Bytes(), &raw); err != nil {
			t.Fatalf("runLab(%q) printed %q: %v", args, out.String(), err)
		}
		want := []string{"transport", "players", "frames", "seed", "connect_ms", "desyncs", "checksums_agree", "rtt_ms",
			"input_latency_ms", "rollback_frames", "rollbacks_per_sec", "bytes_per_sec_per_peer", "paths"}
		if got := slices.Sorted(maps.Keys(raw)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("JSON fields = %v, want %v", got, want)
		}
		var rep labReport
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		players := 2
		if args[1] == "4" {
			players = 4
		}
		switch {
		case rep.Transport != "sim" || rep.Players != players || rep.Frames != 900:
			t.Errorf("report header = %+v", rep)
		case !rep.ChecksumsAgree || rep.Desyncs != 0:
			t.Errorf("checksums_agree = %v, desyncs = %d; want true, 0", rep.ChecksumsAgree, rep.Desyncs)
		case rep.Paths["sim"] != players*(players-1)/2:
			t.Errorf("paths = %v, want sim: %d", rep.Paths, players*(players-1)/2)
		case rep.RTTMS.P50 <= 0 || rep.InputLatencyMS.P50 <= 0 || rep.BytesPerSecPerPeer.Sent <= 0 || rep.BytesPerSecPerPeer.Received <= 0:
			t.Errorf("missing figures: %+v", rep)
		case rep.RTTMS.P50 > rep.RTTMS.P95 || rep.RTTMS.P95 > rep.RTTMS.P99:
			t.Errorf("rtt percentiles out of order: %+v", rep.RTTMS)
		}
	}
}

func TestLabTable(t *testing.T) {
	var out bytes.Buffer
	if err := runLab(context.Background(), []string{"--frames", "300"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"transport        sim", "checksums agree  yes", "desyncs          0", "rtt ", "input latency"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestLabReportDisagreement(t *testing.T) {
	cfg := labConfig{transport: "sim", players: 2, frames: 120, seed: 1}
	net := newSimLabNet(cfg)
	peers := make([]*labPeer, 2)
	for i := range peers {
		p, err := newLabPeer(net.Transport(i), cfg, i)
		if err != nil {
			t.Fatal(err)
		}
		peers[i] = p
	}
	lat := newLabLatency(2, cfg.frames)
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
	rep := newLabReport(cfg, peers, net.Paths(), now, nil, nil)
	if !rep.ChecksumsAgree {
		t.Fatalf("honest peers: ChecksumsAgree = false at frame %d", rep.finalFrame)
	}
	// Peer 1 remembers another checksum for the final frame.
	sum, _ := peers[1].sums.At(rep.finalFrame)
	peers[1].sums.Put(rep.finalFrame, sum^1)
	bad := newLabReport(cfg, peers, net.Paths(), now, nil, nil)
	if bad.ChecksumsAgree {
		t.Errorf("ChecksumsAgree = true with peer 1's checksum of frame %d changed", bad.finalFrame)
	}
	if err := bad.verdict(); err == nil || !strings.Contains(err.Error(), fmt.Sprint(bad.finalFrame)) {
		t.Errorf("verdict() = %v, want an error naming frame %d", err, bad.finalFrame)
	}
	if err := rep.verdict(); err != nil {
		t.Errorf("verdict() of an agreeing run = %v", err)
	}
	// A desync event on any peer fails the run too.
	peers[0].desyncs = append(peers[0].desyncs, rollback.Event{Kind: rollback.EventDesync, Frame: 60})
	if err := newLabReport(cfg, peers, net.Paths(), now, nil, nil).verdict(); err == nil || !strings.Contains(err.Error(), "frame 60") {
		t.Errorf("verdict() with a desync at frame 60 = %v", err)
	}
}

// TestLabMeasuresLinkLatency checks that the sim lab reports the link it
// was given, not whole ticks: packets are handled the moment they arrive,
// so 40 ms each way is an 80 ms round trip and 40 ms of input latency
// (per-tick handling would say 100 and 50).
func TestLabMeasuresLinkLatency(t *testing.T) {
	tests := []struct {
		latency     string
		rtt, arrive float64
	}{
		{"40ms", 80, 40},
		{"7ms", 14, 7},
		{"0s", 0, 0},
	}
	for _, tt := range tests {
		args := []string{"--players", "4", "--frames", "900", "--client-latency", tt.latency, "--jitter", "0", "--loss", "0", "--json"}
		var out bytes.Buffer
		if err := runLab(context.Background(), args, &out); err != nil {
			t.Fatalf("runLab(%q) = %v", args, err)
		}
		var rep labReport
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
