package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
)

// Handled is what a widget did with a key or a click.
type Handled uint8

const (
	// Ignored leaves the key to the Form (focus moves, Enter, Esc).
	Ignored Handled = iota
	// Used means the widget consumed it.
	Used
	// Activated means the widget was pressed: a button, a list row.
	Activated
	// Changed means the widget's value changed: another tab.
	Changed
)

// Widget is one focusable element of a Form.
type Widget interface {
	// Bounds returns where the widget is on the logical screen.
	Bounds() image.Rectangle
	// HandleKey handles k while the widget has the focus.
	HandleKey(k Key, in Input) Handled
	// Click handles a click inside Bounds; the widget has the focus.
	Click(p Pointer) Handled
	// Tick runs once per Update while the widget is in a Form.
	Tick()
	// Draw paints the widget.
	Draw(dst *ebiten.Image, t *Theme, focused bool)
}

// textWidget is a widget that takes typed text.
type textWidget interface {
	Widget
	insert(s string)
	setComposing(s string)
}
