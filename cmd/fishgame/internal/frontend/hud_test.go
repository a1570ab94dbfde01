package frontend

import (
	"image"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/game"
)

func TestWinsLabel(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 WINS"}, {1, "1 WIN"}, {2, "2 WINS"}, {5, "5 WINS"}} {
		if got := winsLabel(tt.n); got != tt.want {
			t.Errorf("winsLabel(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestLeftTagKeepsThePips draws the score bar of a finished 4-fish match
// with every fish tagged LEFT and checks that each one's win pips still
// show, and the tag too.
func TestLeftTagKeepsThePips(t *testing.T) {
	if !inWindowProcess(t) {
		return
	}
	s := finishedMatch(t, 4)
	h := &hud{text: newTextDrawer(), sprites: newSprites()}
	scene := &shotScene{draws: []func(*ebiten.Image){func(dst *ebiten.Image) {
		h.drawBar(dst, &s, -1)
		for slot := range s.Players() {
			h.drawLeftTag(dst, slot)
		}
	}}}
	if err := Run(Options{Scale: 1, Frames: 30}, scene); err != nil {
		t.Fatal(err)
	}
	img := scene.shots[0]
	for slot := range s.Players() {
		pips := image.Rect(pipsX(slot), 5, pipsX(slot)+7*game.WinsToWinMatch, 10)
		if got, want := count(img, pips, SlotColor(slot)), 25*s.Wins(slot); got != want {
			t.Errorf("fish %d has %d wins, its pips show %d pixels of its colour, want %d", slot+1, s.Wins(slot), got, want)
		}
		tag := image.Rect(pipsX(slot)+7*game.WinsToWinMatch, 0, (slot+1)*100+4, hudHeight)
		if n := count(img, tag, textGold); n < 20 {
			t.Errorf("fish %d: the LEFT tag shows %d gold pixels, want its text", slot+1, n)
		}
	}
}
