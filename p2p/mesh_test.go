package p2p_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
)

func TestMeshFlat(t *testing.T) {
	for _, players := range []int{2, 4} {
		t.Run(fmt.Sprint(players, "players"), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := newMatch(t, p2ptest.Options{Peers: players}, nil)
				m.waitReady(t)
				m.wantPaths(t, p2p.LinkDirect, "host")
				got := m.exchange(t, 100)
				for to := range players {
					for from := range players {
						if from != to && got[to][from] != 100 {
							t.Errorf("slot %d received %d packets from %d, want 100", to, got[to][from], from)
						}
					}
				}
			})
		})
	}
}

// wantAll checks that every pair of live slots exchanged at least min of
// the packets sent.
func wantAll(t *testing.T, got [][]int, min int, skip ...int) {
	t.Helper()
	for to := range got {
		for from := range got {
			if from == to || contains(intsToStrings(skip), fmt.Sprint(from)) || contains(intsToStrings(skip), fmt.Sprint(to)) {
				continue
			}
			if got[to][from] < min {
				t.Errorf("slot %d received %d packets from %d, want ≥ %d", to, got[to][from], from, min)
			}
		}
	}
}

func TestMeshNAT(t *testing.T) {
	tests := []struct {
		name  string
		opts  p2ptest.Options
		state p2p.LinkState
		paths []string
	}{
		{
			name:  "port-restricted with STUN",
			opts:  p2ptest.Options{Peers: 2, NAT: []p2ptest.NAT{p2ptest.PortRestricted, p2ptest.PortRestricted}, STUN: true},
			state: p2p.LinkDirect,
			paths: []string{"srflx"},
		},
		{
			name:  "symmetric without TURN falls back to relay",
			opts:  p2ptest.Options{Peers: 2, NAT: []p2ptest.NAT{p2ptest.Symmetric, p2ptest.Symmetric}, STUN: true},
			state: p2p.LinkRelay,
			paths: []string{p2p.PathRelay},
		},
		{
			name:  "symmetric with TURN",
			opts:  p2ptest.Options{Peers: 2, NAT: []p2ptest.NAT{p2ptest.Symmetric, p2ptest.Symmetric}, TURN: true},
			state: p2p.LinkDirect,
			paths: []string{"relay"},
		},
		{
			name: "4 players, two behind symmetric NAT without TURN",
			opts: p2ptest.Options{Peers: 4, NAT: []p2ptest.NAT{
				p2ptest.Symmetric, p2ptest.Symmetric, p2ptest.FullCone, p2ptest.NoNAT,
			}, STUN: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				m := newMatch(t, tt.opts, nil)
				m.waitReady(t)
				if took := time.Since(start); took > 5*time.Second {
					t.Errorf("links settled after %v, want within the 5s connect timeout", took)
				}
				if tt.paths != nil {
					m.wantPaths(t, tt.state, tt.paths...)
				} else {
					for _, mesh := range m.meshes {
						for _, st := range mesh.Stats() {
							bothSymmetric := tt.opts.NAT[mesh.Slot()] == p2ptest.Symmetric && tt.opts.NAT[st.Peer] == p2ptest.Symmetric
							if bothSymmetric != (st.State == p2p.LinkRelay) {
								t.Errorf("slot %d → peer %d: state %s (reason %v), want relay only between symmetric NATs",
									mesh.Slot(), st.Peer, st.State, st.Reason)
							}
						}
					}
				}
				wantAll(t, m.exchange(t, 60), 60)
			})
		})
	}
}

// statIndex is the index of peer's entry in slot's Stats.
func statIndex(slot, peer int) int {
	if peer > slot {
		return peer - 1
	}
	return peer
}

func TestMeshLossyDelayedLink(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 4, Delay: 40 * time.Millisecond, Seed: 7}, nil)
		m.waitReady(t)
		m.wantPaths(t, p2p.LinkDirect, "host")
		m.net.SetLoss(10)
		got := m.exchange(t, 600)
		// Every packet crosses one lossy link (the receiver's) once: about
		// 540 of 600 arrive. All 600 would mean the inputs channel
		// retransmits, which it must not.
		for to := range got {
			for from := range got {
				if n := got[to][from]; from != to && (n < 450 || n > 590) {
					t.Errorf("slot %d received %d of 600 packets from %d over a 10%% lossy link, want 450..590", to, n, from)
				}
				if from == to {
					continue
				}
				// The last packets' losses are invisible until a later one
				// arrives, so Lost may miss a few.
				st := m.meshes[to].Stats()[statIndex(to, from)]
				if lost := int(st.Lost); lost > 600-got[to][from] || lost < 600-got[to][from]-5 {
					t.Errorf("slot %d → peer %d: Lost = %d, want about %d", to, from, lost, 600-got[to][from])
				}
			}
		}
		m.wantPaths(t, p2p.LinkDirect, "host")
		if t.Failed() {
			for _, mesh := range m.meshes {
				for _, st := range mesh.Stats() {
					t.Logf("slot %d → %d: %+v", mesh.Slot(), st.Peer, st)
				}
			}
		}
		for _, st := range m.meshes[0].Stats() {
			if st.RTT < 80*time.Millisecond || st.RTT > 200*time.Millisecond {
				t.Errorf("slot 0 → peer %d: RTT %v, want about 80ms over two 40ms links", st.Peer, st.RTT)
			}
		}
	})
}

func TestMeshSurvivesSignalingServer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 3}, nil)
		m.waitReady(t)
		m.hub.Stop()
		// Well past ICE's failed timeout: the links stay up on their own.
		time.Sleep(30 * time.Second)
		m.wantPaths(t, p2p.LinkDirect, "host")
		wantAll(t, m.exchange(t, 100), 100)
	})
}

func TestMeshPeerVanishes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 3}, nil)
		m.waitReady(t)
		wantAll(t, m.exchange(t, 10), 10)
		m.net.Isolate(2)
		m.hub.Vanish(2)
		time.Sleep(time.Second)
		got := m.exchange(t, 100, 2)
		for _, to := range []int{0, 1} {
			if got[to][2] != 0 {
				t.Errorf("slot %d received %d packets from vanished slot 2, want 0", to, got[to][2])
			}
		}
		wantAll(t, got, 100, 2)
		// Once ICE gives up on slot 2, its links fall back to the relay,
		// which cannot reach it either; the others stay direct.
		time.Sleep(10 * time.Second)
		for _, mesh := range m.meshes[:2] {
			for _, st := range mesh.Stats() {
				want := p2p.LinkDirect
				if st.Peer == 2 {
					want = p2p.LinkRelay
				}
				if st.State != want {
					t.Errorf("slot %d → peer %d: state %s (reason %v), want %s", mesh.Slot(), st.Peer, st.State, st.Reason, want)
				}
			}
		}
		wantAll(t, m.exchange(t, 100, 2), 100, 2)
	})
}

func TestMeshRelayOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 4}, func(_ int, c *p2p.Config) { c.RelayOnly = true })
		m.waitReady(t)
		m.wantPaths(t, p2p.LinkRelay, p2p.PathRelay)
		wantAll(t, m.exchange(t, 50), 50)
		if _, relayed := m.hub.Counts(); relayed != 50*12 {
			t.Errorf("hub relayed %d packets, want %d", relayed, 50*12)
		}
		for _, st := range m.meshes[0].Stats() {
			if st.Reason != nil {
				t.Errorf("relay-only link to peer %d has reason %v, want none", st.Peer, st.Reason)
			}
		}
	})
}
