package rollbacktest

import (
	"math/rand/v2"
	"time"

	"github.com/fishgame/fishgame/rollback"
)

// Link describes one direction of a connection between two peers.
type Link struct {
	// Latency is the one-way delay.
	Latency time.Duration
	// Jitter spreads each packet's delay uniformly over Latency ± Jitter
	// (never below zero). Without Reorder, packets on a link keep their order.
	Jitter time.Duration
	// Loss, Dup and Reorder are probabilities in [0, 1]: a packet is
	// dropped, delivered twice, or held back by up to a few latencies so
	// later packets overtake it.
	Loss, Dup, Reorder float64
}

// Stats counts what a Network did to the packets sent through it.
type Stats struct {
	Sent, Delivered, Lost, Duplicated, Reordered, Blocked uint64
}

type linkKey struct{ from, to int }

type linkState struct {
	Link
	rng  *rand.Rand
	last time.Duration
	down bool
}

type inFlight struct {
	at   time.Duration
	seq  uint64
	from int
	to   int
	buf  []byte
}

// Network is an in-memory network of peers under a virtual clock: packets
// sent through an Endpoint arrive at the destination Endpoint once Advance
// moves the clock past their delivery time. Each link draws from its own
// generator seeded from the network seed and the link's ends, so a run is
// reproducible from its seed. A Network is not safe for concurrent use.
type Network struct {
	seed  uint64
	now   time.Duration
	def   Link
	links map[linkKey]*linkState
	eps   map[int]*Endpoint
	queue []inFlight
	seq   uint64
	free  [][]byte
	stats Stats
}

// NewNetwork returns an empty network whose links default to def.
func NewNetwork(seed uint64, def Link) *Network {
	return &Network{seed: seed, def: def, links: map[linkKey]*linkState{}, eps: map[int]*Endpoint{}}
}

// Endpoint returns the transport of peer, creating it on first use.
func (n *Network) Endpoint(peer int) *Endpoint {
	if e, ok := n.eps[peer]; ok {
		return e
	}
	e := &Endpoint{net: n, peer: peer}
	n.eps[peer] = e
	return e
}

// SetLink sets the link from one peer to another (one direction).
func (n *Network) SetLink(from, to int, l Link) { n.link(from, to).Link = l }

// SetDown cuts (down == true) or restores both directions between a and b.
// Packets already in flight still arrive.
func (n *Network) SetDown(a, b int, down bool) {
	n.link(a, b).down = down
	n.link(b, a).down = down
}

// Now returns the virtual time.
func (n *Network) Now() time.Duration { return n.now }

// Stats returns the packet counts so far.
func (n *Network) Stats() Stats { return n.stats }

func (n *Network) link(from, to int) *linkState {
	k := linkKey{from, to}
	if l, ok := n.links[k]; ok {
		return l
	}
	l := &linkState{Link: n.def, rng: rand.New(rand.NewPCG(n.seed, uint64(uint32(from))<<32|uint64(uint32(to))))}
	n.links[k] = l
	return l
}

// NextDelivery returns when the earliest packet in flight is due, or
// ok == false when none is. A caller that wants to see packets as they
// arrive advances the clock to each delivery time in turn.
func (n *Network) NextDelivery() (at time.Duration, ok bool) {
	if len(n.queue) == 0 {
		return 0, false
	}
	return n.queue[0].at, true
}

// Advance moves the clock to now and delivers every packet due by then.
func (n *Network) Advance(now time.Duration) {
	if now > n.now {
		n.now = now
	}
	for len(n.queue) > 0 && n.queue[0].at <= n.now {
		p := n.pop()
		e := n.Endpoint(p.to)
		e.inbox = append(e.inbox, packet{from: p.from, buf: p.buf})
		n.stats.Delivered++
	}
}

func (n *Network) send(from, to int, b []byte) {
	n.stats.Sent++
	l := n.link(from, to)
	if l.down {
		n.stats.Blocked++
		return
	}
	if l.Loss > 0 && l.rng.Float64() < l.Loss {
		n.stats.Lost++
		return
	}
	copies := 1
	if l.Dup > 0 && l.rng.Float64() < l.Dup {
		copies = 2
		n.stats.Duplicated++
	}
	for range copies {
		d := l.Latency
		if l.Jitter > 0 {
			d += time.Duration(l.rng.Int64N(int64(2*l.Jitter)+1)) - l.Jitter
		}
		d = max(d, 0)
		at := n.now + d
		if l.Reorder > 0 && l.rng.Float64() < l.Reorder {
			at += time.Duration(l.rng.Int64N(int64(2*l.Latency+2*l.Jitter+time.Millisecond*20))) + time.Millisecond
			n.stats.Reordered++
		} else {
			at = max(at, l.last)
			l.last = at
		}
		n.push(inFlight{at: at, from: from, to: to, buf: n.copyOf(b)})
	}
}

func (n *Network) copyOf(b []byte) []byte {
	var buf []byte
	if k := len(n.free); k > 0 {
		buf = n.free[k-1][:0]
		n.free = n.free[:k-1]
	}
	return append(buf, b...)
}

func (n *Network) release(b []byte) {
	if b != nil {
		n.free = append(n.free, b)
	}
}

// push and pop keep queue a binary min-heap ordered by (at, seq).
func (n *Network) push(p inFlight) {
	n.seq++
	p.seq = n.seq
	n.queue = append(n.queue, p)
	i := len(n.queue) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !n.less(i, parent) {
			break
		}
		n.queue[i], n.queue[parent] = n.queue[parent], n.queue[i]
		i = parent
	}
}

func (n *Network) pop() inFlight {
	q := n.queue
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q[last] = inFlight{}
	n.queue = q[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && n.less(l, m) {
			m = l
		}
		if r < last && n.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		n.queue[i], n.queue[m] = n.queue[m], n.queue[i]
		i = m
	}
	return top
}

func (n *Network) less(i, j int) bool {
	a, b := &n.queue[i], &n.queue[j]
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

type packet struct {
	from int
	buf  []byte
}

// Endpoint is one peer's attachment to a Network; it implements
// rollback.Transport.
type Endpoint struct {
	net   *Network
	peer  int
	inbox []packet
	head  int
	cur   []byte
}

var _ rollback.Transport = (*Endpoint)(nil)

// Send queues a copy of packet for peer.
func (e *Endpoint) Send(peer int, packet []byte) { e.net.send(e.peer, peer, packet) }

// Receive returns the next delivered packet; it stays valid until the next
// call.
func (e *Endpoint) Receive() (int, []byte, bool) {
	e.net.release(e.cur)
	e.cur = nil
	if e.head == len(e.inbox) {
		e.inbox = e.inbox[:0]
		e.head = 0
		return 0, nil, false
	}
	p := e.inbox[e.head]
	e.inbox[e.head] = packet{}
	e.head++
	e.cur = p.buf
	return p.from, p.buf, true
}

// Inject delivers raw bytes to this endpoint as if sent by from, for tests
// of malformed or forged packets.
func (e *Endpoint) Inject(from int, b []byte) {
	e.inbox = append(e.inbox, packet{from: from, buf: e.net.copyOf(b)})
}
