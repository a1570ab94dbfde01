package rollback

import (
	"math/bits"
	"time"
)

// receive handles every packet waiting in the transport.
func (s *P2PSession[S]) receive(now time.Duration) {
	for {
		peer, b, ok := s.transport.Receive()
		if !ok {
			return
		}
		e := s.endpoint(peer)
		if e == nil || e.disconnected {
			s.stats.BadPackets++
			continue
		}
		e.received(now, len(b), s.handle(now, e, b), &s.stats, &s.events, s.frame)
	}
}

// handle processes one packet from e and reports whether it was valid.
func (s *P2PSession[S]) handle(now time.Duration, e *endpoint, b []byte) bool {
	h, body, err := parseHeader(b)
	if err != nil {
		return false
	}
	switch h.kind() {
	case typeInput:
		if _, err := s.pkt.parse(h, body); err != nil {
			return false
		}
		if e.spectator {
			return s.handleSpectatorAck(e)
		}
		return s.handleInput(now, e)
	case typeQualityReply:
		q, _, err := parseQualityReply(body)
		if err != nil {
			return false
		}
		rtt := time.Duration(micros(now)-q.pong) * time.Microsecond
		if rtt < 0 || rtt > 2*s.set.timeout {
			return false
		}
		e.stats.LastRTT = rtt
		e.stats.RTTSamples++
		if e.stats.RTT == 0 {
			e.stats.RTT = rtt
		} else {
			e.stats.RTT += (rtt - e.stats.RTT) / 8
		}
		return true
	case typeKeepalive:
		_, err := parseEmpty(body)
		return err == nil
	case typeDisconnect:
		if _, err := parseEmpty(body); err != nil {
			return false
		}
		s.disconnect(e)
		return true
	}
	return false
}

// handleInput applies an input packet from a player peer.
func (s *P2PSession[S]) handleInput(now time.Duration, e *endpoint) bool {
	pk := &s.pkt
	first := bits.TrailingZeros8(e.players)
	last := s.last[first]
	end := pk.start + int32(pk.count) - 1
	switch {
	case pk.players != e.players && pk.count > 0:
		return false // claims inputs of players the peer does not own
	case pk.start > last+1:
		// A gap: the sender skipped unacknowledged frames (or, without
		// inputs, claims this session acknowledged frames it lacks).
		return false
	case pk.start < last+1-pastLimit, end > s.frame+futureLimit, pk.frame > s.frame+futureLimit:
		return false
	case pk.ack >= s.nextLocal:
		return false // acknowledges inputs never sent
	case pk.hasDelay && pk.delayFrame > s.frame+futureLimit+delayLead:
		// Peers propose changes delayLead frames past their own frame; one
		// far beyond would shadow every later SetInputDelay.
		return false
	}
	for p := range MaxPlayers {
		if pk.knownMask&(1<<p) != 0 && pk.known[p] > s.frame+futureLimit {
			return false
		}
	}
	for _, d := range pk.disc[:pk.ndisc] {
		if !s.discReportOK(e, int(d.player), d.frame) {
			return false
		}
	}
	if pk.hasSum && !s.checksumOK(pk.sum, pk.ack) {
		return false
	}
	if last+1 <= end {
		// The payload is coded against frame start-1, which this session
		// has: start is at most one past the last frame it acknowledged.
		var base [MaxPlayers]byte
		if pk.start > 0 {
			s.gather(base[:], e.players, pk.start-1)
		}
		pk.rebase(&base, int(last+1-pk.start))
	}
	stride := pk.stride()
	for f := last + 1; f <= end; f++ {
		row := pk.inputs[int(f-pk.start)*stride:]
		i := 0
		for p := range s.players {
			if e.players&(1<<p) == 0 {
				continue
			}
			v := row[i]
			i++
			s.inputs[p][f%inputHistory] = v
			s.last[p] = f
			if f < s.frame && s.used[f%int32(len(s.used))][p] != v {
				s.firstIncorrect = min(s.firstIncorrect, f)
			}
		}
	}
	e.ack = max(e.ack, pk.ack)
	if pk.frame > e.remoteFrame {
		e.remoteFrame, e.remoteFrameAt = pk.frame, now
	}
	for p := range s.players {
		if pk.knownMask&(1<<p) != 0 && s.owner[p] != e.peer && s.owner[p] != s.local {
			e.known[p] = max(e.known[p], pk.known[p])
		}
	}
	e.echo = [MaxPlayers]bool{}
	e.claims = 0
	for _, d := range pk.disc[:pk.ndisc] {
		s.handleDisconnectReport(now, e, int(d.player), d.frame)
		e.heardFinal[d.player] = e.heardFinal[d.player] || d.agreed != agreeOpen
		e.echo[d.player] = d.agreed != agreeBoth
	}
	if pk.hasDelay {
		e.delayProp.propose(pk.delayFrame, int(pk.delay))
	}
	if pk.hasSum {
		s.handleChecksum(e, pk.sum)
	}
	if pk.hasQuality {
		e.sync.addRemote(int32(pk.quality.advantage))
		s.buf, _ = qualityReply{pong: pk.quality.ping}.Append(s.buf[:0])
		s.sendTo(now, e, s.buf)
	}
	return true
}

