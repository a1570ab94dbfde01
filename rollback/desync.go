package rollback

// Desync detection. Every interval frames, once a frame is settled (its
// inputs are final and known to every live peer, and the caller has saved
// its state after resimulating), its state and checksum are copied into a
// checkpoint ring and the checksum is sent to every peer a few times. A
// peer's report is compared with the local checkpoint of the same frame,
// at once or when this session gets there.

const checkpoints = 32

type checkpoint[S any] struct {
	frame    int32
	state    S
	checksum uint64
	ok       bool
}

type desyncState[S any] struct {
	interval  int32
	next      int32
	ring      []checkpoint[S]
	latest    int32
	report    checksumReport
	sendsLeft int
}

func (d *desyncState[S]) init(interval int32) {
	d.interval = interval
	d.latest = -1
	if interval > 0 {
		d.ring = make([]checkpoint[S], checkpoints)
	}
}

func (d *desyncState[S]) snapshot(frame int32) (S, uint64, bool) {
	var zero S
	if d.interval == 0 || frame < 0 || frame%d.interval != 0 {
		return zero, 0, false
	}
	c := &d.ring[(frame/d.interval)%checkpoints]
	if !c.ok || c.frame != frame {
		return zero, 0, false
	}
	return c.state, c.checksum, true
}

// collectCheckpoints copies settled checkpoint frames out of the cell ring.
func (s *P2PSession[S]) collectCheckpoints() {
	d := &s.desync
	if d.interval == 0 {
		return
	}
	for ; d.next <= s.settled; d.next += d.interval {
		c := &s.cells[d.next%int32(len(s.cells))]
		if c.frame != d.next || !c.saved {
			continue
		}
		k := &d.ring[(d.next/d.interval)%checkpoints]
		k.frame, k.state, k.checksum, k.ok = d.next, c.state, c.checksum, true
		d.latest = d.next
		d.report = checksumReport{frame: d.next, checksum: c.checksum}
		d.sendsLeft = checksumSends
		for i := range s.peers {
			e := &s.peers[i]
			j := (d.next / d.interval) % int32(len(e.sums))
			if e.sumOK[j] && e.sums[j].frame == d.next {
				e.sumOK[j] = false
				s.compareChecksum(e, e.sums[j])
			}
		}
	}
}

// checksumOK reports whether a peer's checksum report, in a packet
// acknowledging this session's inputs up to ack, is plausible: of a
// checkpoint frame the peer can have settled. It settles a frame only once
// it has every input before it, this session's too, so a report of a frame
// past ack+1 is a lie (one waiting for a checkpoint this session has not
// reached would raise a desync there).
func (s *P2PSession[S]) checksumOK(c checksumReport, ack int32) bool {
	d := &s.desync
	return d.interval == 0 || c.frame%d.interval == 0 && c.frame <= ack+1
}

// handleChecksum applies a peer's plausible checksum report.
func (s *P2PSession[S]) handleChecksum(e *endpoint, c checksumReport) {
	d := &s.desync
	if d.interval == 0 || c.frame <= e.lastChecked {
		return
	}
	if c.frame <= d.latest {
		s.compareChecksum(e, c)
		return
	}
	j := (c.frame / d.interval) % int32(len(e.sums))
	e.sums[j], e.sumOK[j] = c, true
}

func (s *P2PSession[S]) compareChecksum(e *endpoint, c checksumReport) {
	if c.frame <= e.lastChecked {
		return
	}
	e.lastChecked = c.frame
	_, local, ok := s.desync.snapshot(c.frame)
	if ok && local != c.checksum {
		s.events.push(Event{Kind: EventDesync, Peer: e.peer, Player: -1, Frame: c.frame, Local: local, Remote: c.checksum})
	}
}
