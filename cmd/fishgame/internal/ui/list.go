package ui

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
)

// RowHeight is the height of a List row.
const RowHeight = 12

// Row is one line of a List.
type Row struct {
	Text string
	// Highlight draws the row in the accent colour (the player's own
	// record).
	Highlight bool
	// Color, when not zero, replaces the text colour.
	Color color.RGBA
}

// List is a scrolling column of rows with a selection that Up and Down
// move; Enter or a click activates the selected row. Up on the first row
// and Down on the last leave the list.
type List struct {
	Rows     []Row
	Rect     image.Rectangle
	Selected int
	top      int
}

// Bounds implements Widget.
func (l *List) Bounds() image.Rectangle { return l.Rect }

// Tick implements Widget.
func (l *List) Tick() {}

func (l *List) visible() int { return max(l.Rect.Dy()/RowHeight, 1) }

// Show scrolls so that row i is visible and selects it.
func (l *List) Show(i int) {
	if len(l.Rows) == 0 {
		return
	}
	l.Selected = min(max(i, 0), len(l.Rows)-1)
	switch {
	case l.Selected < l.top:
		l.top = l.Selected
	case l.Selected >= l.top+l.visible():
		l.top = l.Selected - l.visible() + 1
	}
}

// HandleKey implements Widget.
func (l *List) HandleKey(k Key, _ Input) Handled {
	switch {
	case k == KeyUp && l.Selected > 0:
		l.Show(l.Selected - 1)
	case k == KeyDown && l.Selected < len(l.Rows)-1:
		l.Show(l.Selected + 1)
	case k == KeyEnter && len(l.Rows) > 0:
		return Activated
	default:
		return Ignored
	}
	return Used
}

// Click implements Widget.
func (l *List) Click(p Pointer) Handled {
	i := l.top + (p.Y-l.Rect.Min.Y)/RowHeight
	if i < 0 || i >= len(l.Rows) {
		return Used
	}
	l.Show(i)
	return Activated
}

// Draw implements Widget.
func (l *List) Draw(dst *ebiten.Image, t *Theme, focused bool) {
	for i := l.top; i < len(l.Rows) && i < l.top+l.visible(); i++ {
		r := l.Rows[i]
		y := l.Rect.Min.Y + (i-l.top)*RowHeight
		c := t.Text
		switch {
		case r.Highlight:
			c = t.Accent
			Fill(dst, image.Rect(l.Rect.Min.X, y, l.Rect.Max.X, y+RowHeight), color.RGBA{0x40, 0x34, 0x08, 0xc0})
		case r.Color != (color.RGBA{}):
			c = r.Color
		}
		if focused && i == l.Selected {
			Outline(dst, image.Rect(l.Rect.Min.X, y, l.Rect.Max.X, y+RowHeight), t.Accent)
		}
		t.DrawText(dst, r.Text, l.Rect.Min.X+3, y-2, 1, c)
	}
}
