package frontend

import (
	"fmt"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/game"
)

// view presents a game State: it turns the State's fresh events into
// effects and sounds and draws the world, the particles and the HUD.
type view struct {
	world  *worldRenderer
	hud    *hud
	fx     *effects
	sound  soundPlayer
	filter *EventFilter
	fresh  []game.Event
	// title is the big caption of a round's first second; titleLeft
	// counts its frames down.
	title     string
	titleLeft int
}

// titleFrames is how long the round caption stays up.
const titleFrames = 75

// newView makes a view playing sounds on sp.
func newView(sp soundPlayer, seed uint64) *view {
	w := newWorldRenderer()
	return &view{
		world:  w,
		hud:    &hud{text: newTextDrawer(), sprites: w.sprites},
		fx:     newEffects(seed),
		sound:  sp,
		filter: NewEventFilter(0),
	}
}

// observe plays the effects of s's last Step that were not played before
// and advances the particles by one frame.
func (v *view) observe(s *game.State) {
	v.fresh = v.filter.Fresh(v.fresh[:0], s.Events())
	react(v.fresh, v.fx, v.sound)
	v.fx.update()
	if v.titleLeft > 0 {
		v.titleLeft--
	}
	for _, e := range v.fresh {
		if e.Kind == game.EventRoundStart {
			v.title, v.titleLeft = fmt.Sprintf("ROUND %d - %s", s.Round()+1, strings.ToUpper(s.Map().Name())), titleFrames
		}
	}
}

// reset forgets the events and effects of the previous match.
func (v *view) reset() {
	v.filter.Reset()
	v.fx.clear()
	v.titleLeft = 0
}

// draw paints s: the shaken world and particles, the score bar and the
// round-end overlay. local is the slot played on this screen online, -1 for
// a local match.
func (v *view) draw(dst *ebiten.Image, s *game.State, local int) {
	dx, dy := v.fx.offset()
	v.world.draw(dst, s, dx, dy)
	v.fx.draw(dst, dx, dy)
	v.hud.drawBar(dst, s, local)
	if s.Phase() == game.PhaseRoundOver {
		v.hud.drawRoundOver(dst, s)
	}
	if v.titleLeft > 0 && s.Phase() == game.PhasePlay {
		v.hud.text.drawCentered(dst, v.title, 40, 2, textWhite)
	}
}
