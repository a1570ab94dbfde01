package frontend

import (
	"image/color"

	"github.com/fishgame/fishgame/game"
)

// Logical screen size: the world is 480×272, the screen shows its top 270
// pixel rows.
const (
	// ScreenWidth is the logical screen width in pixels.
	ScreenWidth = 480
	// ScreenHeight is the logical screen height in pixels.
	ScreenHeight = 270
)

// SlotColor returns the body colour of the fish in slot (Okabe–Ito colours,
// which stay apart for the common kinds of colour blindness; each slot also
// has its own pattern, see SlotPattern).
func SlotColor(slot int) color.RGBA {
	switch slot {
	case 0:
		return color.RGBA{0xe6, 0x9f, 0x00, 0xff} // orange
	case 1:
		return color.RGBA{0x56, 0xb4, 0xe9, 0xff} // sky blue
	case 2:
		return color.RGBA{0xf0, 0xe4, 0x42, 0xff} // yellow
	default:
		return color.RGBA{0xcc, 0x79, 0xa7, 0xff} // reddish purple
	}
}

// SlotPatternColor returns the colour of the pattern drawn over the body of
// the fish in slot.
func SlotPatternColor(slot int) color.RGBA {
	switch slot {
	case 0:
		return color.RGBA{0x8a, 0x4b, 0x00, 0xff}
	case 1:
		return color.RGBA{0x1c, 0x4f, 0x8c, 0xff}
	case 2:
		return color.RGBA{0x8c, 0x6d, 0x10, 0xff}
	default:
		return color.RGBA{0x6e, 0x2a, 0x5a, 0xff}
	}
}

// Pattern is the shape mark of a fish, so slots differ by more than hue.
type Pattern uint8

// The patterns, one per slot.
const (
	// PatternBand is one wide vertical band behind the head.
	PatternBand Pattern = iota
	// PatternStripes is thin vertical stripes.
	PatternStripes
	// PatternSpots is a grid of spots.
	PatternSpots
	// PatternZigzag is a horizontal zigzag along the flank.
	PatternZigzag
)

// SlotPattern returns the pattern of the fish in slot.
func SlotPattern(slot int) Pattern { return Pattern(slot & 3) }

// SlotName returns the name shown for the fish in slot, with its pattern
// spelled out for players who cannot tell the colours apart.
func SlotName(slot int) string {
	names := [...]string{"P1 BAND", "P2 STRIPES", "P3 SPOTS", "P4 ZIGZAG"}
	return names[slot&3]
}

// TileColor returns the main colour of tile kind t: the fill of solid
// tiles, the plank of one-way platforms; empty water has no single colour
// and gives transparent.
func TileColor(t game.Tile) color.RGBA {
	switch t {
	case game.TileSolid:
		return solidColor
	case game.TileOneWay:
		return oneWayColor
	default:
		return color.RGBA{}
	}
}

// Colours of the world, never modified.
var (
	waterTop    = color.RGBA{0x0e, 0x3a, 0x5c, 0xff}
	waterBottom = color.RGBA{0x05, 0x14, 0x2a, 0xff}
	solidColor  = color.RGBA{0x5b, 0x4a, 0x3c, 0xff}
	solidEdge   = color.RGBA{0x3a, 0x2e, 0x25, 0xff}
	solidTop    = color.RGBA{0x4f, 0x9a, 0x5a, 0xff}
	solidSpeck  = color.RGBA{0x70, 0x5d, 0x4c, 0xff}
	oneWayColor = color.RGBA{0xc8, 0x9b, 0x5e, 0xff}
	oneWayShade = color.RGBA{0x8a, 0x63, 0x34, 0xff}
	gunColor    = color.RGBA{0x4a, 0x4e, 0x5a, 0xff}
	gunLight    = color.RGBA{0x9a, 0xa4, 0xb4, 0xff}
	bladeColor  = color.RGBA{0xde, 0xe6, 0xee, 0xff}
	hiltColor   = color.RGBA{0x9a, 0x62, 0x2c, 0xff}
	bulletColor = color.RGBA{0xff, 0xf3, 0xa0, 0xff}
	bulletTrail = color.NRGBA{0xff, 0xa0, 0x40, 0xa0}
	eyeWhite    = color.RGBA{0xff, 0xff, 0xff, 0xff}
	eyePupil    = color.RGBA{0x10, 0x10, 0x18, 0xff}
	legColor    = color.RGBA{0x2a, 0x22, 0x1c, 0xff}
	panelColor  = color.RGBA{0x00, 0x08, 0x14, 0xc8}
	hudBarColor = color.RGBA{0x00, 0x00, 0x00, 0x80}
	pipEmpty    = color.RGBA{0x40, 0x48, 0x58, 0xff}
	textWhite   = color.RGBA{0xff, 0xff, 0xff, 0xff}
	textDim     = color.RGBA{0xa8, 0xb4, 0xc4, 0xff}
	textGold    = color.RGBA{0xff, 0xd7, 0x40, 0xff}
	textError   = color.RGBA{0xff, 0x78, 0x64, 0xff}
)
