package rollback

import (
	"fmt"
	"math"
	"math/bits"
	"time"
)

const (
	// inputHistory is how many frames of inputs are kept per player.
	inputHistory = 1024
	// futureLimit bounds how far ahead of the local frame a peer's frames
	// may be; further ones are dropped as implausible.
	futureLimit = 256
	// pastLimit bounds how far behind a packet's inputs may start.
	pastLimit = 4 * MaxPacketFrames
	// spectatorLag is how far a spectator may fall behind before it is
	// dropped (its inputs would leave the history).
	spectatorLag = inputHistory - futureLimit - MaxPacketFrames
	// checksumSends is how many consecutive ticks send each checksum report.
	checksumSends = 2
	// delayLead is how many frames ahead an input-delay change is scheduled,
	// so every peer hears of it before it applies.
	delayLead = 30
	// knownEvery is how often (one packet in knownEvery) input packets
	// carry third-party players' progress.
	knownEvery = 4
	// agreeTimeouts is how many timeouts pending disconnects wait for a
	// live peer to agree before dropping it.
	agreeTimeouts = 2
	// noFrame marks "no frame": no disconnect, no incorrect frame.
	noFrame = math.MaxInt32
)

// P2PSession runs one peer of a 2–4 player match: it owns the local
// players' input queue, exchanges inputs with the remote peers over a
// Transport, predicts missing inputs and asks the caller to roll back when a
// prediction was wrong. S is the caller's game state type, stored in
// preallocated cells for rollback and desync dumps.
type P2PSession[S any] struct {
	set       settings
	transport Transport

	players   int
	local     int
	owner     [MaxPlayers]int
	localMask uint8
	nlocal    int
	peers     []endpoint

	frame     int32
	nextLocal int32
	delay     int
	delayProp delayProposal

	inputs    [MaxPlayers][inputHistory]byte
	last      [MaxPlayers]int32
	discFrame [MaxPlayers]int32
	discFinal [MaxPlayers]bool
	// agreeing is set while disconnects are pending, since agreeSince.
	agreeing   bool
	agreeSince time.Duration

	cells          []Cell[S]
	used           [][MaxPlayers]byte
	firstIncorrect int32
	settled        int32
	desync         desyncState[S]

	events eventQueue
	reqs   []Request[S]
	buf    []byte
	pkt    inputPacket
	stats  Stats
}

// NewP2P returns a session for players players (2..MaxPlayers) where
// owners[p] is the peer that owns player p and local is this session's own
// peer, which must own at least one player. Packets go through t.
func NewP2P[S any](t Transport, owners []int, local int, opts ...Option) (*P2PSession[S], error) {
	s := &P2PSession[S]{set: defaultSettings(), transport: t, players: len(owners), local: local}
	if err := s.set.apply(opts); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, fmt.Errorf("nil transport: %w", ErrConfig)
	}
	if s.players < 2 || s.players > MaxPlayers {
		return nil, fmt.Errorf("%d players, want 2..%d: %w", s.players, MaxPlayers, ErrConfig)
	}
	for p, o := range owners {
		s.owner[p] = o
		s.last[p] = -1
		s.discFrame[p] = noFrame
		if o == local {
			s.localMask |= 1 << p
			s.nlocal++
			continue
		}
		if e := s.endpoint(o); e != nil {
			e.players |= 1 << p
			continue
		}
		s.peers = append(s.peers, newEndpoint(o, 1<<p, false))
	}
	for p := s.players; p < MaxPlayers; p++ {
		s.discFrame[p] = noFrame
	}
	if s.nlocal == 0 {
		return nil, fmt.Errorf("peer %d owns no player: %w", local, ErrConfig)
	}
	for _, sp := range s.set.spectators {
		if sp == local || s.endpoint(sp) != nil {
			return nil, fmt.Errorf("spectator peer %d is already in the match: %w", sp, ErrConfig)
		}
		s.peers = append(s.peers, newEndpoint(sp, 0, true))
	}
	n := 3*s.set.maxPrediction + 2*MaxInputDelay + 8
	s.cells = make([]Cell[S], n)
	s.used = make([][MaxPlayers]byte, n)
	s.delay = s.set.inputDelay
	s.firstIncorrect = noFrame
	s.settled = -1
	s.desync.init(int32(s.set.desyncInterval))
	s.events.buf = make([]Event, 0, 64)
	s.reqs = make([]Request[S], 0, n+4)
	s.buf = make([]byte, 0, MaxPacketSize)
	return s, nil
}

func (s *P2PSession[S]) endpoint(peer int) *endpoint {
	for i := range s.peers {
		if s.peers[i].peer == peer {
			return &s.peers[i]
		}
	}
	return nil
}

