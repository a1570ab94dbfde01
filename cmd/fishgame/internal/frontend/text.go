package frontend

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/ebitenutil"
)

// Glyph cell of Ebitengine's built-in debug font.
const (
	glyphWidth  = 6
	glyphHeight = 16
)

// textDrawer prints coloured text with Ebitengine's built-in bitmap font.
type textDrawer struct {
	scratch *ebiten.Image
}

// newTextDrawer makes a drawer for lines of up to ScreenWidth/glyphWidth
// characters.
func newTextDrawer() *textDrawer {
	return &textDrawer{scratch: ebiten.NewImage(ScreenWidth+glyphWidth, glyphHeight)}
}

// textWidth returns the width of s in pixels at scale 1.
func textWidth(s string) int { return len(s) * glyphWidth }

// draw prints s with its top-left corner at x, y, scaled by a whole number,
// in colour c over a one-pixel dark shadow.
func (t *textDrawer) draw(dst *ebiten.Image, s string, x, y, scale int, c color.RGBA) {
	t.scratch.Clear()
	ebitenutil.DebugPrintAt(t.scratch, s, 0, 0)
	src := t.scratch.SubImage(image.Rect(0, 0, textWidth(s)+1, glyphHeight)).(*ebiten.Image)
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

// drawCentered prints s centred horizontally on the screen at y.
func (t *textDrawer) drawCentered(dst *ebiten.Image, s string, y, scale int, c color.RGBA) {
	t.draw(dst, s, (ScreenWidth-textWidth(s)*scale)/2, y, scale, c)
}
