package frontend

import (
	"sync"
	"time"
)

// receiveEvery is how often an online match hands the packets that arrived
// between ticks to its rollback session.
const receiveEvery = time.Millisecond

// packetReceiver is a rollback game that takes packets between ticks, as
// *netplay.Game does.
type packetReceiver interface {
	Receive(now time.Duration)
}

// receiver calls Receive on a game about every millisecond between
// Ebitengine's ticks, so the session stamps packet arrivals (round trips,
// remote inputs, quality reports) to that resolution instead of whole
// ticks. The game is not safe for concurrent use: the tick side holds the
// receiver's lock around each of its own calls to the game, and reads the
// clock inside it, so the session's time never goes backwards.
type receiver struct {
	mu   sync.Mutex
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// startReceiver starts calling g.Receive at match time now() until stop.
func startReceiver(g packetReceiver, now func() time.Duration) *receiver {
	r := &receiver{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		tk := time.NewTicker(receiveEvery)
		defer tk.Stop()
		for {
			select {
			case <-r.stop:
				return
			case <-tk.C:
			}
			r.mu.Lock()
			g.Receive(now())
			r.mu.Unlock()
		}
	}()
	return r
}

// do runs f, a tick's calls to the game, with the receiver held off.
func (r *receiver) do(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

// close stops the receiver and waits for its goroutine to end. It is safe
// to call more than once.
func (r *receiver) close() {
	r.once.Do(func() { close(r.stop) })
	<-r.done
}
