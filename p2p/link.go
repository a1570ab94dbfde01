package p2p

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
)

// LinkState is where a link to one peer stands.
type LinkState uint32

// The states of a link. A link starts connecting and leaves that state
// once, to direct or relay; a direct link may still fall back to relay, and
// any link ends closed.
const (
	// LinkConnecting means the peer connection is being negotiated.
	LinkConnecting LinkState = iota
	// LinkDirect means both data channels are open.
	LinkDirect
	// LinkRelay means packets go through the Signaler's relay.
	LinkRelay
	// LinkClosed means the peer left or the mesh was closed.
	LinkClosed
)

// String returns the state's lowercase name.
func (s LinkState) String() string {
	switch s {
	case LinkConnecting:
		return "connecting"
	case LinkDirect:
		return "direct"
	case LinkRelay:
		return "relay"
	case LinkClosed:
		return "closed"
	}
	return fmt.Sprintf("state(%d)", uint32(s))
}

// Channel labels.
const (
	inputsLabel  = "inputs"
	controlLabel = "control"
	// maxPendingCandidates bounds the candidates buffered before the remote
	// description is set.
	maxPendingCandidates = 64
	// maxSDPSize bounds a signaled session description.
	maxSDPSize = 16 << 10
	// maxBufferedAmount is how much unsent data an inputs channel may hold
	// before Send drops packets instead of queuing more.
	maxBufferedAmount = 64 << 10
)

// link is the mesh's connection to one peer.
type link struct {
	m       *Mesh
	peer    int
	offerer bool // the local slot is lower, so this side offers
	log     *slog.Logger

	state atomic.Uint32 // LinkState; changed only with mu held

	// sigMu serializes negotiation: offers, answers and candidates.
	sigMu     sync.Mutex
	remoteSet bool
	offered   bool
	pending   []webrtc.ICECandidateInit

	mu          sync.Mutex
	pc          *webrtc.PeerConnection
	inputs      *webrtc.DataChannel
	control     *webrtc.DataChannel
	open        int // bit 0: inputs open, bit 1: control open
	timer       *time.Timer
	readied     bool
	connectTime time.Duration
	reason      error // why the link left the direct path, if it did

	out  sender    // numbers game packets sent on the inputs channel
	loss lossMeter // counts game packets lost on the inputs channel

	packetsIn, packetsOut atomic.Uint64
	bytesIn, bytesOut     atomic.Uint64
	dropped               atomic.Uint64
}

// State returns where the link stands.
func (l *link) State() LinkState { return LinkState(l.state.Load()) }

// setup creates the peer connection and, on the offering side, its two
// channels; the answering side accepts them when they arrive.
func (l *link) setup() error {
	cfg := l.m.cfg
	pc, err := l.m.api.NewPeerConnection(webrtc.Configuration{
		ICEServers:         cfg.ICEServers,
		ICETransportPolicy: cfg.ICETransportPolicy,
	})
	if err != nil {
		return fmt.Errorf("peer %d: new peer connection: %w", l.peer, err)
	}
	// The offerer opens both channels in band. (pion commits the
	// reliability settings of pre-negotiated channels only on the side
	// that accepts them, so a negotiated "inputs" would stay reliable.)
	if l.offerer {
		ordered := false
		zero := uint16(0)
		inputs, err := pc.CreateDataChannel(inputsLabel, &webrtc.DataChannelInit{Ordered: &ordered, MaxRetransmits: &zero})
		if err != nil {
			_ = pc.Close()
			return fmt.Errorf("peer %d: create inputs channel: %w", l.peer, err)
		}
		control, err := pc.CreateDataChannel(controlLabel, nil)
		if err != nil {
			_ = pc.Close()
			return fmt.Errorf("peer %d: create control channel: %w", l.peer, err)
		}
		l.attach(inputs)
		l.attach(control)
	} else {
		pc.OnDataChannel(l.acceptChannel)
	}

	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return // gathering complete
		}
		init := c.ToJSON()
		s := Signal{Kind: SignalCandidate, Candidate: init.Candidate}
		if init.SDPMid != nil {
			s.SDPMid = *init.SDPMid
		}
		if init.SDPMLineIndex != nil {
			s.SDPMLineIndex = *init.SDPMLineIndex
		}
		if init.UsernameFragment != nil {
			s.UsernameFragment = *init.UsernameFragment
		}
		l.m.signal(l.peer, s)
	})
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		l.log.Debug("peer connection state", "state", s.String())
		if s == webrtc.PeerConnectionStateFailed {
			l.fallback(ErrICEFailed)
		}
	})
	l.mu.Lock()
	l.pc = pc
	l.mu.Unlock()
	return nil
}

