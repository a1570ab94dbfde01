package frontend

import (
	"sync"
	"testing"
	"time"
)

// countingGame records the times Receive was called at and whether a
// tick's calls were running then.
type countingGame struct {
	mu      sync.Mutex
	nows    []time.Duration
	inTick  bool
	overlap bool
	calls   chan struct{}
}

func (g *countingGame) Receive(now time.Duration) {
	g.mu.Lock()
	g.nows = append(g.nows, now)
	g.overlap = g.overlap || g.inTick
	g.mu.Unlock()
	select {
	case g.calls <- struct{}{}:
	default:
	}
}

func (g *countingGame) setTick(on bool) {
	g.mu.Lock()
	g.inTick = on
	g.mu.Unlock()
}

// TestReceiverBetweenTicks checks that the receiver calls Receive several
// times between two ticks, never while a tick's calls run, on a clock that
// does not go backwards, and that close stops it.
func TestReceiverBetweenTicks(t *testing.T) {
	g := &countingGame{calls: make(chan struct{})}
	start := time.Now()
	r := startReceiver(g, func() time.Duration { return time.Since(start) })
	deadline := time.After(10 * time.Second)
	for tick := range 3 {
		r.do(func() {
			g.setTick(true)
			defer g.setTick(false)
			// A tick's work takes a few receive periods: none may run.
			for t0 := time.Now(); time.Since(t0) < 3*receiveEvery; {
			}
		})
		for range 3 {
			select {
			case <-g.calls:
			case <-deadline:
				t.Fatalf("tick %d: Receive not called between ticks", tick)
			}
		}
	}
	r.close()
	r.close() // a second close returns too
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.overlap {
		t.Error("Receive was called while a tick held the game")
	}
	for i := 1; i < len(g.nows); i++ {
		if g.nows[i] < g.nows[i-1] {
			t.Fatalf("Receive at %v after %v: the clock went backwards", g.nows[i], g.nows[i-1])
		}
	}
}
