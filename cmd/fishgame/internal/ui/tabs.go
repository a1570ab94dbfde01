package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
)

// Tabs is a row of labels of which one is selected: Left and Right (or a
// click on a label) select another, which the Form reports as EventChange.
type Tabs struct {
	Labels   []string
	Rect     image.Rectangle
	Selected int
}

// Bounds implements Widget.
func (t *Tabs) Bounds() image.Rectangle { return t.Rect }

// Tick implements Widget.
func (t *Tabs) Tick() {}

// tab returns the rectangle of label i.
func (t *Tabs) tab(i int) image.Rectangle {
	n := max(len(t.Labels), 1)
	w := t.Rect.Dx() / n
	return image.Rect(t.Rect.Min.X+i*w, t.Rect.Min.Y, t.Rect.Min.X+(i+1)*w, t.Rect.Max.Y)
}

// Select selects label i (clamped) and reports whether that changed the
// selection.
func (t *Tabs) Select(i int) bool {
	i = min(max(i, 0), len(t.Labels)-1)
	if i == t.Selected {
		return false
	}
	t.Selected = i
	return true
}

// HandleKey implements Widget.
func (t *Tabs) HandleKey(k Key, _ Input) Handled {
	d := 0
	switch k {
	case KeyLeft:
		d = -1
	case KeyRight:
		d = 1
	default:
		return Ignored
	}
	if t.Select(t.Selected + d) {
		return Changed
	}
	return Used
}

// Click implements Widget.
func (t *Tabs) Click(p Pointer) Handled {
	for i := range t.Labels {
		if p.At(t.tab(i)) {
			if t.Select(i) {
				return Changed
			}
		}
	}
	return Used
}

// Draw implements Widget.
func (t *Tabs) Draw(dst *ebiten.Image, th *Theme, focused bool) {
	for i, l := range t.Labels {
		r := t.tab(i).Inset(1)
		c, edge := th.Dim, th.Edge
		if i == t.Selected {
			c = th.Text
			Fill(dst, r, th.Field)
			if focused {
				c, edge = th.Accent, th.Accent
			}
		}
		Outline(dst, r, edge)
		th.DrawTextCentered(dst, l, r, r.Min.Y+(r.Dy()-GlyphHeight)/2, 1, c)
	}
}
