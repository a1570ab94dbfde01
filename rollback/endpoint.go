package rollback

import "time"

// endpoint is this session's view of one remote peer or spectator.
type endpoint struct {
	peer      int
	players   uint8
	spectator bool

	// ack is the last frame of this session's inputs (for a spectator: of
	// the relayed inputs) the peer has confirmed receiving.
	ack     int32
	sentAck int32
	// known is, per third-party player, the last contiguous frame the peer
	// has of that player's inputs.
	known [MaxPlayers]int32
	// reported is the disconnect frame the peer reported per player this
	// session has dropped too; claims has the players the peer's latest
	// input packet said are out.
	reported [MaxPlayers]int32
	claims   uint8
	// heardFinal is, per player, whether the peer said the player's
	// disconnect is final there; echo whether the peer's latest input packet
	// carried an entry for the player short of agreeBoth, which this
	// session answers.
	heardFinal [MaxPlayers]bool
	echo       [MaxPlayers]bool

	started      bool
	lastRecv     time.Duration
	lastSend     time.Duration
	nextQuality  time.Duration
	interrupted  bool
	disconnected bool

	remoteFrame   int32
	remoteFrameAt time.Duration
	sync          advantageWindow

	// delayProp is the peer's latest input-delay proposal.
	delayProp delayProposal

	sums        [8]checksumReport
	sumOK       [8]bool
	lastChecked int32

	stats PeerStats
}

func newEndpoint(peer int, players uint8, spectator bool) endpoint {
	e := endpoint{peer: peer, players: players, spectator: spectator, ack: -1, sentAck: -2, remoteFrame: -1, lastChecked: -1}
	for p := range MaxPlayers {
		e.known[p] = -1
		e.reported[p] = noFrame
	}
	return e
}

// received accounts for a packet of n bytes from the peer that the session
// judged valid or not at the session's frame: a valid one keeps the link
// alive and ends an interruption.
func (e *endpoint) received(now time.Duration, n int, valid bool, st *Stats, events *eventQueue, frame int32) {
	e.stats.PacketsReceived++
	e.stats.BytesReceived += uint64(n)
	if !valid {
		e.stats.PacketsDropped++
		st.BadPackets++
		return
	}
	e.lastRecv = now
	if e.interrupted {
		e.interrupted = false
		events.push(Event{Kind: EventResumed, Peer: e.peer, Player: -1, Frame: frame})
	}
}
