package frontend

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/fishgame/fishgame/game"
)

// worldRenderer draws the map, weapons, bullets and fish of a State.
type worldRenderer struct {
	sprites *sprites
	water   *ebiten.Image
	// tiles holds the tile layer of each map seen, by mapKey: a match
	// rotates through at most game.MaxMaps maps.
	tiles map[string]*ebiten.Image
}

// newWorldRenderer paints the background and the sprites.
func newWorldRenderer() *worldRenderer {
	w := &worldRenderer{sprites: newSprites(), tiles: make(map[string]*ebiten.Image)}
	bg := image.NewRGBA(image.Rect(0, 0, game.WorldWidth, game.WorldHeight))
	for y := range game.WorldHeight {
		c := mix(waterTop, waterBottom, y, game.WorldHeight-1)
		for x := range game.WorldWidth {
			bg.SetRGBA(x, y, c)
		}
	}
	// Light rays from the surface.
	for x := range game.WorldWidth {
		if (x/24)%5 == 1 {
			for y := range 90 {
				if (x+y/3)%24 < 8 {
					c := bg.RGBAAt(x, y)
					bg.SetRGBA(x, y, mix(c, lighten(c, 1), 90-y, 90))
				}
			}
		}
	}
	w.water = ebiten.NewImageFromImage(bg)
	return w
}

// mix blends a into b, i/n of the way.
func mix(a, b color.RGBA, i, n int) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8((int(x)*(n-i) + int(y)*i) / n) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 0xff}
}

// tileImage paints the tiles of m: solid blocks with a mossy top where
// open water is above, one-way platforms as planks on pillars.
func tileImage(m *game.Map) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, game.WorldWidth, game.WorldHeight))
	for row := range game.Rows {
		for col := range game.Cols {
			x0, y0 := col*game.TileSize, row*game.TileSize
			switch m.Tile(col, row) {
			case game.TileSolid:
				open := m.Tile(col, row-1) != game.TileSolid
				for y := range game.TileSize {
					for x := range game.TileSize {
						img.SetRGBA(x0+x, y0+y, solidPixel(col, row, x, y, open))
					}
				}
			case game.TileOneWay:
				for y := range 5 {
					for x := range game.TileSize {
						c := oneWayColor
						if y == 4 || x%8 == 7 {
							c = oneWayShade
						}
						img.SetRGBA(x0+x, y0+y, c)
					}
				}
				// Thin ropes under the plank show it can be passed.
				for y := 5; y < game.TileSize; y += 3 {
					img.SetRGBA(x0+3, y0+y, oneWayShade)
					img.SetRGBA(x0+12, y0+y, oneWayShade)
				}
			}
		}
	}
	return img
}

// solidPixel is the colour of pixel (x, y) of the solid tile at (col, row);
// open says open water is above the tile.
func solidPixel(col, row, x, y int, open bool) color.RGBA {
	switch {
	case open && y < 3 || open && y == 3 && (x*7+col)%5 < 2:
		return solidTop
	case x == game.TileSize-1 || y == game.TileSize-1:
		return solidEdge
	case (x*5+y*3+col+row)%11 == 0:
		return solidSpeck
	}
	return solidColor
}

