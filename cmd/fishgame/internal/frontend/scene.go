package frontend

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
)

// Scene is one screen of the game. Update runs once per tick (60 a second)
// and may switch scenes through m or end the run by returning
// ebiten.Termination; Draw paints the ScreenWidth×ScreenHeight logical
// screen.
type Scene interface {
	Update(m *SceneManager) error
	Draw(dst *ebiten.Image)
}

// SceneManager holds the current scene and switches to the next one between
// ticks.
type SceneManager struct {
	current Scene
	next    Scene
	// screen is the size of the window's screen in device pixels, as
	// Layout last gave it.
	screen image.Point
}

// GoTo makes s the current scene from the next tick on.
func (m *SceneManager) GoTo(s Scene) { m.next = s }

// Current returns the scene being shown.
func (m *SceneManager) Current() Scene { return m.current }

// update runs one tick of the current scene, switching first if asked.
func (m *SceneManager) update() error {
	if m.next != nil {
		m.current, m.next = m.next, nil
	}
	return m.current.Update(m)
}

// toLogical maps a cursor position on the window's screen to the logical
// screen, the way app.Draw scales it; ok is false outside the picture.
func (m *SceneManager) toLogical(x, y int) (lx, ly int, ok bool) {
	scale := max(min(m.screen.X/ScreenWidth, m.screen.Y/ScreenHeight), 1)
	lx = (x - (m.screen.X-ScreenWidth*scale)/2) / scale
	ly = (y - (m.screen.Y-ScreenHeight*scale)/2) / scale
	return lx, ly, lx >= 0 && ly >= 0 && lx < ScreenWidth && ly < ScreenHeight
}
