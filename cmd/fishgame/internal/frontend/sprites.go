package frontend

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/game"
)

// spriteSize is the width and height of a fish sprite. The sprite's bottom
// row is the hitbox's bottom row and it sticks out 2 px on each side.
const spriteSize = 16

// pose is one drawing of a fish.
type pose uint8

const (
	poseIdle pose = iota
	poseRunA
	poseRunB
	poseJump
	poseFall
	poseGlide
	poseDead
	poseCount
)

// fishBody is a fish facing right, rows 0–12 of the sprite. Legend:
// b body (with the slot's pattern), l belly, f fin, t tail, w eye white,
// p pupil, m mouth, k leg, x closed eye.
var fishBody = [13]string{
	"................",
	"................",
	"......fff.......",
	".....fffff......",
	"....bbbbbbbb....",
	"t..bbbbbbbbbb...",
	"tt.bbbbbbbbwwb..",
	"ttbbbbbbbbbwpbb.",
	"ttbbbbbbbbbbbbbb",
	"tt.lllllllllmmb.",
	"t..llllllllllb..",
	"....lllllllll...",
	"......lllll.....",
}

// glideFins replaces the top rows of the body while gliding: spread fins.
var glideFins = [4]string{
	"..f.........f...",
	"..fff.....fff...",
	"...ffff.ffff....",
	"....fffffff.....",
}

// legs are rows 13–15 of each pose.
var legs = [poseCount][3]string{
	poseIdle:  {"......k...k.....", "......k...k.....", ".....kk..kk....."},
	poseRunA:  {".....k.....k....", "....k.......k...", "...kk.......kk.."},
	poseRunB:  {".......kk.......", "......k..k......", ".....kk..kk....."},
	poseJump:  {".....kk..kk.....", "................", "................"},
	poseFall:  {".....k....k.....", "....k......k....", "....k......k...."},
	poseGlide: {".....kk..kk.....", "................", "................"},
	poseDead:  {"......k...k.....", "......k...k.....", ".....kk..kk....."},
}

// poseGrid returns the 16 rows of pose p.
func poseGrid(p pose) [spriteSize]string {
	var g [spriteSize]string
	copy(g[:13], fishBody[:])
	copy(g[13:], legs[p][:])
	if p == poseGlide {
		copy(g[:4], glideFins[:])
	}
	if p == poseDead {
		for i := range g {
			row := []byte(g[i])
			for j, c := range row {
				if c == 'w' || c == 'p' {
					row[j] = 'x'
				}
			}
			g[i] = string(row)
		}
		// Belly up: flip the rows, then move the body down onto the floor.
		var f [spriteSize]string
		for i := range g {
			f[i] = g[spriteSize-1-i]
		}
		blank := "................"
		for i := range g {
			if i < 2 {
				g[i] = blank
			} else {
				g[i] = f[i-2]
			}
		}
	}
	return g
}

// patterned reports whether body pixel x, y of a sprite wears the pattern.
func patterned(p Pattern, x, y int) bool {
	switch p {
	case PatternBand:
		return x == 8 || x == 9
	case PatternStripes:
		return x%3 == 1 && x > 2
	case PatternSpots:
		return (y == 5 || y == 8) && x%3 == 0 || y == 6 && x%3 == 2 && x < 10
	default:
		return (y == 6 && x%2 == 0 || y == 7 && x%2 == 1) && x < 11
	}
}

// lighten mixes c with white, n/4 of the way.
func lighten(c color.RGBA, n int) color.RGBA {
	mix := func(v uint8) uint8 { return uint8((int(v)*(4-n) + 255*n) / 4) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}

// fishImage paints pose p of the fish in slot, facing right.
func fishImage(slot int, p pose) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, spriteSize, spriteSize))
	body, mark := SlotColor(slot), SlotPatternColor(slot)
	pat := SlotPattern(slot)
	grid := poseGrid(p)
	for y, row := range grid {
		for x := 0; x < len(row); x++ {
			var c color.RGBA
			switch row[x] {
			case 'b':
				// Patterns are defined in upright coordinates.
				py := y
				if p == poseDead {
					py = spriteSize + 1 - y
				}
				c = body
				if patterned(pat, x, py) {
					c = mark
				}
			case 'l':
				c = lighten(body, 2)
			case 'f', 't':
				c = mark
			case 'w':
				c = eyeWhite
			case 'p', 'm', 'x':
				c = eyePupil
			case 'k':
				c = legColor
			default:
				continue
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// sprites holds the generated images of every slot and pose.
type sprites struct {
	fish [game.MaxPlayers][poseCount]*ebiten.Image
	icon [game.MaxPlayers]*ebiten.Image
}

// newSprites paints every fish pose into images.
func newSprites() *sprites {
	s := &sprites{}
	for slot := range s.fish {
		for p := range poseCount {
			s.fish[slot][p] = ebiten.NewImageFromImage(fishImage(slot, p))
		}
		s.icon[slot] = s.fish[slot][poseIdle]
	}
	return s
}

// poseOf chooses the pose for f's animation state.
func poseOf(f *game.Fish) pose {
	switch f.Anim() {
	case game.AnimRun:
		if f.AnimFrames/6%2 == 0 {
			return poseRunA
		}
		return poseRunB
	case game.AnimJump:
		return poseJump
	case game.AnimFall:
		return poseFall
	case game.AnimGlide:
		return poseGlide
	case game.AnimDead:
		return poseDead
	default:
		return poseIdle
	}
}
