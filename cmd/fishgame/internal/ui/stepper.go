package ui

import (
	"image"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
)

// Stepper is a labelled whole number between Min and Max: Left and Right,
// or a click on the left or right half of its value, change it by one,
// which the Form reports as EventChange.
type Stepper struct {
	Label string
	Rect  image.Rectangle
	// Min, Max bound Value.
	Min, Max, Value int
	// Format, when set, shows the value ("50%", "3X").
	Format func(int) string
}

// Bounds implements Widget.
func (s *Stepper) Bounds() image.Rectangle { return s.Rect }

// Tick implements Widget.
func (s *Stepper) Tick() {}

// step moves the value by d within Min..Max.
func (s *Stepper) step(d int) Handled {
	v := min(max(s.Value+d, s.Min), s.Max)
	if v == s.Value {
		return Used
	}
	s.Value = v
	return Changed
}

// HandleKey implements Widget.
func (s *Stepper) HandleKey(k Key, _ Input) Handled {
	switch k {
	case KeyLeft:
		return s.step(-1)
	case KeyRight:
		return s.step(1)
	}
	return Ignored
}

// valueRect is where the value and its arrows are drawn: the right half.
func (s *Stepper) valueRect() image.Rectangle {
	r := s.Rect
	r.Min.X = r.Max.X - r.Dx()/2
	return r
}

// Click implements Widget: left of the value's centre lowers it, right of
// it raises it.
func (s *Stepper) Click(p Pointer) Handled {
	v := s.valueRect()
	if p.X < v.Min.X+v.Dx()/2 {
		return s.step(-1)
	}
	return s.step(1)
}

// Text returns the value as shown.
func (s *Stepper) Text() string {
	if s.Format != nil {
		return s.Format(s.Value)
	}
	return strconv.Itoa(s.Value)
}

// Draw implements Widget.
func (s *Stepper) Draw(dst *ebiten.Image, t *Theme, focused bool) {
	c, edge := t.Text, t.Edge
	if focused {
		c, edge = t.Accent, t.Accent
	}
	y := s.Rect.Min.Y + (s.Rect.Dy()-GlyphHeight)/2
	t.DrawText(dst, s.Label, s.Rect.Min.X+4, y, 1, c)
	v := s.valueRect()
	Fill(dst, v, t.Field)
	Outline(dst, v, edge)
	left, right := "<", ">"
	if s.Value <= s.Min {
		left = " "
	}
	if s.Value >= s.Max {
		right = " "
	}
	t.DrawText(dst, left, v.Min.X+4, y, 1, c)
	t.DrawText(dst, right, v.Max.X-4-GlyphWidth, y, 1, c)
	t.DrawTextCentered(dst, s.Text(), v, y, 1, t.Text)
}
