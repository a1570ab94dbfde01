package p2p

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"
)

// Mesh connects the local player to every other player of one match and
// carries game packets and control messages between them. It is safe for
// concurrent use.
type Mesh struct {
	cfg     Config
	sig     Signaler
	api     *webrtc.API
	links   []*link // indexed by slot; nil at the local slot
	inputs  *queue
	control *queue

	mu        sync.Mutex
	started   bool
	closed    bool
	startedAt time.Time
	waiting   int           // links still connecting
	ready     chan struct{} // closed when waiting reaches zero
	done      chan struct{} // closed by Close

	sigMu    sync.Mutex
	sigQueue []outSignal
	sigWake  chan struct{}
	relayQ   chan outRelay
	wg       sync.WaitGroup
}

type outSignal struct {
	peer int
	s    Signal
}

type outRelay struct {
	peer   int
	packet []byte
}

// New creates the mesh for cfg. It prepares a peer connection per other
// player, so signals that arrive before Start are not lost, but it sends
// nothing until Start.
func New(cfg Config, sig Signaler) (*Mesh, error) {
	cfg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	if sig == nil {
		return nil, fmt.Errorf("%w: nil signaler", ErrBadConfig)
	}
	m := &Mesh{
		cfg:     cfg,
		sig:     sig,
		links:   make([]*link, cfg.Players),
		inputs:  newQueue(cfg.QueueSize),
		control: newQueue(cfg.QueueSize),
		waiting: cfg.Players - 1,
		ready:   make(chan struct{}),
		done:    make(chan struct{}),
		sigWake: make(chan struct{}, 1),
		relayQ:  make(chan outRelay, cfg.QueueSize),
	}
	if !cfg.RelayOnly {
		m.api = cfg.api()
	}
	for peer := range cfg.Players {
		if peer == cfg.Slot {
			continue
		}
		l := &link{
			m:       m,
			peer:    peer,
			offerer: cfg.Slot < peer,
			log:     cfg.Logger.With("slot", cfg.Slot, "peer", peer),
		}
		m.links[peer] = l
		if cfg.RelayOnly {
			continue
		}
		if err := l.setup(); err != nil {
			m.closeLinks()
			return nil, err
		}
	}
	m.wg.Add(2)
	go m.signalLoop()
	go m.relayLoop()
	return m, nil
}

// Slot returns the local player's slot.
func (m *Mesh) Slot() int { return m.cfg.Slot }

// Players returns the number of players in the match.
func (m *Mesh) Players() int { return m.cfg.Players }

// Start begins connecting to every peer: the lower slot of each pair sends
// its offer, and each link's connect timeout starts. It does not wait; see
// WaitReady. Starting twice does nothing.
func (m *Mesh) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	if m.started {
		m.mu.Unlock()
		return nil
	}
	m.started = true
	m.startedAt = time.Now()
	m.mu.Unlock()
	for _, l := range m.links {
		if l != nil {
			l.start()
		}
	}
	return nil
}

// WaitReady waits until every link is direct, relayed or closed. Each link
// settles within the connect timeout after Start, so the wait is bounded
// even when ctx has no deadline.
func (m *Mesh) WaitReady(ctx context.Context) error {
	m.mu.Lock()
	started, closed := m.started, m.closed
	m.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if !started {
		return ErrNotStarted
	}
	select {
	case <-m.ready:
		return nil
	case <-m.done:
		return ErrClosed
	case <-ctx.Done():
		return fmt.Errorf("wait for links: %w", ctx.Err())
	}
}

// Ready returns a channel that is closed once every link is direct,
// relayed or closed.
func (m *Mesh) Ready() <-chan struct{} { return m.ready }

// isClosed reports whether Close has been called.
func (m *Mesh) isClosed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