// Frame returns the next frame the session will simulate.
func (s *P2PSession[S]) Frame() int32 { return s.frame }

// InputDelay returns the current input delay in frames.
func (s *P2PSession[S]) InputDelay() int { return s.delay }

// LocalPlayers returns how many inputs AdvanceFrame expects.
func (s *P2PSession[S]) LocalPlayers() int { return s.nlocal }

// PlayerConfirmed returns the last frame up to which player's inputs are
// known here without gaps (-1 before the first).
func (s *P2PSession[S]) PlayerConfirmed(player int) int32 {
	if player < 0 || player >= s.players {
		return -1
	}
	return s.last[player]
}

// Stats returns session-wide figures.
func (s *P2PSession[S]) Stats() Stats {
	st := s.stats
	st.Frame = s.frame
	st.ConfirmedFrame = min(s.globalConfirmed(), s.firstIncorrect)
	return st
}

// PeerStats returns figures for the link to peer.
func (s *P2PSession[S]) PeerStats(peer int) (PeerStats, bool) {
	e := s.endpoint(peer)
	if e == nil {
		return PeerStats{}, false
	}
	st := e.stats
	st.Interrupted, st.Disconnected = e.interrupted, e.disconnected
	st.FramesAhead = e.sync.framesAhead()
	return st, true
}

// PollEvent returns the next pending event.
func (s *P2PSession[S]) PollEvent() (Event, bool) { return s.events.pop() }

// Snapshot returns the state and checksum saved for confirmed frame, if it
// was a desync checkpoint still kept (the last 32 checkpoints are).
func (s *P2PSession[S]) Snapshot(frame int32) (S, uint64, bool) { return s.desync.snapshot(frame) }

// Receive handles the packets that arrived since the last call, at time
// now, and nothing else: it sends no inputs, runs no timers and never
// advances. Quality reports are answered at once and arrivals are stamped
// with now, so a caller that calls Receive whenever packets may have arrived
// between ticks measures RTT, frame advantage and input arrival to the
// resolution of its calls instead of whole ticks. Bandwidth is unchanged:
// the only packets it sends are the replies the next tick would have sent.
// Found mispredictions are corrected by the next AdvanceFrame. now must not
// go backwards across calls.
func (s *P2PSession[S]) Receive(now time.Duration) { s.receive(now) }

// Poll exchanges packets and runs timers without advancing a frame. Call it
// on ticks where the game waits (time sync) so the link stays alive.
func (s *P2PSession[S]) Poll(now time.Duration) {
	s.poll(now)
	s.settle()
	s.send(now)
}

// AdvanceFrame takes this tick's local inputs (one byte per local player, in
// slot order) and returns the requests to execute in order: a rollback
// (load, then advance and save the resimulated frames) if a prediction
// turned out wrong, then save and advance of the new frame. When the
// prediction window is full the session stalls: no advance is returned and
// the inputs are not used. The slice is reused by the next call.
func (s *P2PSession[S]) AdvanceFrame(now time.Duration, local []byte) ([]Request[S], error) {
	s.reqs = s.reqs[:0]
	if len(local) != s.nlocal {
		return nil, fmt.Errorf("%d inputs for %d local players: %w", len(local), s.nlocal, ErrInputCount)
	}
	s.poll(now)
	if s.firstIncorrect < s.frame {
		s.rollback()
	}
	s.firstIncorrect = noFrame
	if s.frame-s.localConfirmed() > int32(s.set.maxPrediction) {
		s.stats.Stalls++
	} else {
		s.applyDelay()
		s.addLocal(local)
		s.save(s.frame)
		s.advance(s.frame)
		s.frame++
		if s.frame%timeSyncEvery == 0 {
			s.recommendWait()
		}
	}
	s.settle()
	s.send(now)
	return s.reqs, nil
}

// poll runs everything that does not advance: checkpoints of frames the
// caller settled, incoming packets, timers and disconnect agreement.
func (s *P2PSession[S]) poll(now time.Duration) {
	s.collectCheckpoints()
	s.receive(now)
	s.checkTimeouts(now)
	s.finalizeDisconnects(now)
}

// settle records the frames whose saved states are final once the caller
// has executed this call's requests. A misprediction found by Poll is only
// corrected by the next AdvanceFrame, so states after it are not final yet.
func (s *P2PSession[S]) settle() {
	s.settled = max(s.settled, min(s.globalConfirmed()+1, s.frame-1, s.firstIncorrect))
}