// attach takes dc as one of the link's two channels and wires it. It
// reports false, and leaves dc alone, when the link has that channel
// already.
func (l *link) attach(dc *webrtc.DataChannel) bool {
	bit, q := 1, l.m.inputs
	if dc.Label() == controlLabel {
		bit, q = 2, l.m.control
	}
	l.mu.Lock()
	switch {
	case bit == 1 && l.inputs == nil:
		l.inputs = dc
	case bit == 2 && l.control == nil:
		l.control = dc
	default:
		l.mu.Unlock()
		return false
	}
	l.mu.Unlock()
	// The peer closing its end shows as our channels closing: that link
	// then relays, as the peer does (it fell back, or it left and says so).
	dc.OnClose(func() { l.fallback(ErrChannelClosed) })
	dc.OnMessage(func(msg webrtc.DataChannelMessage) { l.receive(q, msg) })
	dc.OnOpen(func() { l.channelOpen(bit) })
	return true
}

// acceptChannel takes the offerer's channels on the answering side. Only one
// "inputs" (unordered, no retransmissions) and one "control" (reliable,
// ordered) channel are accepted; anything else is closed.
func (l *link) acceptChannel(dc *webrtc.DataChannel) {
	label := dc.Label()
	rexmit := dc.MaxRetransmits()
	ok := false
	switch label {
	case inputsLabel:
		ok = !dc.Ordered() && rexmit != nil && *rexmit == 0 && dc.MaxPacketLifeTime() == nil
	case controlLabel:
		ok = dc.Ordered() && rexmit == nil && dc.MaxPacketLifeTime() == nil
	}
	if !ok || !l.attach(dc) {
		l.log.Warn("refusing unexpected data channel", "label", label, "ordered", dc.Ordered())
		_ = dc.Close()
	}
}

// start begins connecting: it arms the connect timeout and, on the
// offering side, sends the offer.
func (l *link) start() {
	if l.m.cfg.RelayOnly {
		l.toRelay(nil)
		return
	}
	l.mu.Lock()
	if l.State() == LinkConnecting {
		l.timer = time.AfterFunc(l.m.cfg.ConnectTimeout, func() { l.fallback(ErrConnectTimeout) })
	}
	l.mu.Unlock()
	if l.offerer {
		if err := l.offer(); err != nil {
			l.log.Warn("offer failed", "err", err)
			l.fallback(err)
		}
	}
}

func (l *link) peerConnection() *webrtc.PeerConnection {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pc
}

func (l *link) offer() error {
	l.sigMu.Lock()
	defer l.sigMu.Unlock()
	pc := l.peerConnection()
	if pc == nil {
		return ErrPeerGone
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		return fmt.Errorf("create offer: %w", err)
	}
	if err := pc.SetLocalDescription(offer); err != nil {
		return fmt.Errorf("set local offer: %w", err)
	}
	l.offered = true
	l.m.signal(l.peer, Signal{Kind: SignalOffer, SDP: offer.SDP})
	return nil
}

// handle applies one signal from the peer.
func (l *link) handle(s Signal) error {
	if s.Kind == SignalBye {
		l.leave()
		return nil
	}
	if l.m.cfg.RelayOnly {
		return nil // this side never connects directly; the peer falls back
	}
	l.sigMu.Lock()
	defer l.sigMu.Unlock()
	if st := l.State(); st != LinkConnecting && st != LinkDirect {
		return nil // negotiation is over for this link
	}
	pc := l.peerConnection()
	var err error
	switch s.Kind {
	case SignalOffer:
		err = l.handleOffer(pc, s.SDP)
	case SignalAnswer:
		err = l.handleAnswer(pc, s.SDP)
	case SignalCandidate:
		err = l.handleCandidate(pc, s)
	default:
		return fmt.Errorf("%w: %s", ErrBadSignal, s.Kind)
	}
	if errors.Is(err, ErrBadSignal) {
		l.log.Warn("bad signal, falling back to relay", "err", err)
		l.fallback(err)
	}
	return err
}

