package lab

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// streamProxy is one player's access link and server leg for TCP (the
// websocket and REST calls to the signaling server, so signaling and the
// relay both cross the model). It listens on loopback and forwards every
// connection to the server, holding each chunk read for one access-link
// crossing plus ServerLatency, in stream order. TCP does not lose: a
// crossing the model drops is delivered one round trip of the leg later (a
// retransmission), and everything behind it waits (head-of-line blocking).
type streamProxy struct {
	ln     net.Listener
	target string
	m      Model
	link   *accessLink

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

func newStreamProxy(target string, m Model, link *accessLink) (*streamProxy, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen model proxy: %w", err)
	}
	p := &streamProxy{ln: ln, target: target, m: m, link: link, conns: map[net.Conn]struct{}{}}
	p.wg.Go(p.serve)
	return p, nil
}

// Addr is the proxy's host:port.
func (p *streamProxy) Addr() string { return p.ln.Addr().String() }

func (p *streamProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		if !p.track(c, s) {
			return
		}
		// Each direction crosses this player's access link and the
		// server leg; when one ends, both connections close.
		var once sync.Once
		end := func() { once.Do(func() { c.Close(); s.Close(); p.untrack(c, s) }) }
		p.wg.Go(func() { p.pump(s, c); end() })
		p.wg.Go(func() { p.pump(c, s); end() })
	}
}

func (p *streamProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range cs {
			c.Close()
		}
		return false
	}
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *streamProxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
	}
}

type heldChunk struct {
	b   []byte
	due time.Time
}

// pump copies src to dst, each chunk held until its due time.
func (p *streamProxy) pump(dst, src net.Conn) {
	ch := make(chan heldChunk, 4096)
	p.wg.Go(func() {
		for c := range ch {
			sleepUntil(c.due)
			if _, err := dst.Write(c.b); err != nil {
				for range ch {
				}
				return
			}
		}
	})
	defer close(ch)
	leg := p.m.ClientLatency + p.m.ServerLatency
	var last time.Time
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			d, lost := p.link.cross()
			if lost {
				d = p.link.m.ClientLatency + 2*leg
			}
			due := time.Now().Add(d + p.m.ServerLatency)
			if due.Before(last) {
				due = last
			}
			last = due
			ch <- heldChunk{b: append([]byte(nil), buf[:n]...), due: due}
		}
		if err != nil {
			return
		}
	}
}

// Close stops listening and closes every connection.
func (p *streamProxy) Close() error {
	err := p.ln.Close()
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// sleepUntil sleeps until t: on the runtime's timer while more than a
// couple of milliseconds remain, then in short naps (see nap), so a held
// chunk leaves within tens of microseconds of its time.
func sleepUntil(t time.Time) {
	for {
		d := time.Until(t)
		switch {
		case d <= 0:
			return
		case d > 2*time.Millisecond:
			time.Sleep(d - 1500*time.Microsecond)
		default:
			nap(min(d, receiveInterval))
		}
	}
}