func (s *P2PSession[S]) rollback() {
	g := s.firstIncorrect
	if oldest := s.frame - int32(len(s.cells)); g < oldest {
		g = oldest
	}
	s.reqs = append(s.reqs, Request[S]{Kind: RequestLoad, Frame: g, Cell: &s.cells[g%int32(len(s.cells))]})
	for f := g; f < s.frame; f++ {
		if f > g {
			s.save(f)
		}
		s.advance(f)
	}
	depth := int(s.frame - g)
	s.stats.Rollbacks++
	s.stats.RollbackFrames += uint64(depth)
	s.stats.MaxRollback = max(s.stats.MaxRollback, depth)
}

func (s *P2PSession[S]) save(f int32) {
	c := &s.cells[f%int32(len(s.cells))]
	c.reset(f)
	s.reqs = append(s.reqs, Request[S]{Kind: RequestSave, Frame: f, Cell: c})
}

func (s *P2PSession[S]) advance(f int32) {
	r := Request[S]{Kind: RequestAdvance, Frame: f}
	for p := range s.players {
		r.Inputs[p], r.Status[p] = s.input(p, f)
	}
	s.used[f%int32(len(s.used))] = r.Inputs
	s.reqs = append(s.reqs, r)
}

// input returns player p's input for frame f: confirmed, the zero input of a
// disconnected player, or the last confirmed input as a prediction.
func (s *P2PSession[S]) input(p int, f int32) (byte, InputStatus) {
	switch {
	case f >= s.discFrame[p]:
		return 0, InputDisconnected
	case f <= s.last[p]:
		return s.inputs[p][f%inputHistory], InputConfirmed
	case s.last[p] < 0:
		return 0, InputPredicted
	}
	return s.inputs[p][s.last[p]%inputHistory], InputPredicted
}

// addLocal stores this tick's local inputs at frame+delay. After the delay
// grew, the skipped frames repeat the previous input; after it shrank,
// inputs are dropped until the frame catches up.
func (s *P2PSession[S]) addLocal(local []byte) {
	target := s.frame + int32(s.delay)
	if target < s.nextLocal {
		return
	}
	i := 0
	for p := range s.players {
		if s.localMask&(1<<p) == 0 {
			continue
		}
		var prev byte
		if s.nextLocal > 0 {
			prev = s.inputs[p][(s.nextLocal-1)%inputHistory]
		}
		for f := s.nextLocal; f < target; f++ {
			s.inputs[p][f%inputHistory] = prev
		}
		s.inputs[p][target%inputHistory] = local[i]
		s.last[p] = target
		i++
	}
	s.nextLocal = target + 1
}

// confirmedOf returns the last frame of player p whose input is final here.
func (s *P2PSession[S]) confirmedOf(p int) int32 {
	switch {
	case s.discFinal[p]:
		return noFrame
	case s.discFrame[p] != noFrame:
		return min(s.last[p], s.discFrame[p]-1)
	}
	return s.last[p]
}

// localConfirmed returns the last frame whose inputs are all final here.
func (s *P2PSession[S]) localConfirmed() int32 {
	c := int32(noFrame)
	for p := range s.players {
		c = min(c, s.confirmedOf(p))
	}
	return c
}

// globalConfirmed returns the last frame whose inputs are final here and
// known to every live peer, so no disconnect can change it: frames up to it
// are safe to checksum and to relay to spectators. A dropped peer still
// counts, with what it had when dropped, until its disconnect is final.
//
// What a peer has of a third player's inputs is what it last said, but at
// least what its own inputs received here prove: a peer sends the input of
// frame f+delay while simulating frame f, which it only does with every
// input up to f-maxPrediction. So a peer that omits its progress cannot
// hold the confirmed frame back.
func (s *P2PSession[S]) globalConfirmed() int32 {
	c := s.localConfirmed()
	for i := range s.peers {
		e := &s.peers[i]
		first := bits.TrailingZeros8(e.players)
		if e.spectator || e.disconnected && s.discFinal[first] {
			continue
		}
		proven := s.last[first] - MaxInputDelay - MaxMaxPrediction
		for p := range s.players {
			switch {
			case s.discFinal[p] || s.owner[p] == e.peer:
			case s.owner[p] == s.local:
				c = min(c, e.ack)
			default:
				c = min(c, max(e.known[p], proven))
			}
		}
	}
	return min(c, s.frame-1)
}

func (s *P2PSession[S]) recommendWait() {
	w := 0
	peer := -1
	for i := range s.peers {
		e := &s.peers[i]
		if e.spectator || e.disconnected {
			continue
		}
		if v := e.sync.wait(int32(e.stats.RTT/s.set.frameDuration) + 2); v > w {
			w, peer = v, e.peer
		}
	}
	if w > 0 {
		s.events.push(Event{Kind: EventTimeSync, Peer: peer, Frame: s.frame, Wait: w})
		// The samples predate the wait; judge afresh.
		for i := range s.peers {
			s.peers[i].sync = advantageWindow{}
		}
	}
}