func (l *link) handleOffer(pc *webrtc.PeerConnection, sdp string) error {
	if l.offerer || l.remoteSet {
		return fmt.Errorf("%w: offer from peer %d", ErrUnexpectedSignal, l.peer)
	}
	if err := l.setRemote(pc, webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: sdp}); err != nil {
		return err
	}
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		return fmt.Errorf("%w: create answer: %w", ErrBadSignal, err)
	}
	if err := pc.SetLocalDescription(answer); err != nil {
		return fmt.Errorf("%w: set local answer: %w", ErrBadSignal, err)
	}
	l.m.signal(l.peer, Signal{Kind: SignalAnswer, SDP: answer.SDP})
	return nil
}

func (l *link) handleAnswer(pc *webrtc.PeerConnection, sdp string) error {
	if !l.offerer || !l.offered || l.remoteSet {
		return fmt.Errorf("%w: answer from peer %d", ErrUnexpectedSignal, l.peer)
	}
	return l.setRemote(pc, webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: sdp})
}

// setRemote sets the remote description and applies the candidates that
// arrived before it.
func (l *link) setRemote(pc *webrtc.PeerConnection, desc webrtc.SessionDescription) error {
	if len(desc.SDP) > maxSDPSize {
		return fmt.Errorf("%w: %s of %d bytes", ErrBadSignal, desc.Type, len(desc.SDP))
	}
	if err := pc.SetRemoteDescription(desc); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrBadSignal, desc.Type, err)
	}
	l.remoteSet = true
	pending := l.pending
	l.pending = nil
	for _, c := range pending {
		if err := pc.AddICECandidate(c); err != nil {
			return fmt.Errorf("%w: candidate %q: %w", ErrBadSignal, c.Candidate, err)
		}
	}
	return nil
}

func (l *link) handleCandidate(pc *webrtc.PeerConnection, s Signal) error {
	if s.Candidate != "" {
		if _, err := ice.UnmarshalCandidate(strings.TrimPrefix(s.Candidate, "candidate:")); err != nil {
			return fmt.Errorf("%w: candidate %q: %w", ErrBadSignal, s.Candidate, err)
		}
	}
	c := webrtc.ICECandidateInit{Candidate: s.Candidate, SDPMLineIndex: &s.SDPMLineIndex}
	if s.SDPMid != "" {
		c.SDPMid = &s.SDPMid
	}
	if s.UsernameFragment != "" {
		c.UsernameFragment = &s.UsernameFragment
	}
	if !l.remoteSet {
		if len(l.pending) >= maxPendingCandidates {
			return fmt.Errorf("%w: more than %d candidates before the description", ErrBadSignal, maxPendingCandidates)
		}
		l.pending = append(l.pending, c)
		return nil
	}
	if err := pc.AddICECandidate(c); err != nil {
		return fmt.Errorf("%w: candidate %q: %w", ErrBadSignal, s.Candidate, err)
	}
	return nil
}

// channelOpen records that one of the two channels opened; with both open
// the link is direct.
func (l *link) channelOpen(bit int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open |= bit
	if l.open != 3 || l.State() != LinkConnecting {
		return
	}
	l.state.Store(uint32(LinkDirect))
	l.log.Info("direct link open", "after", time.Since(l.m.startTime()))
	l.readyLocked()
}

// fallback moves a connecting or direct link to the relay.
func (l *link) fallback(reason error) {
	if st := l.State(); st != LinkConnecting && st != LinkDirect || l.m.isClosed() {
		return
	}
	l.toRelay(reason)
}

