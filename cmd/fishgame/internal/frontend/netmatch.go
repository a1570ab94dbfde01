package frontend

import (
	"fmt"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// bannerFrames is how long a session message stays on screen.
const bannerFrames = 180

// netMatchScene plays a connected online match: one rollback tick per
// Update with the local player's input (player 1 keys, player 2 keys or the
// first gamepad). Effects play only for first-seen frames, so rollbacks
// never replay a sound. Esc opens a menu while the match goes on. At the
// match's end Esc leaves, but not before the end is final and the result
// on its way to the leaderboard, unless pressed twice.
type netMatchScene struct {
	online   *OnlineMatch
	view     *view
	controls controls
	menu     bool
	leaving  bool // Esc at the end: leave once the result is reported

	banner      string
	bannerLeft  int
	disconnects [game.MaxPlayers]bool
	ticks       int
	ping        string
	overlay     *netOverlay // F3
}

// newNetMatchScene starts drawing the connected match o with v.
func newNetMatchScene(o *OnlineMatch, v *view) *netMatchScene {
	v.observe(o.game.State()) // the first round's start
	n := &netMatchScene{online: o, view: v, overlay: newNetOverlay(o.match.Players())}
	n.controls.keys = &o.cfg.Keys
	return n
}

// Update implements Scene.
func (n *netMatchScene) Update(*SceneManager) error {
	o := n.online
	g := o.game
	_, over := g.State().Winner()
	if !over {
		n.leaving = false // the end was a prediction, undone by a rollback
	}
	if n.controls.menuPressed() {
		if over && (n.leaving || o.board != nil) {
			o.leave()
			return ebiten.Termination
		}
		if over {
			n.leaving = true
		} else {
			n.menu = !n.menu
		}
	}
	if n.menu && inpututil.IsKeyJustPressed(ebiten.KeyQ) {
		o.leave()
		return ebiten.Termination
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyF3) {
		n.overlay.toggle()
	}
	var in game.Input
	if !n.menu {
		in = n.controls.read(0, 1)
	}
	var err error
	o.recv.do(func() {
		if err = g.Tick(o.now(), in); err == nil {
			o.reportResult()
			n.overlay.update(o.now(), g, o.match.Links)
		}
	})
	if err != nil {
		return fmt.Errorf("online match: %w", err)
	}
	if n.leaving && o.board != nil {
		o.leave()
		return ebiten.Termination
	}
	// Tick advances at most one new frame; the State's events are that
	// frame's, or the last frame's again while time sync holds this peer
	// back. The filter passes each event once.
	n.view.observe(g.State())
	for _, e := range g.Events() {
		n.sessionEvent(e)
	}
	if n.bannerLeft > 0 {
		n.bannerLeft--
	}
	if n.ticks++; n.ticks%30 == 1 {
		o.recv.do(func() { n.ping = n.pingText() })
	}
	return nil
}

// sessionEvent shows what the rollback session reports about the peers.
func (n *netMatchScene) sessionEvent(e rollback.Event) {
	log := n.online.log
	switch e.Kind {
	case rollback.EventInterrupted:
		n.show(fmt.Sprintf("P%d NOT RESPONDING - DROPPED IN %.0fS", e.Peer+1, e.DisconnectIn.Seconds()))
	case rollback.EventResumed:
		n.show(fmt.Sprintf("P%d IS BACK", e.Peer+1))
	case rollback.EventDisconnected:
		if e.Player >= 0 && e.Player < game.MaxPlayers {
			n.disconnects[e.Player] = true
		}
		n.show(fmt.Sprintf("P%d LEFT THE MATCH", e.Peer+1))
		log.Warn("online: peer disconnected", "peer", e.Peer, "frame", e.Frame)
	case rollback.EventDesync:
		n.overlay.noteDesync(e)
		n.show(fmt.Sprintf("DESYNC WITH P%d AT FRAME %d", e.Peer+1, e.Frame))
		log.Error("online: desync", "peer", e.Peer, "frame", e.Frame,
			"local", fmt.Sprintf("%#016x", e.Local), "remote", fmt.Sprintf("%#016x", e.Remote))
	}
}

// show puts msg in the banner for a few seconds.
func (n *netMatchScene) show(msg string) {
	n.banner, n.bannerLeft = msg, bannerFrames
}

// pingText sums up the links: the worst round-trip time to a live peer.
func (n *netMatchScene) pingText() string {
	g := n.online.game
	var worst time.Duration
	measured := false
	for slot := range n.online.match.Players() {
		st, ok := g.PeerStats(slot)
		if slot == g.Slot() || !ok || st.Disconnected || st.RTTSamples == 0 {
			continue
		}
		worst, measured = max(worst, st.RTT), true
	}
	if !measured {
		return ""
	}
	return fmt.Sprintf("PING %dMS", worst.Milliseconds())
}

// Draw implements Scene.
func (n *netMatchScene) Draw(dst *ebiten.Image) {
	s := n.online.game.State()
	n.view.draw(dst, s, n.online.game.Slot())
	for slot, gone := range n.disconnects {
		if gone {
			n.view.hud.drawLeftTag(dst, slot)
		}
	}
	if n.ping != "" {
		n.view.hud.text.draw(dst, n.ping, ScreenWidth-textWidth(n.ping)-5, ScreenHeight-16, 1, textDim)
	}
	n.overlay.draw(dst, n.view.hud.text)
	switch {
	case n.menu:
		n.view.hud.drawMenu(dst, "MENU", "THE MATCH GOES ON", "ESC  BACK TO THE GAME", "Q    LEAVE THE MATCH")
	case s.Phase() == game.PhaseMatchOver:
		footer := "ESC: LEAVE"
		if n.leaving {
			footer = "LEAVING ONCE THE RESULT IS IN - ESC: NOW"
		}
		n.view.hud.drawMatchOver(dst, s, boardLines(n.online.leaderboard()), footer)
	}
	if n.bannerLeft > 0 {
		n.view.hud.drawBanner(dst, n.banner, textGold)
	}
}
