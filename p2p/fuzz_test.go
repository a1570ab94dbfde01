package p2p_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/fishgame/fishgame/p2p"
	"github.com/pion/transport/v5/vnet"
)

// capture is a Signaler that keeps what it is asked to send.
type capture struct {
	mu      sync.Mutex
	signals []p2p.Signal
	offer   chan string
}

func (c *capture) Signal(_ int, s p2p.Signal) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.signals = append(c.signals, s)
	if s.Kind == p2p.SignalOffer && c.offer != nil {
		c.offer <- s.SDP
		c.offer = nil
	}
	return nil
}

func (c *capture) Relay(int, []byte) error { return nil }

func FuzzHandleRelay(f *testing.F) {
	f.Add(1, []byte("Iinputs"))
	f.Add(2, []byte("Cready"))
	f.Add(3, []byte("I"))
	f.Add(0, []byte("Ifrom myself"))
	f.Add(4, []byte("Ibeyond the match"))
	f.Add(1, []byte{})
	f.Add(1, []byte("Xunknown channel"))
	mesh, err := p2p.New(p2p.Config{Slot: 0, Players: 4, RelayOnly: true}, &capture{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = mesh.Close() })
	if err := mesh.Start(f.Context()); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, from int, packet []byte) {
		err := mesh.HandleRelay(from, packet)
		gotFrom, got, ok := mesh.Receive()
		if !ok {
			gotFrom, got, ok = mesh.ReceiveControl()
		}
		switch {
		case err != nil && ok:
			t.Fatalf("HandleRelay(%d, %q) = %v but queued %q", from, packet, err, got)
		case err == nil && (!ok || gotFrom != from || !bytes.Equal(got, packet[1:])):
			t.Fatalf("HandleRelay(%d, %q) = nil but Receive() = %d, %q, %v", from, packet, gotFrom, got, ok)
		case err != nil && !errors.Is(err, p2p.ErrUnknownPeer) && !errors.Is(err, p2p.ErrBadRelay) && !errors.Is(err, p2p.ErrTooLarge):
			t.Fatalf("HandleRelay(%d, %q) = %v, want ErrUnknownPeer, ErrBadRelay or ErrTooLarge", from, packet, err)
		}
	})
}

// FuzzHandleSignal feeds an answering mesh arbitrary offers and
// candidates: it must never panic, and every refusal must say why.
func FuzzHandleSignal(f *testing.F) {
	offers := make(chan string, 1)
	c := &capture{offer: offers}
	offerer, err := p2p.New(p2p.Config{Slot: 0, Players: 2, Net: isolatedNet(f)}, c)
	if err != nil {
		f.Fatal(err)
	}
	if err := offerer.Start(f.Context()); err != nil {
		f.Fatal(err)
	}
	var offer string
	select {
	case offer = <-offers:
	case <-time.After(10 * time.Second):
		f.Fatal("no offer within 10s")
	}
	_ = offerer.Close()
	f.Add(uint8(p2p.SignalOffer), offer, "", "0", uint16(0))
	f.Add(uint8(p2p.SignalCandidate), "", "candidate:1 1 udp 2130706431 10.0.0.2 50000 typ host", "0", uint16(0))
	f.Add(uint8(p2p.SignalCandidate), "", "candidate:2 1 udp 1694498815 1.2.3.4 40000 typ srflx raddr 10.0.0.2 rport 50000", "0", uint16(0))
	f.Add(uint8(p2p.SignalCandidate), "", "", "", uint16(0))
	f.Add(uint8(p2p.SignalAnswer), offer, "", "", uint16(0))
	f.Add(uint8(p2p.SignalBye), "", "", "", uint16(0))
	f.Fuzz(func(t *testing.T, kind uint8, sdp, candidate, mid string, index uint16) {
		s := p2p.Signal{Kind: p2p.SignalKind(kind), SDP: sdp, Candidate: candidate, SDPMid: mid, SDPMLineIndex: index}
		n := isolatedNet(t)
		done := make(chan error, 1)
		go func() {
			mesh, err := p2p.New(p2p.Config{Slot: 1, Players: 2, Net: n}, &capture{})
			if err != nil {
				done <- err
				return
			}
			err = mesh.HandleSignal(0, s)
			_ = mesh.Close()
			done <- err
		}()
		select {
		case err = <-done:
		case <-time.After(5 * time.Second):
			debug.SetTraceback("all")
			panic(fmt.Sprintf("HandleSignal(%+v) and Close did not return within 5s", s))
		}
		if err != nil && !errors.Is(err, p2p.ErrBadSignal) && !errors.Is(err, p2p.ErrUnexpectedSignal) {
			t.Fatalf("HandleSignal(%+v) = %v, want nil, ErrBadSignal or ErrUnexpectedSignal", s, err)
		}
	})
}

// isolatedNet is a virtual network with no router: gathering finds no
// usable address, and nothing reaches the real network.
func isolatedNet(tb testing.TB) *vnet.Net {
	tb.Helper()
	n, err := vnet.NewNet(&vnet.NetConfig{})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}