// handleSpectatorAck applies an acknowledgement from a spectator.
func (s *P2PSession[S]) handleSpectatorAck(e *endpoint) bool {
	pk := &s.pkt
	if pk.count > 0 || pk.players != 0 || pk.hasSum || pk.ack > s.globalConfirmed() {
		return false
	}
	e.ack = max(e.ack, pk.ack)
	return true
}

// checkTimeouts reports silent peers and drops those past the timeout.
func (s *P2PSession[S]) checkTimeouts(now time.Duration) {
	for i := range s.peers {
		e := &s.peers[i]
		if e.disconnected {
			continue
		}
		if !e.started {
			e.started = true
			e.lastRecv = now
			e.nextQuality = now
			continue
		}
		silent := now - e.lastRecv
		switch {
		case silent >= s.set.timeout:
			s.disconnect(e)
		case silent >= s.set.notify && !e.interrupted:
			e.interrupted = true
			s.events.push(Event{Kind: EventInterrupted, Peer: e.peer, Player: -1, Frame: s.frame, DisconnectIn: s.set.timeout - silent})
		}
	}
	for i := range s.peers {
		e := &s.peers[i]
		if e.spectator && !e.disconnected && s.globalConfirmed()-e.ack > spectatorLag {
			s.disconnect(e)
		}
	}
}

// send sends every live peer what it needs this tick.
func (s *P2PSession[S]) send(now time.Duration) {
	for i := range s.peers {
		e := &s.peers[i]
		if e.disconnected {
			continue
		}
		quality := now >= e.nextQuality
		if quality {
			e.nextQuality = now + qualityInterval
		}
		if e.spectator {
			s.sendSpectator(now, e)
		} else {
			s.sendInputs(now, e, quality)
		}
	}
	if s.desync.sendsLeft > 0 {
		s.desync.sendsLeft--
	}
}

// qualityReport returns the quality report for e and records the frame
// advantage it estimates.
func (s *P2PSession[S]) qualityReport(now time.Duration, e *endpoint) qualityReport {
	adv := int32(0)
	if e.remoteFrame >= 0 {
		elapsed := now - e.remoteFrameAt + e.stats.RTT/2
		remote := e.remoteFrame + int32(elapsed/s.set.frameDuration)
		adv = remote - s.frame
		e.sync.addLocal(adv)
	}
	return qualityReport{advantage: clampInt8(adv), ping: micros(now)}
}