// draw paints the whole world of s onto dst, shifted by (dx, dy) pixels.
func (w *worldRenderer) draw(dst *ebiten.Image, s *game.State, dx, dy float64) {
	key := mapKey(s)
	tiles, ok := w.tiles[key]
	if !ok {
		tiles = ebiten.NewImageFromImage(tileImage(s.Map()))
		w.tiles[key] = tiles
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(dx, dy)
	dst.DrawImage(w.water, op)
	dst.DrawImage(tiles, op)
	for i := range game.MaxItems {
		it := s.Item(i)
		if it.Weapon != game.WeaponNone {
			w.drawItem(dst, &it, s.Frame(), dx, dy)
		}
	}
	// Bodies first, so living fish are drawn over them.
	for pass := range 2 {
		for slot := range s.Players() {
			f := s.Fish(slot)
			if f.Alive == (pass == 1) {
				w.drawFish(dst, slot, &f, dx, dy)
			}
		}
	}
	for i := range game.MaxBullets {
		b := s.Bullet(i)
		if b.Active {
			drawBullet(dst, &b, dx, dy)
		}
	}
}

// mapKey identifies the map of s for the tile cache.
func mapKey(s *game.State) string {
	return string(rune('0'+s.MapIndex())) + s.Map().Name()
}

// px converts sub-pixels to pixels.
func px(v int32) float64 { return float64(v >> 8) }

// drawFish paints fish f of slot: its pose, facing, held weapon and stun.
func (w *worldRenderer) drawFish(dst *ebiten.Image, slot int, f *game.Fish, dx, dy float64) {
	x, y := px(f.X)+dx, px(f.Y)+dy
	p := poseOf(f)
	if p == poseDead && f.AnimFrames < 48 && f.AnimFrames/4%2 == 0 {
		y-- // the body flops for a moment
	}
	op := &ebiten.DrawImageOptions{}
	if f.Facing < 0 {
		op.GeoM.Scale(-1, 1)
		op.GeoM.Translate(spriteSize, 0)
	}
	op.GeoM.Translate(x-2, y+game.FishHeight-spriteSize)
	dst.DrawImage(w.sprites.fish[slot][p], op)
	if !f.Alive {
		return
	}
	drawTag(dst, slot, float32(x)+game.FishWidth/2-1, float32(y)-8)
	dir := float32(f.Facing)
	front := float32(x) + float32(game.FishWidth)/2 + dir*7
	hand := float32(y) + 9
	switch f.Weapon {
	case game.WeaponGun:
		// Grip, body and barrel pointing the way the fish faces.
		rect(dst, front-1, hand, 2, 3, gunColor)
		rect(dst, min(front, front+dir*6), hand-2, 6, 3, gunColor)
		rect(dst, min(front+dir*6, front+dir*9), hand-2, 3, 1, gunLight)
	case game.WeaponSword:
		if f.Swing > 0 {
			// A swing sweeps the blade from overhead to straight ahead.
			t := float32(game.SwingFrames-int(f.Swing)) / game.SwingFrames
			reach := float32(game.SwordReach)
			ex := front + dir*reach*(0.4+0.6*t)
			ey := hand - (1-t)*(game.SwordAbove+game.FishHeight/2)
			vector.StrokeLine(dst, front, hand, ex, ey, 2, bladeColor, false)
			vector.StrokeLine(dst, front+dir*3, hand-8, ex+dir, ey+2, 1, color.NRGBA{0xff, 0xff, 0xff, 0x60}, false)
		} else {
			rect(dst, front, hand-9, 1, 9, bladeColor)
			rect(dst, front-2, hand-1, 5, 1, hiltColor)
		}
	}
	if f.Stun > 0 {
		for i := range 3 {
			t := (int(f.Stun)/4 + i*3) % 9
			sx := float32(x) + 1 + float32(t)
			rect(dst, sx, float32(y)-5+float32(i%2), 2, 2, textGold)
		}
	}
}

// tagDigits are 3×5 pixel digits 1–4, one string per row.
var tagDigits = [game.MaxPlayers][5]string{
	{".#.", "##.", ".#.", ".#.", "###"},
	{"##.", "..#", ".#.", "#..", "###"},
	{"##.", "..#", ".#.", "..#", "##."},
	{"#.#", "#.#", "###", "..#", "..#"},
}

// drawTag writes the player number of slot above a fish, in its colour with
// a dark outline, so that players tell fish apart by more than colour.
func drawTag(dst *ebiten.Image, slot int, x, y float32) {
	d := tagDigits[slot&3]
	for pass := range 2 {
		for r, row := range d {
			for c := range row {
				if row[c] != '#' {
					continue
				}
				if pass == 0 {
					rect(dst, x+float32(c)-1, y+float32(r)-1, 3, 3, eyePupil)
				} else {
					rect(dst, x+float32(c), y+float32(r), 1, 1, SlotColor(slot))
				}
			}
		}
	}
}

// drawItem paints a weapon lying on the map or flying after a throw.
func (w *worldRenderer) drawItem(dst *ebiten.Image, it *game.Item, frame int32, dx, dy float64) {
	x, y := float32(px(it.X)+dx), float32(px(it.Y)+dy)
	if it.Fresh && it.OnGround && frame%40 < 12 {
		// A fresh weapon glints: a small star above it.
		gx, gy := x+game.ItemWidth/2, y-3
		rect(dst, gx-1, gy, 3, 1, eyeWhite)
		rect(dst, gx, gy-1, 1, 3, eyeWhite)
	}
	flip := it.Thrown && frame/4%2 == 1
	switch it.Weapon {
	case game.WeaponGun:
		if flip {
			rect(dst, x+2, y+1, 8, 3, gunColor)
			rect(dst, x+4, y+4, 3, 3, gunColor)
			break
		}
		rect(dst, x+1, y+2, 9, 3, gunColor)
		rect(dst, x+9, y+2, 3, 1, gunLight)
		rect(dst, x+2, y+5, 3, 3, gunColor)
	case game.WeaponSword:
		if flip {
			rect(dst, x+5, y-2, 1, 10, bladeColor)
			rect(dst, x+3, y+6, 5, 1, hiltColor)
			break
		}
		rect(dst, x+3, y+4, 9, 1, bladeColor)
		rect(dst, x+2, y+2, 1, 5, hiltColor)
		rect(dst, x, y+4, 2, 1, hiltColor)
	}
}

// drawBullet paints a bullet with a short trail.
func drawBullet(dst *ebiten.Image, b *game.Bullet, dx, dy float64) {
	x, y := float32(px(b.X)+dx), float32(px(b.Y)+dy)
	if b.VX > 0 {
		rect(dst, x-7, y, 6, 1, bulletTrail)
	} else {
		rect(dst, x+2, y, 6, 1, bulletTrail)
	}
	rect(dst, x-1, y-1, 3, 2, bulletColor)
}

// rect fills a rectangle without anti-aliasing.
func rect(dst *ebiten.Image, x, y, w, h float32, c color.Color) {
	vector.FillRect(dst, x, y, w, h, c, false)
}
