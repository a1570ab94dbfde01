package frontend

import (
	"fmt"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
)

// overlayGraph is how many ticks of rollback depth the overlay's graph
// shows; overlayWindow is how long its rates are averaged over.
const (
	overlayGraph  = 120
	overlayWindow = time.Second
)

// netSource is what the network overlay reads from an online match.
type netSource interface {
	Slot() int
	Stats() rollback.Stats
	PeerStats(slot int) (rollback.PeerStats, bool)
	InputDelay() int
}

// peerLine is one remote peer's row of the overlay.
type peerLine struct {
	slot                   int
	path                   string
	rtt                    time.Duration
	ahead                  int
	upKbit, downKbit, loss float64
	gone                   bool
	text                   string
}

// peerCount is a peer's running counters, kept to compute rates.
type peerCount struct{ sent, recv, in, lost uint64 }

// netOverlay is the F3 network overlay: per peer RTT, path, frames ahead,
// bandwidth and loss, the session's rollbacks per second with a graph of
// rollback depth per tick, the input delay, and a DESYNC warning that
// stays once one happened. update samples every tick and refreshes the
// text once per overlayWindow, so drawing allocates nothing.
type netOverlay struct {
	on      bool
	players int

	depth  [overlayGraph]uint8 // resimulated frames per tick, a ring
	next   int
	prevRF uint64 // RollbackFrames at the last tick

	winStart  time.Duration
	started   bool
	winRB     uint64
	winPeers  [rollbackMaxPeers]peerCount
	rollbacks float64 // per second over the last window

	header string
	peers  []peerLine
	desync string
}

// rollbackMaxPeers bounds the slots of a match.
const rollbackMaxPeers = rollback.MaxPlayers

// newNetOverlay returns the (hidden) overlay of a match of players.
func newNetOverlay(players int) *netOverlay { return &netOverlay{players: players} }

// toggle shows or hides the overlay.
func (o *netOverlay) toggle() { o.on = !o.on }

// noteDesync records a desync event for the warning line.
func (o *netOverlay) noteDesync(e rollback.Event) {
	if e.Kind == rollback.EventDesync && o.desync == "" {
		o.desync = fmt.Sprintf("DESYNC WITH P%d AT FRAME %d", e.Peer+1, e.Frame)
	}
}

// update samples src at match time now, once per tick; links returns the
// mesh's link stats (nil without a mesh) and is called only once per
// window, since it asks the ICE agent.
func (o *netOverlay) update(now time.Duration, src netSource, links func() []p2p.LinkStats) {
	st := src.Stats()
	o.depth[o.next] = uint8(min(st.RollbackFrames-o.prevRF, 255))
	o.next = (o.next + 1) % overlayGraph
	o.prevRF = st.RollbackFrames
	if !o.started {
		ls := links()
		o.started, o.winStart, o.winRB = true, now, st.Rollbacks
		o.winPeers = o.counts(src, ls)
		o.refresh(src, st, ls, 0)
		return
	}
	if now-o.winStart < overlayWindow {
		return
	}
	ls := links()
	o.refresh(src, st, ls, now-o.winStart)
	o.winStart, o.winRB = now, st.Rollbacks
	o.winPeers = o.counts(src, ls)
}

// counts returns every peer's counters now.
func (o *netOverlay) counts(src netSource, links []p2p.LinkStats) [rollbackMaxPeers]peerCount {
	var c [rollbackMaxPeers]peerCount
	for slot := range o.players {
		if ps, ok := src.PeerStats(slot); ok {
			c[slot].sent, c[slot].recv = ps.BytesSent, ps.BytesReceived
		}
	}
	for _, l := range links {
		if l.Peer >= 0 && l.Peer < rollbackMaxPeers {
			c[l.Peer].in, c[l.Peer].lost = l.PacketsIn, l.Lost
		}
	}
	return c
}

