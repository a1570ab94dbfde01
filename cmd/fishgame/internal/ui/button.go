package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
)

// Button is a labelled box that Enter or a click presses.
type Button struct {
	Label string
	Rect  image.Rectangle
	// Disabled buttons are drawn dim and do nothing.
	Disabled bool
}

// Bounds implements Widget.
func (b *Button) Bounds() image.Rectangle { return b.Rect }

// Tick implements Widget.
func (b *Button) Tick() {}

// HandleKey implements Widget: Enter presses the button.
func (b *Button) HandleKey(k Key, _ Input) Handled {
	if k == KeyEnter {
		return b.press()
	}
	return Ignored
}

// Click implements Widget.
func (b *Button) Click(Pointer) Handled { return b.press() }

func (b *Button) press() Handled {
	if b.Disabled {
		return Used
	}
	return Activated
}

// Draw implements Widget.
func (b *Button) Draw(dst *ebiten.Image, t *Theme, focused bool) {
	fill, edge, c := t.Field, t.Edge, t.Text
	switch {
	case b.Disabled:
		c = t.Dim
	case focused:
		edge, c = t.Accent, t.Accent
	}
	Fill(dst, b.Rect, fill)
	Outline(dst, b.Rect, edge)
	label := b.Label
	if focused && !b.Disabled {
		label = "> " + label + " <"
	}
	t.DrawTextCentered(dst, label, b.Rect, b.Rect.Min.Y+(b.Rect.Dy()-GlyphHeight)/2, 1, c)
}

// Column returns n rectangles w×h stacked from (x, y) with gap pixels
// between them, for a column of buttons.
func Column(x, y, w, h, gap, n int) []image.Rectangle {
	out := make([]image.Rectangle, n)
	for i := range out {
		top := y + i*(h+gap)
		out[i] = image.Rect(x, top, x+w, top+h)
	}
	return out
}
