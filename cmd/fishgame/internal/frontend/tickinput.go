package frontend

import "github.com/fishgame/fishgame/cmd/fishgame/internal/ui"

// tickInput is the menus' input, moved to the current tick once per
// Update.
type tickInput interface {
	ui.Input
	advance(m *SceneManager)
}

// deviceInput reads the keyboard, mouse, gamepads and input method.
type deviceInput struct{ *ui.EbitenInput }

func (d deviceInput) advance(m *SceneManager) {
	d.ToLogical = m.toLogical
	d.Update()
}

// scriptInput plays a ui.Script, for tests and scripted runs.
type scriptInput struct{ *ui.Script }

func (s scriptInput) advance(*SceneManager) { s.Next() }
