package rollback

// Disconnect agreement. A peer that times out (or says it leaves) has its
// players frozen here at the frame after the last input received from it.
// Input packets carry this session's disconnect frame per dropped player;
// a peer hearing one drops that player too and keeps the smaller frame. A
// disconnect is final once every live peer reports the same frame as this
// session: values only decrease, so that frame is the smallest any live
// peer froze, and all of them settle on it. Until then the player's later
// frames count as unconfirmed, so no checkpoint or spectator sees them, and
// a smaller frame only causes a rollback.
//
// A peer dropped while a disconnect is pending may have told a third peer
// a smaller frame before that peer dropped it too. So pending disconnects
// become final together, once every live peer reported all of them (a peer
// reports a dropped peer's players only after dropping it, and so hears no
// more from it), and a dropped peer's progress keeps holding back the
// settled frame until its own disconnect is final (so no frame it could
// have told anyone is settled here first). Otherwise this session could
// finalize, or settle past, a frame that another live peer has since
// lowered, and both would wait for each other forever.
//
// Each entry also says how far the agreement is at the sender: open, final
// there, or final there and heard final from the receiver. A peer stops
// sending an entry once it is final on both sides (the receiver, final,
// needs no more reports), except to answer an entry that says the
// receiver has not heard so yet. Nothing answers a both-sides entry, so the
// exchange ends; the spectator feed carries a final disconnect until the
// spectator acknowledges its frame.

// disconnect drops peer e now.
func (s *P2PSession[S]) disconnect(e *endpoint) {
	if e.disconnected {
		return
	}
	e.disconnected = true
	e.interrupted = false
	if e.spectator {
		s.events.push(Event{Kind: EventDisconnected, Peer: e.peer, Player: -1, Frame: s.frame})
		return
	}
	for p := range s.players {
		if e.players&(1<<p) != 0 && s.discFrame[p] == noFrame {
			s.setDiscFrame(p, s.last[p]+1)
		}
	}
}

// setDiscFrame lowers player p's disconnect frame to f.
func (s *P2PSession[S]) setDiscFrame(p int, f int32) {
	// A live peer never reports a frame before the one this session
	// settled (the settled state only depends on inputs every live peer
	// had); clamp a bogus one rather than roll back out of reach.
	f = max(f, s.settled, s.frame-int32(len(s.cells)))
	if f >= s.discFrame[p] {
		return
	}
	s.discFrame[p] = f
	if f < s.frame {
		s.firstIncorrect = min(s.firstIncorrect, f)
	}
}

// handleDisconnectReport applies peer e's claim that player p is out from
// frame f on.
func (s *P2PSession[S]) handleDisconnectReport(e *endpoint, p int, f int32) {
	if p >= s.players || s.owner[p] == s.local || s.owner[p] == e.peer || s.discFinal[p] {
		return
	}
	e.reported[p] = min(e.reported[p], f)
	if s.discFrame[p] == noFrame {
		if o := s.endpoint(s.owner[p]); o != nil {
			s.disconnect(o)
		}
	}
	s.setDiscFrame(p, f)
}

// finalizeDisconnects makes the pending disconnects final once every live
// peer agrees on all of them.
func (s *P2PSession[S]) finalizeDisconnects() {
	for p := range s.players {
		if s.discFrame[p] == noFrame || s.discFinal[p] {
			continue
		}
		for i := range s.peers {
			e := &s.peers[i]
			if !e.spectator && !e.disconnected && e.reported[p] != s.discFrame[p] {
				return
			}
		}
	}
	for p := range s.players {
		if s.discFrame[p] != noFrame && !s.discFinal[p] {
			s.discFinal[p] = true
			s.events.push(Event{Kind: EventDisconnected, Peer: s.owner[p], Player: p, Frame: s.discFrame[p]})
		}
	}
}
