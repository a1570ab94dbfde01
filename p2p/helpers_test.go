package p2p_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
)

// match is the meshes of one test match and what connects them.
type match struct {
	net    *p2ptest.Network
	hub    *p2ptest.Hub
	meshes []*p2p.Mesh
}

// testLogger logs to stderr when P2P_LOG is set, and nowhere otherwise.
func testLogger() *slog.Logger {
	if os.Getenv("P2P_LOG") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// newMatch builds a virtual network for opts and one mesh per peer on it,
// with tweak applied to every mesh's Config, runs the before hooks, and
// starts them.
// (tweak:  to every mesh's Config, and starts them.
func newMatch(t *testing.T, opts p2ptest.Options, tweak func(slot int, c *p2p.Config), before ...func(*match)) *match {
	t.Helper()
	m := &match{net: p2ptest.NewNetwork(t, opts), hub: p2ptest.NewHub(opts.Peers)}
	for _, f := range before {
		f(m)
	}
	for slot := range opts.Peers {
		cfg := p2p.Config{
			Slot:             slot,
			Players:          opts.Peers,
			ICEServers:       m.net.ICEServers,
			Net:              m.net.Nets[slot],
			ConnectTimeout:   5 * time.Second,
			ICEFailedTimeout: 3 * time.Second,
			Logger:           testLogger(),
		}
		if tweak != nil {
			tweak(slot, &cfg)
		}
		mesh, err := p2p.New(cfg, m.hub.Signaler(slot))
		if err != nil {
			t.Fatalf("p2p.New(slot %d) = %v", slot, err)
		}
		m.hub.Attach(slot, mesh)
		m.meshes = append(m.meshes, mesh)
	}
	t.Cleanup(m.close)
	for _, mesh := range m.meshes {
		if err := mesh.Start(t.Context()); err != nil {
			t.Fatalf("Start(slot %d) = %v", mesh.Slot(), err)
		}
	}
	return m
}

// close closes the meshes one by one, letting each peer take in the
// previous one's departure first. (pion's SCTP shutdown waits on a timer
// while holding a lock its reader needs when both ends close at the same
// instant; in a synctest bubble that timer never fires.)
func (m *match) close() {
	for _, mesh := range m.meshes {
		_ = mesh.Close()
		time.Sleep(time.Second)
	}
}

// waitReady waits, on the fake clock, for every mesh to settle its links.
func (m *match) waitReady(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for _, mesh := range m.meshes {
		if err := mesh.WaitReady(ctx); err != nil {
			t.Fatalf("WaitReady(slot %d) = %v", mesh.Slot(), err)
		}
	}
}

// wantPaths checks every link's state and path.
func (m *match) wantPaths(t *testing.T, state p2p.LinkState, paths ...string) {
	t.Helper()
	for _, mesh := range m.meshes {
		for _, st := range mesh.Stats() {
			if st.State != state || !contains(paths, st.Path) {
				t.Errorf("slot %d → peer %d: state %s, path %q (local %s, remote %s, reason %v); want %s via %v",
					mesh.Slot(), st.Peer, st.State, st.Path, st.LocalCandidate, st.RemoteCandidate, st.Reason, state, paths)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// exchange has every mesh send rounds packets to every other mesh, one
// round every 16 ms of fake time, and returns received[to][from]: how many
// well-formed packets arrived.
func (m *match) exchange(t *testing.T, rounds int, skip ...int) [][]int {
	t.Helper()
	n := len(m.meshes)
	received := make([][]int, n)
	for i := range received {
		received[i] = make([]int, n)
	}
	skipped := func(slot int) bool { return contains(intsToStrings(skip), fmt.Sprint(slot)) }
	drain := func() {
		for to, mesh := range m.meshes {
			for {
				from, pkt, ok := mesh.Receive()
				if !ok {
					break
				}
				if want := fmt.Sprintf("from %d to %d", from, to); string(pkt[:len(want)]) != want {
					t.Errorf("slot %d got %q from peer %d", to, pkt, from)
					continue
				}
				received[to][from]++
			}
		}
	}
	for r := range rounds {
		for from, mesh := range m.meshes {
			if skipped(from) {
				continue
			}
			for to := range n {
				if to != from {
					mesh.Send(to, fmt.Appendf(nil, "from %d to %d round %d", from, to, r))
				}
			}
		}
		time.Sleep(16 * time.Millisecond)
		drain()
	}
	time.Sleep(time.Second)
	drain()
	return received
}

func intsToStrings(xs []int) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprint(x)
	}
	return out
}
