package p2p_test

import (
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
)

// TestControlIsReliableAndOrdered sends control messages over a lossy link
// and over the relay: every one arrives, in order.
func TestControlIsReliableAndOrdered(t *testing.T) {
	for _, relayOnly := range []bool{false, true} {
		t.Run(fmt.Sprint("relay-only=", relayOnly), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := newMatch(t, p2ptest.Options{Peers: 2, Delay: 20 * time.Millisecond, Seed: 3},
					func(_ int, c *p2p.Config) { c.RelayOnly = relayOnly })
				m.waitReady(t)
				m.net.SetLoss(10)
				const n = 200
				for i := range n {
					if err := m.meshes[0].SendControl(1, fmt.Appendf(nil, "chat %d", i)); err != nil {
						t.Fatalf("SendControl(1, chat %d) = %v", i, err)
					}
				}
				time.Sleep(5 * time.Second)
				for i := range n {
					from, msg, ok := m.meshes[1].ReceiveControl()
					if want := fmt.Sprintf("chat %d", i); !ok || from != 0 || string(msg) != want {
						t.Fatalf("ReceiveControl() = %d, %q, %v; want 0, %q, true", from, msg, ok, want)
					}
				}
				if _, msg, ok := m.meshes[1].ReceiveControl(); ok {
					t.Errorf("ReceiveControl() = %q after all messages, want none", msg)
				}
				if _, pkt, ok := m.meshes[1].Receive(); ok {
					t.Errorf("Receive() = %q: a control message leaked into game packets", pkt)
				}
			})
		})
	}
}

func TestControlErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 2}, nil)
		if err := m.meshes[0].SendControl(1, []byte("too early")); !errors.Is(err, p2p.ErrNotReady) {
			t.Errorf("SendControl before the link is ready = %v, want ErrNotReady", err)
		}
		m.waitReady(t)
		if err := m.meshes[0].SendControl(1, make([]byte, p2p.MaxMessageSize+1)); !errors.Is(err, p2p.ErrTooLarge) {
			t.Errorf("SendControl(oversized) = %v, want ErrTooLarge", err)
		}
		if err := m.meshes[0].SendControl(1, nil); !errors.Is(err, p2p.ErrEmptyMessage) {
			t.Errorf("SendControl(empty) = %v, want ErrEmptyMessage", err)
		}
	})
}

// TestMeshGoodbye closes one mesh: the others see its links closed and stop
// sending to it, whether or not the signaled goodbye still gets through (the
// in-band one, on the control channel, comes before the channels close).
func TestMeshGoodbye(t *testing.T) {
	for _, signaling := range []bool{true, false} {
		t.Run(fmt.Sprintf("signaling=%v", signaling), func(t *testing.T) {
			testMeshGoodbye(t, signaling)
		})
	}
}

func testMeshGoodbye(t *testing.T, signaling bool) {
	synctest.Test(t, func(t *testing.T) {
		m := newMatch(t, p2ptest.Options{Peers: 3}, nil)
		m.waitReady(t)
		if !signaling {
			m.hub.Stop()
		}
		if err := m.meshes[2].Close(); err != nil {
			t.Fatalf("Close() = %v", err)
		}
		time.Sleep(time.Second)
		for _, mesh := range m.meshes[:2] {
			for _, st := range mesh.Stats() {
				if st.Peer == 2 && (st.State != p2p.LinkClosed || !errors.Is(st.Reason, p2p.ErrPeerGone)) {
					t.Errorf("slot %d → peer 2: state %s (reason %v), want closed with ErrPeerGone", mesh.Slot(), st.State, st.Reason)
				}
			}
			if err := mesh.SendControl(2, []byte("hello?")); !errors.Is(err, p2p.ErrPeerGone) {
				t.Errorf("SendControl(2) to a departed peer = %v, want ErrPeerGone", err)
			}
		}
		wantAll(t, m.exchange(t, 20, 2), 20, 2)
		if err := m.meshes[2].Start(t.Context()); !errors.Is(err, p2p.ErrClosed) {
			t.Errorf("Start() after Close = %v, want ErrClosed", err)
		}
		if err := m.meshes[2].WaitReady(t.Context()); !errors.Is(err, p2p.ErrClosed) {
			t.Errorf("WaitReady() after Close = %v, want ErrClosed", err)
		}
	})
}
