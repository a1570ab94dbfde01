package rollback

// Confirmed returns frame's inputs, every player's, once they are final
// here and known to every live peer, together with the checksum the caller
// saved for the state after that frame (the state of frame+1). ok is false
// until the caller has executed the requests that settle frame+1, and again
// once the frame has left the session's rings (a few dozen frames later for
// the checksum). A caller that records a match, such as a desync report's
// replay prefix, reads the next frame after every AdvanceFrame or Poll until
// ok is false. The inputs of a disconnected player are the zero input, as
// the session simulated them.
func (s *P2PSession[S]) Confirmed(frame int32) (inputs [MaxPlayers]byte, after uint64, ok bool) {
	if frame < 0 || frame+1 > s.settled || frame <= s.frame+futureLimit-inputHistory {
		return inputs, 0, false
	}
	c := &s.cells[(frame+1)%int32(len(s.cells))]
	if c.frame != frame+1 || !c.saved {
		return inputs, 0, false
	}
	for p := range s.players {
		v, st := s.input(p, frame)
		if st == InputPredicted {
			return [MaxPlayers]byte{}, 0, false
		}
		inputs[p] = v
	}
	return inputs, c.checksum, true
}
