package ui

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/ebitenutil"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

// Glyph cell of Ebitengine's built-in bitmap font.
const (
	// GlyphWidth is the advance of one character at scale 1.
	GlyphWidth = 6
	// GlyphHeight is the height of a line at scale 1.
	GlyphHeight = 16
)

// Theme is how widgets look: colours and the font. Its zero value is not
// usable; use NewTheme.
type Theme struct {
	// Text is ordinary text, Dim secondary text, Accent the focus and
	// highlighted rows, Error error lines.
	Text, Dim, Accent, Error color.RGBA
	// Panel fills boxes; Field fills text fields and buttons; Edge outlines
	// them.
	Panel, Field, Edge color.RGBA

	scratch *ebiten.Image
}

// NewTheme returns the game's theme: white and grey text, gold focus, on
// dark blue panels.
func NewTheme() *Theme {
	return &Theme{
		Text:    color.RGBA{0xff, 0xff, 0xff, 0xff},
		Dim:     color.RGBA{0xa8, 0xb4, 0xc4, 0xff},
		Accent:  color.RGBA{0xff, 0xd7, 0x40, 0xff},
		Error:   color.RGBA{0xff, 0x78, 0x64, 0xff},
		Panel:   color.RGBA{0x00, 0x08, 0x14, 0xd8},
		Field:   color.RGBA{0x10, 0x22, 0x38, 0xff},
		Edge:    color.RGBA{0x50, 0x64, 0x7c, 0xff},
		scratch: ebiten.NewImage(1024, GlyphHeight),
	}
}

// TextWidth returns the width of s in pixels at scale 1.
func TextWidth(s string) int { return len([]rune(s)) * GlyphWidth }

// DrawText prints s with its top-left corner at x, y, scaled by a whole
// number, in colour c over a one-pixel shadow. Characters the font lacks
// print as '?'.
func (t *Theme) DrawText(dst *ebiten.Image, s string, x, y, scale int, c color.RGBA) {
	s = printable(s)
	t.scratch.Clear()
	ebitenutil.DebugPrintAt(t.scratch, s, 0, 0)
	w := min(TextWidth(s)+1, t.scratch.Bounds().Dx())
	src := t.scratch.SubImage(image.Rect(0, 0, w, GlyphHeight)).(*ebiten.Image)
	for _, pass := range [2]struct {
		off int
		c   color.RGBA
	}{{scale, color.RGBA{0, 0, 0, 0xc0}}, {0, c}} {
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Scale(float64(scale), float64(scale))
		op.GeoM.Translate(float64(x+pass.off), float64(y+pass.off))
		op.ColorScale.ScaleWithColor(pass.c)
		dst.DrawImage(src, op)
	}
}

// DrawTextCentered prints s centred horizontally in r at y.
func (t *Theme) DrawTextCentered(dst *ebiten.Image, s string, r image.Rectangle, y, scale int, c color.RGBA) {
	t.DrawText(dst, s, r.Min.X+(r.Dx()-TextWidth(s)*scale)/2, y, scale, c)
}

// Fill paints r with c.
func Fill(dst *ebiten.Image, r image.Rectangle, c color.Color) {
	vector.FillRect(dst, float32(r.Min.X), float32(r.Min.Y), float32(r.Dx()), float32(r.Dy()), c, false)
}

// Outline draws a one-pixel frame inside r.
func Outline(dst *ebiten.Image, r image.Rectangle, c color.Color) {
	vector.StrokeRect(dst, float32(r.Min.X)+0.5, float32(r.Min.Y)+0.5, float32(r.Dx()-1), float32(r.Dy()-1), 1, c, false)
}

// DrawPanel fills r with the panel colour and outlines it.
func (t *Theme) DrawPanel(dst *ebiten.Image, r image.Rectangle) {
	Fill(dst, r, t.Panel)
	Outline(dst, r, t.Edge)
}

// printable replaces what the bitmap font cannot draw with '?'.
func printable(s string) string {
	for _, r := range s {
		if r < ' ' || r > '~' {
			return mapRunes(s)
		}
	}
	return s
}

func mapRunes(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r < ' ' || r > '~' {
			out[i] = '?'
		}
	}
	return string(out)
}
