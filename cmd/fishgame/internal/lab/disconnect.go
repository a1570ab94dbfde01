package lab

import (
	"fmt"
	"time"
)

// Why a peer's session dropped another peer.
const (
	// ReasonTimeout: the dropped peer was silent for the session's timeout.
	ReasonTimeout = "timeout"
	// ReasonGoodbye: the dropped peer said it was leaving.
	ReasonGoodbye = "goodbye"
	// ReasonReported: this session still heard from it, but a peer said
	// it was out (another peer that dropped it, or the peer itself, having
	// dropped this one).
	ReasonReported = "reported"
)

// Disconnect is one peer's session dropping another player.
type Disconnect struct {
	// Player is the player dropped, By the peer whose session dropped it.
	Player int `json:"player"`
	By     int `json:"by"`
	// Frame is the first frame the player is out of By's match: the frame
	// the remaining peers agreed on, or, until they agree, the frame after
	// the player's last input By received.
	Frame int32 `json:"frame"`
	// Reason is ReasonTimeout, ReasonGoodbye or ReasonReported.
	Reason string `json:"reason"`
	// InterruptedMS is how long By had the link interrupted (silent past
	// the notify interval) before dropping it.
	InterruptedMS float64 `json:"interrupted_ms"`
	// AtMS is the match time of the drop.
	AtMS float64 `json:"at_ms"`
}

func (d Disconnect) String() string {
	s := fmt.Sprintf("player %d dropped by peer %d from frame %d: %s", d.Player, d.By, d.Frame, d.Reason)
	if d.InterruptedMS > 0 {
		s += fmt.Sprintf(" after %.1f s interrupted", d.InterruptedMS/1000)
	}
	return s
}

// Interruptions sums the times a link went silent past the notify
// interval, over every peer's view of every other peer, whether it resumed
// or was dropped.
type Interruptions struct {
	Count   int     `json:"count"`
	TotalMS float64 `json:"total_ms"`
}

// linkWatch follows what one peer's session says of one remote peer.
type linkWatch struct {
	interrupted bool
	since       time.Duration // start of the current interruption
	count       int
	total       time.Duration // of the interruptions that ended
	dropped     bool
}

// watchLinks notes, at now, every remote peer that this peer's session
// found interrupted, resumed or dropped since the last call. peers are the
// match's peers by slot (each plays the player of its slot), to tell a
// goodbye from a drop reported by another peer.
func (p *peer) watchLinks(now time.Duration, peers []*peer) {
	for q, other := range peers {
		w := &p.links[q]
		if q == p.slot || w.dropped {
			continue
		}
		st, ok := p.sess.PeerStats(q)
		if !ok {
			continue
		}
		if st.Interrupted && !w.interrupted {
			w.interrupted, w.since = true, now
			w.count++
		}
		if !st.Disconnected {
			if !st.Interrupted && w.interrupted {
				w.interrupted = false
				w.total += now - w.since
			}
			continue
		}
		w.dropped = true
		d := Disconnect{Player: q, By: p.slot, Frame: p.sess.PlayerConfirmed(q) + 1, Reason: ReasonReported, AtMS: ms(now)}
		switch {
		case w.interrupted:
			d.Reason, d.InterruptedMS = ReasonTimeout, ms(now-w.since)
			w.interrupted = false
			w.total += now - w.since
		case other.left:
			d.Reason = ReasonGoodbye
		}
		p.drops = append(p.drops, d)
	}
}

// agreed sets the frame the remaining peers agreed player is out from.
func (p *peer) agreed(player int, frame int32) {
	for i := range p.drops {
		if p.drops[i].Player == player {
			p.drops[i].Frame = frame
		}
	}
}

// interruptions sums p's links' interruptions up to now, counting the
// ones still going on.
func (p *peer) interruptions(now time.Duration) (n int, total time.Duration) {
	for _, w := range p.links {
		n += w.count
		total += w.total
		if w.interrupted {
			total += now - w.since
		}
	}
	return n, total
}

// droppedBy reports whether any peer's session dropped p.
func (p *peer) droppedBy(peers []*peer) bool {
	for _, o := range peers {
		if o != p && o.links[p.slot].dropped {
			return true
		}
	}
	return false
}

func ms(d time.Duration) float64 { return round2(float64(d) / float64(time.Millisecond)) }
