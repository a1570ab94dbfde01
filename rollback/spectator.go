package rollback

import (
	"fmt"
	"time"
)

const (
	// catchupBehind is how many frames behind the newest input a spectator
	// must be before it advances several frames per call.
	catchupBehind = 8
	// catchupFrames is how many frames per call a spectator advances while
	// catching up.
	catchupFrames = 4
)

// SpectatorSession follows a match from the confirmed inputs one player
// peer (the host) relays. It never predicts, so it only saves nothing and
// advances; when it falls behind it advances several frames per call.
type SpectatorSession[S any] struct {
	set       settings
	transport Transport
	players   int
	host      endpoint

	frame     int32
	last      int32
	inputs    [MaxPlayers][inputHistory]byte
	discFrame [MaxPlayers]int32

	events eventQueue
	reqs   []Request[S]
	buf    []byte
	pkt    inputPacket
	stats  Stats
}

// NewSpectator returns a spectator of a players-player match relayed by the
// host peer (a P2P session created WithSpectators including this peer).
// WithTimeouts applies; other options are ignored.
func NewSpectator[S any](t Transport, players, host int, opts ...Option) (*SpectatorSession[S], error) {
	s := &SpectatorSession[S]{set: defaultSettings(), transport: t, players: players, host: newEndpoint(host, 0, false), last: -1}
	if err := s.set.apply(opts); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, fmt.Errorf("nil transport: %w", ErrConfig)
	}
	if players < 1 || players > MaxPlayers {
		return nil, fmt.Errorf("%d players, want 1..%d: %w", players, MaxPlayers, ErrConfig)
	}
	for p := range s.discFrame {
		s.discFrame[p] = noFrame
	}
	s.events.buf = make([]Event, 0, 16)
	s.reqs = make([]Request[S], 0, catchupFrames)
	s.buf = make([]byte, 0, MaxPacketSize)
	return s, nil
}

// Frame returns the next frame the spectator will simulate.
func (s *SpectatorSession[S]) Frame() int32 { return s.frame }

// FramesBehind returns how many received frames are not simulated yet.
func (s *SpectatorSession[S]) FramesBehind() int { return int(s.last + 1 - s.frame) }

// Stats returns session figures.
func (s *SpectatorSession[S]) Stats() Stats {
	st := s.stats
	st.Frame, st.ConfirmedFrame = s.frame, s.last
	return st
}

// HostStats returns figures for the link to the host.
func (s *SpectatorSession[S]) HostStats() PeerStats {
	st := s.host.stats
	st.Interrupted, st.Disconnected = s.host.interrupted, s.host.disconnected
	return st
}

// PollEvent returns the next pending event.
func (s *SpectatorSession[S]) PollEvent() (Event, bool) { return s.events.pop() }

// Receive handles the packets that arrived since the last call, at time
// now, without advancing or sending: a caller that calls it between ticks
// holds the transport's queue short and stamps arrivals accurately. The
// inputs received are simulated by the next AdvanceFrame.
func (s *SpectatorSession[S]) Receive(now time.Duration) { s.receive(now) }

// AdvanceFrame receives relayed inputs and returns advance requests: one
// when in step, up to catchupFrames when behind, none when no input has
// arrived for the next frame.
func (s *SpectatorSession[S]) AdvanceFrame(now time.Duration) []Request[S] {
	s.reqs = s.reqs[:0]
	s.receive(now)
	s.checkTimeout(now)
	n := 1
	if s.FramesBehind() > catchupBehind {
		n = catchupFrames
	}
	for ; n > 0 && s.frame <= s.last; n-- {
		r := Request[S]{Kind: RequestAdvance, Frame: s.frame}
		for p := range s.players {
			if s.frame >= s.discFrame[p] {
				r.Status[p] = InputDisconnected
				continue
			}
			r.Inputs[p] = s.inputs[p][s.frame%inputHistory]
		}
		s.reqs = append(s.reqs, r)
		s.frame++
	}
	if len(s.reqs) == 0 && !s.host.disconnected {
		s.stats.Stalls++
	}
	s.sendAck(now)
	return s.reqs
}

