package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
)

// Toggle is a labelled on/off box (like "Remember me"): Enter, Left,
// Right or a click flips it, which the Form reports as EventChange.
type Toggle struct {
	Label string
	Rect  image.Rectangle
	On    bool
}

// Bounds implements Widget.
func (b *Toggle) Bounds() image.Rectangle { return b.Rect }

// Tick implements Widget.
func (b *Toggle) Tick() {}

// HandleKey implements Widget.
func (b *Toggle) HandleKey(k Key, _ Input) Handled {
	switch k {
	case KeyEnter, KeyLeft, KeyRight:
		b.On = !b.On
		return Changed
	}
	return Ignored
}

// Click implements Widget.
func (b *Toggle) Click(Pointer) Handled {
	b.On = !b.On
	return Changed
}

// Draw implements Widget.
func (b *Toggle) Draw(dst *ebiten.Image, t *Theme, focused bool) {
	c, edge := t.Text, t.Edge
	if focused {
		c, edge = t.Accent, t.Accent
	}
	box := image.Rect(b.Rect.Min.X+4, b.Rect.Min.Y+(b.Rect.Dy()-10)/2, b.Rect.Min.X+14, b.Rect.Min.Y+(b.Rect.Dy()-10)/2+10)
	Fill(dst, box, t.Field)
	Outline(dst, box, edge)
	if b.On {
		Fill(dst, box.Inset(3), t.Accent)
	}
	t.DrawText(dst, b.Label, box.Max.X+6, b.Rect.Min.Y+(b.Rect.Dy()-GlyphHeight)/2, 1, c)
}