// sendInputs sends a player peer every local input it has not acknowledged,
// with this session's ack of its inputs, the sticky control sections, the
// pending checksum report and, when quality is set, a quality report.
func (s *P2PSession[S]) sendInputs(now time.Duration, e *endpoint, quality bool) {
	pk := &s.pkt
	ack := s.last[bits.TrailingZeros8(e.players)]
	pk.start = max(e.ack+1, 0)
	pk.count = int(min(s.nextLocal-pk.start, MaxPacketFrames))
	pk.count = max(pk.count, 0)
	pk.players = s.localMask
	pk.frame = s.frame
	pk.ack = ack
	pk.hasDelay = s.delayProp.set && s.frame <= s.delayProp.frame+2*delayLead
	pk.delayFrame, pk.delay = s.delayProp.frame, uint8(s.delayProp.delay)
	// A disconnect entry goes to the peer until both sides heard that the
	// other's agreement is final; after that only to answer an entry
	// from the peer that says it has not heard so yet.
	pk.ndisc = 0
	for p := range s.players {
		if s.discFrame[p] == noFrame {
			continue
		}
		agreed := uint8(agreeOpen)
		if s.discFinal[p] {
			agreed = agreeFinal
			if e.heardFinal[p] {
				agreed = agreeBoth
			}
		}
		if agreed == agreeBoth && !e.echo[p] {
			continue
		}
		pk.disc[pk.ndisc] = discEntry{player: uint8(p), frame: s.discFrame[p], agreed: agreed}
		pk.ndisc++
	}
	// Third-party progress only feeds the global confirmed frame, which can
	// lag a little: send it in every knownEvery-th packet to save bandwidth.
	pk.knownMask = 0
	for p := range s.players {
		if e.stats.PacketsSent%knownEvery == 0 && s.owner[p] != s.local && s.owner[p] != e.peer && !s.discFinal[p] {
			pk.knownMask |= 1 << p
			pk.known[p] = s.confirmedOf(p)
		}
	}
	pk.hasSum, pk.sum = s.desync.sendsLeft > 0, s.desync.report
	pk.hasQuality = quality
	if quality {
		pk.quality = s.qualityReport(now, e)
	}
	if pk.count == 0 && ack == e.sentAck && pk.ndisc == 0 && !pk.hasDelay && !pk.hasSum && !pk.hasQuality {
		s.keepalive(now, e)
		return
	}
	stride := pk.stride()
	pk.base = [MaxPlayers]byte{}
	if pk.start > 0 {
		s.gather(pk.base[:], s.localMask, pk.start-1)
	}
	for i := range pk.count {
		s.gather(pk.inputs[i*stride:], s.localMask, pk.start+int32(i))
	}
	var err error
	if s.buf, err = pk.Append(s.buf[:0]); err != nil {
		return
	}
	e.sentAck = ack
	s.sendTo(now, e, s.buf)
}

// gather copies the inputs of frame f (f >= 0) of the players in mask, in
// slot order, to dst.
func (s *P2PSession[S]) gather(dst []byte, mask uint8, f int32) {
	j := 0
	for p := range s.players {
		if mask&(1<<p) != 0 {
			dst[j] = s.inputs[p][f%inputHistory]
			j++
		}
	}
}

// sendSpectator relays every globally confirmed input the spectator lacks.
func (s *P2PSession[S]) sendSpectator(now time.Duration, e *endpoint) {
	pk := &s.pkt
	pk.start = max(e.ack+1, 0)
	pk.count = max(int(min(s.globalConfirmed()+1-pk.start, MaxPacketFrames)), 0)
	if pk.count == 0 {
		s.keepalive(now, e)
		return
	}
	pk.players = allPlayers >> (MaxPlayers - s.players)
	pk.frame, pk.ack = s.frame, -1
	pk.hasDelay, pk.knownMask, pk.ndisc, pk.hasSum, pk.hasQuality = false, 0, 0, false, false
	// A final disconnect goes with every packet until the spectator
	// acknowledged its frame: any packet reaching that frame carries it.
	for p := range s.players {
		if s.discFinal[p] && e.ack < s.discFrame[p] {
			pk.disc[pk.ndisc] = discEntry{player: uint8(p), frame: s.discFrame[p], agreed: agreeFinal}
			pk.ndisc++
		}
	}
	pk.base = [MaxPlayers]byte{}
	if pk.start > 0 {
		for p := range s.players {
			pk.base[p], _ = s.input(p, pk.start-1)
		}
	}
	for i := range pk.count {
		f := pk.start + int32(i)
		for p := range s.players {
			pk.inputs[i*s.players+p], _ = s.input(p, f)
		}
	}
	var err error
	if s.buf, err = pk.Append(s.buf[:0]); err != nil {
		return
	}
	s.sendTo(now, e, s.buf)
}

func (s *P2PSession[S]) keepalive(now time.Duration, e *endpoint) {
	if now-e.lastSend < keepaliveInterval {
		return
	}
	s.buf = appendEmpty(s.buf[:0], typeKeepalive)
	s.sendTo(now, e, s.buf)
}

func (s *P2PSession[S]) sendTo(now time.Duration, e *endpoint, b []byte) {
	e.lastSend = now
	e.stats.PacketsSent++
	e.stats.BytesSent += uint64(len(b))
	s.transport.Send(e.peer, b)
}

// Leave tells every peer this session is leaving, so they disconnect it at
// once instead of waiting for the timeout.
func (s *P2PSession[S]) Leave(now time.Duration) {
	for i := range s.peers {
		e := &s.peers[i]
		if !e.disconnected {
			s.buf = appendEmpty(s.buf[:0], typeDisconnect)
			s.sendTo(now, e, s.buf)
		}
	}
}