func (l *link) toRelay(reason error) {
	l.mu.Lock()
	if st := l.State(); st == LinkRelay || st == LinkClosed {
		l.mu.Unlock()
		return
	}
	l.state.Store(uint32(LinkRelay))
	l.reason = reason
	if l.timer != nil {
		l.timer.Stop()
	}
	// When the peer closed its end, ours is already shutting down inside
	// pion; closing it here too would race with that, so the mesh closes it
	// at the end. Otherwise stop ICE now.
	var pc *webrtc.PeerConnection
	if !errors.Is(reason, ErrChannelClosed) {
		pc = l.detachLocked()
	}
	l.readyLocked()
	l.mu.Unlock()
	if reason != nil {
		l.log.Warn("falling back to relay", "reason", reason)
	}
	l.m.closePC(pc)
}

// leave ends the link because the peer said goodbye. The peer closes its
// end of the peer connection; ours is closed with the mesh, so the two
// closes never race.
func (l *link) leave() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.State() == LinkClosed {
		return
	}
	l.state.Store(uint32(LinkClosed))
	if l.reason == nil {
		l.reason = ErrPeerGone
	}
	if l.timer != nil {
		l.timer.Stop()
	}
	l.readyLocked()
	l.log.Info("peer left")
}

// close ends the link for good and closes its peer connection.
func (l *link) close(reason error) {
	l.mu.Lock()
	l.state.Store(uint32(LinkClosed))
	if l.reason == nil {
		l.reason = reason
	}
	pc := l.detachLocked()
	l.readyLocked()
	l.mu.Unlock()
	l.m.closePC(pc)
}

// detachLocked stops the timer and hands back the peer connection to close.
func (l *link) detachLocked() *webrtc.PeerConnection {
	if l.timer != nil {
		l.timer.Stop()
	}
	pc := l.pc
	l.pc, l.inputs, l.control = nil, nil, nil
	return pc
}

// readyLocked tells the mesh, once, that this link no longer connects.
func (l *link) readyLocked() {
	if l.readied {
		return
	}
	l.readied = true
	if l.timer != nil {
		l.timer.Stop()
	}
	l.connectTime = time.Since(l.m.startTime())
	l.m.linkReady()
}

// receive queues a message that arrived on one of the link's channels.
// Messages on a channel are from this link's peer and nobody else.
func (l *link) receive(q *queue, msg webrtc.DataChannelMessage) {
	data := msg.Data
	if q == l.m.inputs {
		if len(data) < seqSize {
			l.dropped.Add(1)
			return
		}
		l.loss.saw(binary.BigEndian.Uint16(data))
		data = data[seqSize:]
	}
	if msg.IsString || len(data) > MaxMessageSize || l.State() == LinkClosed {
		l.dropped.Add(1)
		return
	}
	if q == l.m.control && len(data) == 0 {
		// The in-band goodbye: it comes before the peer's channels close,
		// so a leaving peer is not mistaken for one that fell back.
		l.leave()
		return
	}
	l.accept(q, data)
}

// goodbyeWait bounds how long Close waits for the in-band goodbyes to leave
// the control channels' buffers.
const goodbyeWait = 100 * time.Millisecond

// sayGoodbye sends the in-band goodbye, an empty message on the reliable
// control channel, when the link is direct. It returns the channel to wait
// on (see flushed), or nil. It is best effort: the signaled goodbye follows
// anyway.
func (l *link) sayGoodbye() *webrtc.DataChannel {
	dc := l.channel(true)
	if dc == nil || dc.Send(nil) != nil {
		return nil
	}
	return dc
}

// flushed waits until every channel in dcs has sent what it buffered, or
// until deadline, so that goodbyes leave before the channels close.
func flushed(dcs []*webrtc.DataChannel, deadline time.Time) {
	for _, dc := range dcs {
		for dc.BufferedAmount() > 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
	}
}

func (l *link) accept(q *queue, data []byte) {
	if !q.push(l.peer, data) {
		l.dropped.Add(1)
		return
	}
	if q == l.m.inputs {
		l.packetsIn.Add(1)
		l.bytesIn.Add(uint64(len(data)))
	}
}

// channel returns the open channel for a send, or nil when the link is not
// direct.
func (l *link) channel(control bool) *webrtc.DataChannel {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.State() != LinkDirect {
		return nil
	}
	if control {
		return l.control
	}
	return l.inputs
}
