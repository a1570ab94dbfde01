package frontend

import "github.com/hajimehoshi/ebiten/v2"

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
