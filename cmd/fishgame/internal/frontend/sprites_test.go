package frontend

import (
	"fmt"
	"testing"

	"github.com/fishgame/fishgame/game"
)

func TestPoseGrids(t *testing.T) {
	for p := range poseCount {
		g := poseGrid(p)
		for y, row := range g {
			if len(row) != spriteSize {
				t.Errorf("pose %d row %d is %d wide, want %d", p, y, len(row), spriteSize)
			}
		}
		if g[spriteSize-1] == "................" && p != poseJump && p != poseGlide {
			t.Errorf("pose %d does not reach the floor row", p)
		}
	}
}

// shape returns, for the idle sprite of slot, which pixels are not the body
// colour: the silhouette and pattern a colour-blind player sees.
func shape(slot int) string {
	img := fishImage(slot, poseIdle)
	body := SlotColor(slot)
	var b []byte
	for y := range spriteSize {
		for x := range spriteSize {
			c := img.RGBAAt(x, y)
			switch {
			case c.A == 0:
				b = append(b, '.')
			case c == body:
				b = append(b, 'b')
			default:
				b = append(b, 'o')
			}
		}
	}
	return string(b)
}

// TestSlotsDifferBeyondHue checks that the four fish differ in pattern,
// not only in colour, and that the hues differ too.
func TestSlotsDifferBeyondHue(t *testing.T) {
	for a := range game.MaxPlayers {
		for b := a + 1; b < game.MaxPlayers; b++ {
			if shape(a) == shape(b) {
				t.Errorf("slots %d and %d have the same pattern", a, b)
			}
			if SlotColor(a) == SlotColor(b) {
				t.Errorf("slots %d and %d have the same colour", a, b)
			}
			if SlotName(a) == SlotName(b) {
				t.Errorf("slots %d and %d have the same name", a, b)
			}
		}
	}
}

func TestDeadPoseIsBellyUp(t *testing.T) {
	for slot := range game.MaxPlayers {
		t.Run(fmt.Sprint(slot), func(t *testing.T) {
			idle, dead := fishImage(slot, poseIdle), fishImage(slot, poseDead)
			// Idle legs touch the floor row; a dead fish has its legs up and
			// its back on the floor.
			if idle.RGBAAt(6, 15) != legColor {
				t.Errorf("idle pixel (6,15) = %v, want a leg", idle.RGBAAt(6, 15))
			}
			if dead.RGBAAt(6, 4) != legColor {
				t.Errorf("dead pixel (6,4) = %v, want a leg in the air", dead.RGBAAt(6, 4))
			}
			if dead.RGBAAt(6, 15).A == 0 {
				t.Error("dead fish does not lie on the floor row")
			}
		})
	}
}