// Close says goodbye to every peer, closes every peer connection and stops
// the mesh's goroutines. Packets still queued are dropped.
func (m *Mesh) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	started := m.started
	m.mu.Unlock()
	if started {
		var sent []*webrtc.DataChannel
		for _, l := range m.links {
			if l != nil && l.State() != LinkClosed {
				if dc := l.sayGoodbye(); dc != nil {
					sent = append(sent, dc)
				}
				m.signal(l.peer, Signal{Kind: SignalBye})
			}
		}
		flushed(sent, time.Now().Add(goodbyeWait))
	}
	close(m.done)
	m.wg.Wait() // the goodbyes are out before our ends close
	m.closeLinks()
	return nil
}

// closeLinks closes every link; pion's SCTP shutdown waits up to a few
// hundred milliseconds per connection, so they close in parallel.
func (m *Mesh) closeLinks() {
	var wg sync.WaitGroup
	for _, l := range m.links {
		if l != nil {
			wg.Go(func() { l.close(ErrClosed) })
		}
	}
	wg.Wait()
}

// HandleSignal applies a signal that arrived from peer from. The caller
// has checked that the sender is a match member and that the signal is
// addressed to us. A malformed offer, answer or candidate returns an
// error wrapping ErrBadSignal and moves that peer's link to the relay;
// the other links are unaffected.
func (m *Mesh) HandleSignal(from int, s Signal) error {
	l, err := m.link(from)
	if err != nil {
		m.cfg.Logger.Info("refusing signal", "from", from, "kind", s.Kind.String(), "err", err)
		return err
	}
	if err := l.handle(s); err != nil {
		return fmt.Errorf("signal %s from peer %d: %w", s.Kind, from, err)
	}
	return nil
}

// HandleRelay accepts a packet that peer from sent through the Signaler's
// relay. The packet is attributed to from, which the caller took from the
// server-stamped presence.
func (m *Mesh) HandleRelay(from int, packet []byte) error {
	l, err := m.link(from)
	if err != nil {
		return err
	}
	tag, payload, err := parseFrame(packet)
	if err != nil {
		l.dropped.Add(1)
		return fmt.Errorf("relay from peer %d: %w", from, err)
	}
	if l.State() == LinkClosed {
		l.dropped.Add(1)
		return fmt.Errorf("relay from peer %d: %w", from, ErrPeerGone)
	}
	if tag == frameControl {
		l.accept(m.control, payload)
	} else {
		l.accept(m.inputs, payload)
	}
	return nil
}

// link returns the link to peer, or an error for slots outside the match.
func (m *Mesh) link(peer int) (*link, error) {
	if peer < 0 || peer >= len(m.links) || m.links[peer] == nil {
		return nil, fmt.Errorf("%w: slot %d (local slot %d of %d players)", ErrUnknownPeer, peer, m.cfg.Slot, m.cfg.Players)
	}
	return m.links[peer], nil
}

// Send sends a game packet to peer on its inputs channel, or through the
// relay when that link is relayed. It never blocks and does not keep
// packet. Packets for unknown peers, for links still connecting or gone,
// or longer than MaxMessageSize are dropped and counted in Stats.
func (m *Mesh) Send(peer int, packet []byte) {
	l, err := m.link(peer)
	if err != nil {
		return
	}
	if len(packet) > MaxMessageSize {
		l.dropped.Add(1)
		return
	}
	if l.send(frameInputs, packet) != nil {
		l.dropped.Add(1)
		return
	}
	l.packetsOut.Add(1)
	l.bytesOut.Add(uint64(len(packet)))
}

// Receive returns the next game packet from any peer, or ok == false when
// none is waiting. The packet stays valid until the next call to Receive.
func (m *Mesh) Receive() (peer int, packet []byte, ok bool) {
	return m.inputs.pop()
}

// SendControl sends a control message (ready, start, rematch, chat) to
// peer, reliably and in order: on the control channel, or through the
// relay when that link is relayed. It does not keep msg.
func (m *Mesh) SendControl(peer int, msg []byte) error {
	l, err := m.link(peer)
	if err != nil {
		return err
	}
	if len(msg) == 0 {
		return fmt.Errorf("control message to peer %d: %w", peer, ErrEmptyMessage)
	}
	if len(msg) > MaxMessageSize {
		return fmt.Errorf("control message to peer %d: %w: %d bytes", peer, ErrTooLarge, len(msg))
	}
	if err := l.send(frameControl, msg); err != nil {
		return fmt.Errorf("control message to peer %d: %w", peer, err)
	}
	return nil
}