// refresh rebuilds the overlay's lines from the counters over the window
// of length win (zero for the first sample: no rates yet).
func (o *netOverlay) refresh(src netSource, st rollback.Stats, links []p2p.LinkStats, win time.Duration) {
	secs := win.Seconds()
	if secs > 0 {
		o.rollbacks = float64(st.Rollbacks-o.winRB) / secs
	}
	o.header = fmt.Sprintf("NET F3  FRAME %d  DELAY %dF  ROLLBACKS %.1f/S  MAX %d",
		st.Frame, src.InputDelay(), o.rollbacks, st.MaxRollback)
	now := o.counts(src, links)
	o.peers = o.peers[:0]
	for slot := range o.players {
		ps, ok := src.PeerStats(slot)
		if slot == src.Slot() || !ok {
			continue
		}
		p := peerLine{slot: slot, rtt: ps.RTT, ahead: ps.FramesAhead, gone: ps.Disconnected, path: "?"}
		if l, ok := linkOf(links, slot); ok {
			p.path = pathName(l)
			if p.rtt == 0 {
				p.rtt = l.RTT
			}
		}
		if secs > 0 {
			was := o.winPeers[slot]
			p.upKbit = float64(now[slot].sent-was.sent) * 8 / 1000 / secs
			p.downKbit = float64(now[slot].recv-was.recv) * 8 / 1000 / secs
			if lost, in := now[slot].lost-was.lost, now[slot].in-was.in; lost+in > 0 {
				p.loss = 100 * float64(lost) / float64(lost+in)
			}
		}
		p.text = p.line()
		o.peers = append(o.peers, p)
	}
}

// line formats a peer's row.
func (p peerLine) line() string {
	if p.gone {
		return fmt.Sprintf("P%d  DISCONNECTED", p.slot+1)
	}
	return fmt.Sprintf("P%d %-12s RTT %3dMS AHEAD %+d UP %.1f DN %.1f KBIT/S LOSS %.1f%%",
		p.slot+1, p.path, p.rtt.Milliseconds(), p.ahead, p.upKbit, p.downKbit, p.loss)
}

// linkOf finds the link to slot.
func linkOf(links []p2p.LinkStats, slot int) (p2p.LinkStats, bool) {
	for _, l := range links {
		if l.Peer == slot {
			return l, true
		}
	}
	return p2p.LinkStats{}, false
}

// pathName names how a link's packets travel.
func pathName(l p2p.LinkStats) string {
	switch l.Path {
	case "host":
		return "HOST"
	case "srflx":
		return "SRFLX"
	case "prflx":
		return "PRFLX"
	case "relay":
		return "TURN RELAY"
	case p2p.PathRelay:
		return "SERVER RELAY"
	case "":
		if l.State == p2p.LinkClosed {
			return "CLOSED"
		}
		return "CONNECTING"
	}
	return l.Path
}

// Overlay layout: a panel under the score bar.
const (
	overlayX      = 4
	overlayY      = hudHeight + 4
	overlayW      = ScreenWidth - 8
	overlayLine   = 12
	graphH        = 16 // 2 pixels per frame of depth, 8 frames full
	graphX        = overlayX + 4
	overlayGraphW = 2 * overlayGraph
)

// height returns the overlay panel's height.
func (o *netOverlay) height() int {
	h := 4 + overlayLine*(1+len(o.peers)) + graphH + 6
	if o.desync != "" {
		h += overlayLine
	}
	return h
}

// draw draws the overlay when it is on.
func (o *netOverlay) draw(dst *ebiten.Image, t *textDrawer) {
	if !o.on {
		return
	}
	rect(dst, overlayX, overlayY, overlayW, float32(o.height()), panelColor)
	y := overlayY + 1
	t.draw(dst, o.header, overlayX+4, y-2, 1, textWhite)
	y += overlayLine
	for _, p := range o.peers {
		t.draw(dst, p.text, overlayX+4, y-2, 1, SlotColor(p.slot))
		y += overlayLine
	}
	y += 3
	base := float32(y + graphH)
	rect(dst, graphX, base, overlayGraphW, 1, textDim)
	for i := range overlayGraph {
		d := o.depth[(o.next+i)%overlayGraph]
		if d == 0 {
			continue
		}
		h := float32(min(int(d), graphH/2) * 2)
		c := textDim
		if d >= 8 {
			c = textGold
		}
		rect(dst, float32(graphX+2*i), base-h, 2, h, c)
	}
	t.draw(dst, "ROLLBACK DEPTH", graphX+overlayGraphW+6, y, 1, textDim)
	y += graphH + 3
	if o.desync != "" {
		t.draw(dst, o.desync, overlayX+4, y-2, 1, textError)
	}
}
