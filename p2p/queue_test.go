package p2p_test

import (
	"fmt"
	"testing"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/p2p/p2ptest"
)

// TestReceiveQueueIsBounded fills the receive queue: what does not fit is
// dropped and counted, what fits comes out in order and unchanged.
func TestReceiveQueueIsBounded(t *testing.T) {
	hub := p2ptest.NewHub(2)
	mesh, err := p2p.New(p2p.Config{Slot: 0, Players: 2, RelayOnly: true, QueueSize: 4}, hub.Signaler(0))
	if err != nil {
		t.Fatal(err)
	}
	defer mesh.Close()
	if err := mesh.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if err := mesh.HandleRelay(1, fmt.Appendf(nil, "I%d", i)); err != nil {
			t.Fatalf("HandleRelay(packet %d) = %v", i, err)
		}
	}
	for i := range 4 {
		from, pkt, ok := mesh.Receive()
		if want := fmt.Sprint(i); !ok || from != 1 || string(pkt) != want {
			t.Fatalf("Receive() = %d, %q, %v; want 1, %q, true", from, pkt, ok, want)
		}
		// New arrivals must not overwrite the packet before the next Receive.
		if err := mesh.HandleRelay(1, []byte("Ioverwrite?")); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprint(i); string(pkt) != want {
			t.Fatalf("packet changed to %q before the next Receive, want %q", pkt, want)
		}
	}
	st := mesh.Stats()[0]
	if st.PacketsIn != 8 || st.Dropped != 2 {
		t.Errorf("Stats: PacketsIn %d, Dropped %d; want 8, 2", st.PacketsIn, st.Dropped)
	}
}
