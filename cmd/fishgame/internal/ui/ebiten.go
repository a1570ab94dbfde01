package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/exp/textinput"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// Key repeat of held editing keys, in ticks: the first repeat after
// repeatDelay, then one every repeatEvery.
const (
	repeatDelay = 30
	repeatEvery = 4
)

// stickThreshold is how far a stick must lean to count as a d-pad press.
const stickThreshold = 0.5

// EbitenInput reads the keyboard, the mouse, the connected standard
// gamepads and the input method. Call Update once per tick, before the
// Form reads it.
type EbitenInput struct {
	// ToLogical maps a cursor position in the window's device pixels to
	// the logical screen; nil means they are the same.
	ToLogical func(x, y int) (lx, ly int, ok bool)

	keys    []Key
	pointer Pointer
	field   textinput.Field
	text    string
	comp    string
	focused bool
	pads    []ebiten.GamepadID
	stick   map[ebiten.GamepadID]Key
	pressed []ebiten.Key
}

// Update reads this tick's keys and pointer.
func (e *EbitenInput) Update() {
	e.keys = e.keys[:0]
	shift := ebiten.IsKeyPressed(ebiten.KeyShift)
	ctrl := ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta)
	for _, m := range [...]struct {
		k      ebiten.Key
		key    Key
		repeat bool
	}{
		{ebiten.KeyArrowUp, KeyUp, true}, {ebiten.KeyArrowDown, KeyDown, true},
		{ebiten.KeyArrowLeft, KeyLeft, true}, {ebiten.KeyArrowRight, KeyRight, true},
		{ebiten.KeyTab, KeyTab, true}, {ebiten.KeyEnter, KeyEnter, false}, {ebiten.KeyNumpadEnter, KeyEnter, false},
		{ebiten.KeyEscape, KeyBack, false}, {ebiten.KeyBackspace, KeyBackspace, true},
		{ebiten.KeyDelete, KeyDelete, true}, {ebiten.KeyHome, KeyHome, false}, {ebiten.KeyEnd, KeyEnd, false},
	} {
		d := inpututil.KeyPressDuration(m.k)
		if d != 1 && !(m.repeat && d >= repeatDelay && (d-repeatDelay)%repeatEvery == 0) {
			continue
		}
		key := m.key
		if key == KeyTab && shift {
			key = KeyBackTab
		}
		e.keys = append(e.keys, key)
	}
	if (ctrl && inpututil.IsKeyJustPressed(ebiten.KeyV)) || (shift && inpututil.IsKeyJustPressed(ebiten.KeyInsert)) {
		e.keys = append(e.keys, KeyPaste)
	}
	e.readPads()
	x, y := ebiten.CursorPosition()
	in := true
	if e.ToLogical != nil {
		x, y, in = e.ToLogical(x, y)
	}
	e.pointer = Pointer{X: x, Y: y, In: in, Clicked: in && inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)}
	if !e.focused {
		e.field.Blur()
	}
	e.focused = false
}

// readPads maps every standard gamepad's d-pad, left stick, A, B and
// Start to keys.
func (e *EbitenInput) readPads() {
	e.pads = ebiten.AppendGamepadIDs(e.pads[:0])
	for _, id := range e.pads {
		if !ebiten.IsStandardGamepadLayoutAvailable(id) {
			continue
		}
		for _, m := range [...]struct {
			b   ebiten.StandardGamepadButton
			key Key
		}{
			{ebiten.StandardGamepadButtonLeftTop, KeyUp}, {ebiten.StandardGamepadButtonLeftBottom, KeyDown},
			{ebiten.StandardGamepadButtonLeftLeft, KeyLeft}, {ebiten.StandardGamepadButtonLeftRight, KeyRight},
			{ebiten.StandardGamepadButtonRightBottom, KeyEnter}, {ebiten.StandardGamepadButtonCenterRight, KeyEnter},
			{ebiten.StandardGamepadButtonRightRight, KeyBack},
			{ebiten.StandardGamepadButtonFrontBottomLeft, KeyBackTab}, {ebiten.StandardGamepadButtonFrontBottomRight, KeyTab},
		} {
			if inpututil.IsStandardGamepadButtonJustPressed(id, m.b) {
				e.keys = append(e.keys, m.key)
			}
		}
		sx := ebiten.StandardGamepadAxisValue(id, ebiten.StandardGamepadAxisLeftStickHorizontal)
		sy := ebiten.StandardGamepadAxisValue(id, ebiten.StandardGamepadAxisLeftStickVertical)
		dir := KeyNone
		switch {
		case sy < -stickThreshold:
			dir = KeyUp
		case sy > stickThreshold:
			dir = KeyDown
		case sx < -stickThreshold:
			dir = KeyLeft
		case sx > stickThreshold:
			dir = KeyRight
		}
		if e.stick == nil {
			e.stick = make(map[ebiten.GamepadID]Key)
		}
		if dir != KeyNone && e.stick[id] != dir {
			e.keys = append(e.keys, dir) // a press when the stick leans into a new direction
		}
		e.stick[id] = dir
	}
}

// Keys implements Input.
func (e *EbitenInput) Keys() []Key { return e.keys }

// Pointer implements Input.
func (e *EbitenInput) Pointer() Pointer { return e.pointer }

// FocusText implements TextTarget: the input method writes into the
// field at r.
func (e *EbitenInput) FocusText(r image.Rectangle) {
	e.focused = true
	if !e.field.IsFocused() {
		e.field.Focus()
	}
	if _, err := e.field.HandleInputWithBounds(r); err != nil {
		return
	}
	if t := e.field.Text(); t != "" {
		e.text += t
		e.field.SetTextAndSelection("", 0, 0)
	}
	e.comp = e.field.TextForRendering()
}

// BlurText implements TextTarget.
func (e *EbitenInput) BlurText() {
	e.field.Blur()
	e.text, e.comp = "", ""
}

// Text implements Input: the text committed since it was last read.
func (e *EbitenInput) Text() string {
	t := e.text
	e.text = ""
	return t
}

// Composing implements Input.
func (e *EbitenInput) Composing() string { return e.comp }

// Clipboard implements Input through the platform's clipboard program.
func (e *EbitenInput) Clipboard() string { return systemClipboard() }
