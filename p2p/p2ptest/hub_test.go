package p2ptest_test

import (
	"errors"
	"testing"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
)

// recorder is an Endpoint that keeps what it receives.
type recorder struct {
	signals []p2p.Signal
	relayed [][]byte
	from    []int
}

func (r *recorder) HandleSignal(from int, s p2p.Signal) error {
	r.signals = append(r.signals, s)
	r.from = append(r.from, from)
	return nil
}

func (r *recorder) HandleRelay(from int, packet []byte) error {
	r.relayed = append(r.relayed, packet)
	r.from = append(r.from, from)
	return nil
}

func TestHub(t *testing.T) {
	hub := p2ptest.NewHub(3)
	var eps [3]recorder
	for i := range eps {
		hub.Attach(i, &eps[i])
	}
	packet := []byte("Ihello")
	if err := hub.Signaler(0).Relay(2, packet); err != nil {
		t.Fatalf("Relay(0→2) = %v", err)
	}
	packet[1] = 'X' // the hub keeps its own copy
	if got := string(eps[2].relayed[0]); got != "Ihello" || eps[2].from[0] != 0 {
		t.Errorf("slot 2 got %q from %d, want \"Ihello\" from 0", got, eps[2].from[0])
	}
	hub.Tamper(func(from, to int, s *p2p.Signal) { s.SDP = "tampered" })
	if err := hub.Signaler(1).Signal(0, p2p.Signal{Kind: p2p.SignalOffer, SDP: "v=0"}); err != nil {
		t.Fatalf("Signal(1→0) = %v", err)
	}
	if got := eps[0].signals[0].SDP; got != "tampered" {
		t.Errorf("tampered SDP = %q, want \"tampered\"", got)
	}
	if err := hub.Signaler(0).Signal(7, p2p.Signal{}); err == nil {
		t.Error("Signal to slot 7 of 3 = nil, want an error")
	}
	hub.Vanish(1)
	if err := hub.Signaler(1).Relay(0, packet); !errors.Is(err, p2ptest.ErrSignalingDown) {
		t.Errorf("Relay from a vanished slot = %v, want ErrSignalingDown", err)
	}
	if err := hub.Signaler(0).Relay(1, packet); !errors.Is(err, p2ptest.ErrSignalingDown) {
		t.Errorf("Relay to a vanished slot = %v, want ErrSignalingDown", err)
	}
	hub.Stop()
	if err := hub.Signaler(0).Signal(2, p2p.Signal{}); !errors.Is(err, p2ptest.ErrSignalingDown) {
		t.Errorf("Signal after Stop = %v, want ErrSignalingDown", err)
	}
	if signals, relayed := hub.Counts(); signals != 1 || relayed != 1 {
		t.Errorf("Counts() = %d, %d; want 1, 1", signals, relayed)
	}
}