// ReceiveControl returns the next control message from any peer, or
// ok == false when none is waiting. The message stays valid until the next
// call to ReceiveControl.
func (m *Mesh) ReceiveControl() (peer int, msg []byte, ok bool) {
	return m.control.pop()
}

// send puts payload on the link's channel for tag, or on the relay.
func (l *link) send(tag byte, payload []byte) error {
	switch l.State() {
	case LinkConnecting:
		return ErrNotReady
	case LinkClosed:
		return ErrPeerGone
	case LinkRelay:
		return l.m.relay(l.peer, tag, payload)
	}
	dc := l.channel(tag == frameControl)
	if dc == nil { // the link left the direct path meanwhile
		if l.State() == LinkRelay {
			return l.m.relay(l.peer, tag, payload)
		}
		return ErrPeerGone
	}
	if tag == frameControl {
		return dc.Send(payload)
	}
	if dc.BufferedAmount() > maxBufferedAmount {
		return ErrNotReady
	}
	l.out.mu.Lock()
	defer l.out.mu.Unlock()
	return dc.Send(l.out.frame(payload))
}

// relay queues a framed packet for the relay goroutine.
func (m *Mesh) relay(peer int, tag byte, payload []byte) error {
	select {
	case <-m.done:
		return ErrClosed
	default:
	}
	select {
	case m.relayQ <- outRelay{peer: peer, packet: appendFrame(make([]byte, 0, len(payload)+1), tag, payload)}:
		return nil
	default:
		return fmt.Errorf("relay queue full: %w", ErrNotReady)
	}
}

func (m *Mesh) relayLoop() {
	defer m.wg.Done()
	for {
		select {
		case <-m.done:
			return
		case r := <-m.relayQ:
			if err := m.sig.Relay(r.peer, r.packet); err != nil {
				m.cfg.Logger.Debug("relay failed", "peer", r.peer, "err", err)
			}
		}
	}
}

// signal queues a signal; the signal goroutine sends them in order.
func (m *Mesh) signal(peer int, s Signal) {
	m.sigMu.Lock()
	m.sigQueue = append(m.sigQueue, outSignal{peer: peer, s: s})
	m.sigMu.Unlock()
	select {
	case m.sigWake <- struct{}{}:
	default:
	}
}

// signalLoop sends queued signals in order until the mesh is closed and
// the queue (with its goodbyes) is empty.
func (m *Mesh) signalLoop() {
	defer m.wg.Done()
	for {
		m.sigMu.Lock()
		batch := m.sigQueue
		m.sigQueue = nil
		m.sigMu.Unlock()
		for _, o := range batch {
			if err := m.sig.Signal(o.peer, o.s); err != nil {
				m.cfg.Logger.Warn("signal failed", "peer", o.peer, "kind", o.s.Kind.String(), "err", err)
			}
		}
		if len(batch) > 0 {
			continue
		}
		select {
		case <-m.sigWake:
		case <-m.done:
			m.sigMu.Lock()
			empty := len(m.sigQueue) == 0
			m.sigMu.Unlock()
			if empty {
				return
			}
		}
	}
}

// linkReady counts down the links still connecting.
func (m *Mesh) linkReady() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.waiting--
	if m.waiting == 0 {
		close(m.ready)
	}
}

func (m *Mesh) startTime() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.startedAt
}

// closePC closes a peer connection the link gave up. pion may call back
// into the link while closing, so this never runs with a link lock held.
func (m *Mesh) closePC(pc *webrtc.PeerConnection) {
	if pc == nil {
		return
	}
	if err := pc.Close(); err != nil {
		m.cfg.Logger.Debug("close peer connection", "err", err)
	}
}
