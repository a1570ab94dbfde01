package ui

import "image"

// Key is a navigation or editing key, already mapped from the device: a
// gamepad's d-pad gives the arrows, its A button KeyEnter and B KeyBack.
type Key uint8

// The keys a Form and its widgets understand.
const (
	KeyNone Key = iota
	KeyUp
	KeyDown
	KeyLeft
	KeyRight
	// KeyTab moves the focus forward, KeyBackTab (Shift-Tab) backward.
	KeyTab
	KeyBackTab
	// KeyEnter activates the focused widget; in a text field it submits the
	// form.
	KeyEnter
	// KeyBack is Esc (or a gamepad's B): leave the screen.
	KeyBack
	KeyBackspace
	KeyDelete
	KeyHome
	KeyEnd
	// KeyPaste is Ctrl-V or Shift-Insert: the focused field inserts the
	// clipboard's text.
	KeyPaste
)

// Pointer is the mouse in logical screen pixels.
type Pointer struct {
	// X, Y is the position; In is false while the mouse is outside the
	// logical screen.
	X, Y int
	In   bool
	// Clicked reports a left click (press) this tick.
	Clicked bool
}

// At reports whether the pointer is inside r.
func (p Pointer) At(r image.Rectangle) bool { return p.In && image.Pt(p.X, p.Y).In(r) }

// Input is one tick of the player's input, as a Form consumes it.
type Input interface {
	// Keys returns the keys that went down this tick (auto-repeat
	// included), in order.
	Keys() []Key
	// Text returns the text typed (committed by the input method) this
	// tick.
	Text() string
	// Composing returns the input method's uncommitted text, shown after
	// the caret of the focused field.
	Composing() string
	// Pointer returns the mouse.
	Pointer() Pointer
	// Clipboard returns the clipboard's text for KeyPaste, or "" where the
	// platform gives none.
	Clipboard() string
}

// TextTarget is implemented by an Input that needs to know where the
// focused text field is (to place the input method's window) and whether
// one is focused at all.
type TextTarget interface {
	// FocusText says a text field at r has the focus this tick; it is
	// called before the Input is read for the tick.
	FocusText(r image.Rectangle)
	// BlurText says no text field has the focus.
	BlurText()
}
