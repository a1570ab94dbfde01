package lab

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLabLossReadsAsDisconnect checks that a network that loses nearly
// everything reads as peers dropping each other, not as a determinism bug:
// no desync, each drop a timeout, no checksum compared, ErrDisconnect.
func TestLabLossReadsAsDisconnect(t *testing.T) {
	var out bytes.Buffer
	runs, err := Run(context.Background(), simConfig(2, 300, 1, 40*time.Millisecond, 5*time.Millisecond, 0.99), &out)
	if !errors.Is(err, ErrDisconnect) || errors.Is(err, ErrDesync) || len(runs) != 1 {
		t.Fatalf("Run at --loss 0.99 = %d runs, %v; want one, ErrDisconnect and not ErrDesync", len(runs), err)
	}
	rep := runs[0]
	if rep.Desyncs != 0 || !rep.ChecksumsAgree || len(rep.ChecksumsCompared) != 0 {
		t.Errorf("desyncs %d, checksums_agree %v, compared %v; want 0, true (nothing to compare), []", rep.Desyncs, rep.ChecksumsAgree, rep.ChecksumsCompared)
	}
	var pairs [][2]int
	for _, d := range rep.Disconnects {
		pairs = append(pairs, [2]int{d.By, d.Player})
		if d.Reason != ReasonTimeout || d.InterruptedMS <= 0 {
			t.Errorf("%v: want a timeout after some time interrupted", d)
		}
	}
	if want := [][2]int{{0, 1}, {1, 0}}; !slices.Equal(pairs, want) {
		t.Errorf("drops (by, player) = %v, want %v", pairs, want)
	}
	if rep.Interruptions.Count != 2 || rep.Interruptions.TotalMS <= 0 {
		t.Errorf("interruptions = %+v, want 2 with their time", rep.Interruptions)
	}
	table := out.String()
	for _, want := range []string{"disconnects      2", "player 1 dropped by peer 0", "timeout", "checksums agree  n/a", "rtt p50/95/99    no samples"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

// TestLabDisconnectReasons plays 3 peers in the sim and, at frame 100,
// cuts or ends a peer: every drop is told with its reason, and only the
// peers still together at the end compare checksums.
func TestLabDisconnectReasons(t *testing.T) {
	type drop struct {
		by, player int
		reason     string
	}
	tests := []struct {
		name     string
		at100    func(n *simNet, peers []*peer)
		drops    []drop
		compared [][]int
	}{
		{"cut off", func(n *simNet, _ []*peer) { n.net.SetDown(2, 0, true); n.net.SetDown(2, 1, true) },
			[]drop{{0, 2, ReasonTimeout}, {1, 2, ReasonTimeout}, {2, 0, ReasonTimeout}, {2, 1, ReasonTimeout}}, [][]int{{0, 1}}},
		{"goodbye", func(n *simNet, peers []*peer) { peers[1].leave(n.Now()) },
			[]drop{{0, 1, ReasonGoodbye}, {2, 1, ReasonGoodbye}}, [][]int{{0, 2}}},
		// Peer 1 still hears 2 when 0 reports it gone, and tells 2 it
		// dropped it.
		{"one link cut", func(n *simNet, _ []*peer) { n.net.SetDown(0, 2, true) },
			[]drop{{0, 2, ReasonTimeout}, {1, 2, ReasonReported}, {2, 0, ReasonTimeout}, {2, 1, ReasonReported}}, [][]int{{0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := simConfig(3, 600, 2, 20*time.Millisecond, 0, 0)
			net := newSimNet(cfg)
			peers, err := newPeers(cfg, net)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := playPeers(context.Background(), cfg, net, peers, func(f int32) {
				if f == 100 {
					tt.at100(net, peers)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []drop
			for _, d := range rep.Disconnects {
				got = append(got, drop{d.By, d.Player, d.Reason})
				// Inputs were sent up to frame 100 (plus the input delay).
				if d.Frame < 100 || d.Frame > 130 {
					t.Errorf("%v: want a frame just after 100", d)
				}
			}
			if !slices.Equal(got, tt.drops) {
				t.Errorf("drops = %v, want %v", got, tt.drops)
			}
			var groups [][]int
			for _, g := range rep.groups {
				groups = append(groups, g.peers)
			}
			if !slices.EqualFunc(groups, tt.compared, slices.Equal) || !rep.ChecksumsAgree {
				t.Errorf("checksums compared in groups %v (agree %v), want %v agreeing", groups, rep.ChecksumsAgree, tt.compared)
			}
			// The peers that stayed together agree on the frame the
			// dropped player left.
			for _, d := range rep.Disconnects {
				for _, e := range rep.Disconnects {
					if d.Player == e.Player && d.By != 2 && e.By != 2 && d.Frame != e.Frame {
						t.Errorf("%v and %v: peers 0 and 1 disagree on the frame", d, e)
					}
				}
			}
			if err := rep.verdict(); !errors.Is(err, ErrDisconnect) {
				t.Errorf("verdict() = %v, want ErrDisconnect", err)
			}
		})
	}
}
