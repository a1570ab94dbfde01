//go:build !headless

package main

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/frontend"
)

// TestPlayOpensTheTitle runs "fishgame play" without a mode flag as a
// scripted run and checks that the picture is the title screen, not a
// match: the gold title letters and the two fish, no tiles.
func TestPlayOpensTheTitle(t *testing.T) {
	needDisplay(t)
	shot := shotPath(t, "title.png")
	cmd, stdout, stderr := playProcess(t, "--frames", "30", "--scale", "1", "--mute", "--screenshot", shot)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("fishgame play: %v\nstderr:\n%s", err, stderr)
	}
	if strings.Contains(stdout.String(), "frames=") {
		t.Errorf("stdout = %q: a match ran instead of the title", stdout)
	}
	img := readPNG(t, shot)
	gold := color.RGBA{0xff, 0xd7, 0x40, 0xff}
	for _, c := range []struct {
		what string
		r    image.Rectangle
		c    color.RGBA
		min  int
	}{
		{"title letters", image.Rect(0, 20, frontend.ScreenWidth, 60), gold, 300},
		{"orange fish", image.Rect(0, 100, 120, 180), frontend.SlotColor(0), 200},
		{"blue fish", image.Rect(360, 100, frontend.ScreenWidth, 180), frontend.SlotColor(1), 200},
	} {
		if n := countColors(img, c.r, []color.RGBA{c.c})[0]; n < c.min {
			t.Errorf("the title shows %d pixels of the %s' colour, want at least %d", n, c.what, c.min)
		}
	}
}
