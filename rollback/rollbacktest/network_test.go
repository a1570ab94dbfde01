package rollbacktest

import (
	"testing"
	"time"
)

// run sends one numbered packet per millisecond from 0 to 1 for a second
// and returns the numbers 1 received and when.
func run(n *Network) (got []byte, at []time.Duration) {
	a, b := n.Endpoint(0), n.Endpoint(1)
	for i := range 1000 {
		now := time.Duration(i) * time.Millisecond
		n.Advance(now)
		a.Send(1, []byte{byte(i), byte(i >> 8)})
		for {
			_, p, ok := b.Receive()
			if !ok {
				break
			}
			got = append(got, p[0])
			at = append(at, now)
		}
	}
	n.Advance(time.Hour)
	for {
		_, p, ok := b.Receive()
		if !ok {
			break
		}
		got = append(got, p[0])
		at = append(at, time.Hour)
	}
	return got, at
}

func TestNetworkLatencyKeepsOrder(t *testing.T) {
	n := NewNetwork(1, Link{Latency: 40 * time.Millisecond, Jitter: 10 * time.Millisecond})
	got, at := run(n)
	if len(got) != 1000 {
		t.Fatalf("received %d packets, want 1000", len(got))
	}
	for i := range got {
		if got[i] != byte(i) {
			t.Fatalf("packet %d arrived as number %d: reordered without Reorder", i, got[i])
		}
	}
	if first := at[0]; first < 30*time.Millisecond || first > 50*time.Millisecond {
		t.Errorf("first packet arrived at %v, want 30-50 ms", first)
	}
}

func TestNetworkLossDupReorder(t *testing.T) {
	n := NewNetwork(2, Link{Latency: 20 * time.Millisecond, Jitter: 5 * time.Millisecond, Loss: 0.2, Dup: 0.1, Reorder: 0.1})
	got, _ := run(n)
	st := n.Stats()
	if st.Lost < 150 || st.Lost > 250 {
		t.Errorf("Lost = %d of 1000 at 20%% loss", st.Lost)
	}
	if st.Duplicated < 50 || st.Duplicated > 150 {
		t.Errorf("Duplicated = %d of ~800 at 10%%", st.Duplicated)
	}
	if want := 1000 - int(st.Lost) + int(st.Duplicated); len(got) != want {
		t.Errorf("received %d packets, want %d", len(got), want)
	}
	inversions := 0
	for i := 1; i < len(got); i++ {
		if got[i] < got[i-1] && got[i-1]-got[i] < 128 {
			inversions++
		}
	}
	if inversions == 0 {
		t.Error("no packet overtaken with Reorder 0.1")
	}
}

func TestNetworkSeedReproducible(t *testing.T) {
	l := Link{Latency: 30 * time.Millisecond, Jitter: 20 * time.Millisecond, Loss: 0.1, Dup: 0.1, Reorder: 0.2}
	a, atA := run(NewNetwork(9, l))
	b, atB := run(NewNetwork(9, l))
	if string(a) != string(b) || len(atA) != len(atB) {
		t.Fatal("the same seed gave different deliveries")
	}
	c, _ := run(NewNetwork(10, l))
	if string(a) == string(c) {
		t.Error("different seeds gave identical deliveries")
	}
}

func TestNetworkPartition(t *testing.T) {
	n := NewNetwork(1, Link{Latency: 10 * time.Millisecond})
	a, b := n.Endpoint(0), n.Endpoint(1)
	n.SetDown(0, 1, true)
	a.Send(1, []byte{1})
	b.Send(0, []byte{2})
	n.Advance(time.Second)
	if _, _, ok := b.Receive(); ok {
		t.Error("packet crossed a cut link")
	}
	if _, _, ok := a.Receive(); ok {
		t.Error("packet crossed a cut link")
	}
	n.SetDown(0, 1, false)
	a.Send(1, []byte{3})
	n.Advance(2 * time.Second)
	if _, p, ok := b.Receive(); !ok || p[0] != 3 {
		t.Errorf("Receive after healing = %v, %v; want packet 3", p, ok)
	}
	if st := n.Stats(); st.Blocked != 2 {
		t.Errorf("Blocked = %d, want 2", st.Blocked)
	}
}

// TestNetworkNextDelivery walks the clock from one delivery to the next:
// each packet arrives exactly at the time NextDelivery announced.
func TestNetworkNextDelivery(t *testing.T) {
	n := NewNetwork(3, Link{Latency: 30 * time.Millisecond, Jitter: 20 * time.Millisecond, Reorder: 0.2})
	if at, ok := n.NextDelivery(); ok {
		t.Fatalf("NextDelivery() on an idle network = %v, true; want false", at)
	}
	a, b := n.Endpoint(0), n.Endpoint(1)
	got := 0
	drain := func() {
		for {
			if _, _, ok := b.Receive(); !ok {
				return
			}
			got++
		}
	}
	for i := range 100 {
		n.Advance(time.Duration(i) * time.Millisecond)
		drain()
		a.Send(1, []byte{byte(i)})
	}
	last := n.Now()
	for {
		at, ok := n.NextDelivery()
		if !ok {
			break
		}
		if at < last {
			t.Fatalf("NextDelivery() = %v, before the previous delivery at %v", at, last)
		}
		last = at
		if _, _, ok := b.Receive(); ok {
			t.Fatalf("a packet was waiting before the clock reached %v", at)
		}
		n.Advance(at)
		before := got
		drain()
		if got == before {
			t.Fatalf("nothing arrived at NextDelivery() = %v", at)
		}
	}
	if got != 100 {
		t.Errorf("%d packets arrived, want 100", got)
	}
}
