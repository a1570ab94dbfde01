package rollback

import "time"

// Disconnect agreement. A peer that times out (or says it leaves) has its
// players frozen here at the frame after the last input received from it.
// Input packets carry this session's disconnect frame per dropped player; a
// peer hearing one drops that player too, unless it still hears the
// player's peer itself (see handleDisconnectReport), and keeps the smaller
// frame. A frame no honest peer can report (before the settled one) is a
// bad packet, never clamped, so every live peer reports the very frame it
// holds. A disconnect is final once every live peer reports the same frame
// as this session (one that does not within two timeouts is dropped, so a
// peer withholding its reports cannot hold the match): values only
// decrease, so that frame is the smallest any live peer froze, and all of
// them settle on it. Until then the player's later frames count as
// unconfirmed, so no checkpoint or spectator sees them, and a smaller frame
// only causes a rollback.
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

// disconnect drops peer e now, and tells it so: a peer that still hears
// this session then drops it at once instead of at its own timeout, and
// tells the others.
func (s *P2PSession[S]) disconnect(e *endpoint) {
	if e.disconnected {
		return
	}
	e.disconnected = true
	e.interrupted = false
	s.buf = appendEmpty(s.buf[:0], typeDisconnect)
	s.sendTo(e.lastSend, e, s.buf)
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

// setDiscFrame lowers player p's disconnect frame to f, which must be a
// frame this session can still roll back to (see discReportOK).
func (s *P2PSession[S]) setDiscFrame(p int, f int32) {
	if f >= s.discFrame[p] {
		return
	}
	s.discFrame[p] = f
	if f < s.frame {
		s.firstIncorrect = min(s.firstIncorrect, f)
	}
}

// discReportOK reports whether peer e's claim that player p is out from
// frame f on is one an honest peer can make. A claim this session ignores
// anyway (about its own players, or a disconnect final here) always is.
// An honest peer never claims its own players, nor a frame before the one
// this session settled: the settled state only depends on inputs every
// live peer had, and a disconnect frame is one past the inputs some peer
// had. Nor a frame out of rollback reach or beyond the future limit.
func (s *P2PSession[S]) discReportOK(e *endpoint, p int, f int32) bool {
	switch {
	case p >= s.players || s.owner[p] == e.peer:
		return false
	case s.owner[p] == s.local || s.discFinal[p]:
		return true
	}
	return f >= s.settled && f >= s.frame-int32(len(s.cells)) && f <= s.frame+futureLimit
}

// handleDisconnectReport applies peer e's plausible claim, at time now,
// that player p is out from frame f on. A claim about a player this
// session still hears from directly does not override that: it counts
// once p's peer has been silent here for the notify interval, or once p's
// peer claims e's players are out too, so the two lost each other; then
// every peer that hears both drops the higher-numbered one (whose claims
// no longer count). A single hostile peer cannot drop another this way.
func (s *P2PSession[S]) handleDisconnectReport(now time.Duration, e *endpoint, p int, f int32) {
	if s.owner[p] == s.local || s.discFinal[p] {
		return
	}
	e.claims |= 1 << p
	o := s.endpoint(s.owner[p])
	if !o.disconnected && now-o.lastRecv < s.set.notify {
		if o.claims&e.players == 0 {
			return
		}
		if e.peer > o.peer {
			s.disconnect(e)
			return
		}
	}
	s.disconnect(o)
	e.reported[p] = min(e.reported[p], f)
	s.setDiscFrame(p, f)
}

// finalizeDisconnects makes the pending disconnects final once every live
// peer agrees on all of them. Agreement takes a few round trips; a live
// peer that still has not agreed after agreeTimeouts timeouts, measured
// here, is dropped (it keeps a view of the match the others do not share,
// or withholds its reports), and its players join the pending ones.
func (s *P2PSession[S]) finalizeDisconnects(now time.Duration) {
	pending := false
	for p := range s.players {
		pending = pending || s.discFrame[p] != noFrame && !s.discFinal[p]
	}
	if !pending {
		s.agreeing = false
		return
	}
	if !s.agreeing {
		s.agreeing, s.agreeSince = true, now
	}
	late := now-s.agreeSince >= agreeTimeouts*s.set.timeout
	agreed := true
	for p := range s.players {
		if s.discFrame[p] == noFrame || s.discFinal[p] {
			continue
		}
		for i := range s.peers {
			e := &s.peers[i]
			if !e.spectator && !e.disconnected && e.reported[p] != s.discFrame[p] {
				agreed = false
				if late {
					s.disconnect(e)
				}
			}
		}
	}
	if !agreed {
		if late {
			s.agreeSince = now
		}
		return
	}
	s.agreeing = false
	for p := range s.players {
		if s.discFrame[p] != noFrame && !s.discFinal[p] {
			s.discFinal[p] = true
			s.events.push(Event{Kind: EventDisconnected, Peer: s.owner[p], Player: p, Frame: s.discFrame[p]})
		}
	}
}
