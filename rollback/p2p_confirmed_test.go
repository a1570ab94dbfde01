package rollback_test

import (
	"testing"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

// TestConfirmedRecordsTheMatch reads every frame's confirmed inputs as a
// recorder would, on both peers of a lossy match: the two recordings are
// identical, contiguous, and re-simulating them gives the checksums the
// session reported with them.
func TestConfirmedRecordsTheMatch(t *testing.T) {
	m := newMatch(t, 5, rt.Link{Latency: 40 * tick / 16, Jitter: tick / 4, Loss: 0.2, Reorder: 0.1}, []int{0, 1, 2})
	type rec struct {
		inputs [][rollback.MaxPlayers]byte
		sums   []uint64
	}
	recs := make([]rec, len(m.peers))
	pull := func() {
		for i, p := range m.peers {
			r := &recs[i]
			for {
				in, sum, ok := p.sess.Confirmed(int32(len(r.inputs)))
				if !ok {
					break
				}
				r.inputs = append(r.inputs, in)
				r.sums = append(r.sums, sum)
			}
		}
	}
	for range 600 {
		m.tick()
		pull()
	}
	for i, r := range recs {
		if len(r.inputs) < 500 {
			t.Fatalf("peer %d recorded %d frames of 600, want most of them", i, len(r.inputs))
		}
		var toy rt.Toy
		for f, in := range r.inputs {
			toy.Step(in)
			if got := toy.Checksum(); got != r.sums[f] {
				t.Fatalf("peer %d frame %d: re-simulated checksum %#x, Confirmed gave %#x", i, f, got, r.sums[f])
			}
		}
	}
	n := min(len(recs[0].inputs), len(recs[1].inputs), len(recs[2].inputs))
	for f := range n {
		for i := 1; i < len(recs); i++ {
			if recs[i].inputs[f] != recs[0].inputs[f] {
				t.Fatalf("frame %d: peer %d recorded %v, peer 0 %v", f, i, recs[i].inputs[f], recs[0].inputs[f])
			}
		}
	}
	p := m.peers[0]
	if _, _, ok := p.sess.Confirmed(p.sess.Frame()); ok {
		t.Errorf("Confirmed(current frame %d) ok, want not yet", p.sess.Frame())
	}
	if _, _, ok := p.sess.Confirmed(-1); ok {
		t.Error("Confirmed(-1) ok")
	}
}