func (s *SpectatorSession[S]) receive(now time.Duration) {
	e := &s.host
	for {
		peer, b, ok := s.transport.Receive()
		if !ok {
			return
		}
		if peer != e.peer || e.disconnected {
			s.stats.BadPackets++
			continue
		}
		e.received(now, len(b), s.handle(b), &s.stats, &s.events, s.frame)
	}
}

func (s *SpectatorSession[S]) handle(b []byte) bool {
	h, body, err := parseHeader(b)
	if err != nil {
		return false
	}
	switch h.kind() {
	case typeKeepalive:
		_, err := parseEmpty(body)
		return err == nil
	case typeDisconnect:
		if _, err := parseEmpty(body); err != nil {
			return false
		}
		s.host.disconnected = true
		s.events.push(Event{Kind: EventDisconnected, Peer: s.host.peer, Player: -1, Frame: s.frame})
		return true
	case typeInput:
	default:
		return false
	}
	pk := &s.pkt
	if _, err := pk.parse(h, body); err != nil {
		return false
	}
	end := pk.start + int32(pk.count) - 1
	switch {
	case pk.players != allPlayers>>(MaxPlayers-s.players):
		return false
	case pk.start > s.last+1, pk.start < s.last+1-pastLimit:
		return false
	}
	for _, d := range pk.disc[:pk.ndisc] {
		if int(d.player) >= s.players || d.frame < s.frame && d.frame != s.discFrame[d.player] {
			return false
		}
	}
	for _, d := range pk.disc[:pk.ndisc] {
		s.discFrame[d.player] = min(s.discFrame[d.player], d.frame)
	}
	// Never overwrite inputs not simulated yet.
	end = min(end, s.frame+inputHistory-1)
	if s.last+1 <= end {
		// The payload is coded against frame start-1, which the spectator
		// has: start is at most one past the last frame it acknowledged.
		var base [MaxPlayers]byte
		if pk.start > 0 {
			for p := range s.players {
				base[p] = s.inputs[p][(pk.start-1)%inputHistory]
			}
		}
		pk.rebase(&base, int(s.last+1-pk.start))
	}
	for f := s.last + 1; f <= end; f++ {
		row := pk.inputs[int(f-pk.start)*s.players:]
		for p := range s.players {
			s.inputs[p][f%inputHistory] = row[p]
		}
		s.last = f
	}
	return true
}

func (s *SpectatorSession[S]) checkTimeout(now time.Duration) {
	e := &s.host
	if e.disconnected {
		return
	}
	if !e.started {
		e.started, e.lastRecv = true, now
		return
	}
	silent := now - e.lastRecv
	switch {
	case silent >= s.set.timeout:
		e.disconnected = true
		s.events.push(Event{Kind: EventDisconnected, Peer: e.peer, Player: -1, Frame: s.frame})
	case silent >= s.set.notify && !e.interrupted:
		e.interrupted = true
		s.events.push(Event{Kind: EventInterrupted, Peer: e.peer, Player: -1, Frame: s.frame, DisconnectIn: s.set.timeout - silent})
	}
}

// sendAck tells the host what has arrived, when that changed or as a
// keepalive.
func (s *SpectatorSession[S]) sendAck(now time.Duration) {
	e := &s.host
	if e.disconnected || s.last == e.sentAck && now-e.lastSend < keepaliveInterval {
		return
	}
	pk := &s.pkt
	*pk = inputPacket{start: max(s.last, 0), frame: s.frame, ack: s.last}
	var err error
	if s.buf, err = pk.Append(s.buf[:0]); err != nil {
		return
	}
	e.sentAck = s.last
	e.lastSend = now
	e.stats.PacketsSent++
	e.stats.BytesSent += uint64(len(s.buf))
	s.transport.Send(e.peer, s.buf)
}
