package frontend

import (
	"fmt"
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/game"
)

// hudHeight is the height of the score bar at the top of the screen.
const hudHeight = 14

// hud draws the score bar and the round, match and pause overlays.
type hud struct {
	text    *textDrawer
	sprites *sprites
}

// drawIcon draws the head-on icon of slot (the sprite's body rows) at x, y.
func (h *hud) drawIcon(dst *ebiten.Image, slot, x, y int) {
	src := h.sprites.icon[slot].SubImage(image.Rect(0, 2, spriteSize, 13)).(*ebiten.Image)
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64(x), float64(y))
	dst.DrawImage(src, op)
}

// drawPips draws WinsToWinMatch boxes, the first wins of them filled.
func drawPips(dst *ebiten.Image, slot, wins, x, y int) {
	for i := range game.WinsToWinMatch {
		c := pipEmpty
		if i < wins {
			c = SlotColor(slot)
		}
		rect(dst, float32(x+i*7), float32(y), 5, 5, c)
	}
}

// drawBar draws the score bar: each fish's icon, label and round wins, and
// the round number. local marks the slot this screen plays online (-1 for
// a local match).
func (h *hud) drawBar(dst *ebiten.Image, s *game.State, local int) {
	rect(dst, 0, 0, ScreenWidth, hudHeight, hudBarColor)
	for slot := range s.Players() {
		x := 4 + slot*100
		h.drawIcon(dst, slot, x, 2)
		label := fmt.Sprintf("P%d", slot+1)
		c := textWhite
		if slot == local {
			label += "*"
			c = textGold
		}
		if f := s.Fish(slot); !f.Alive {
			c = textDim
		}
		h.text.draw(dst, label, x+17, -1, 1, c)
		drawPips(dst, slot, s.Wins(slot), pipsX(slot), 5)
	}
	round := fmt.Sprintf("ROUND %d", s.Round()+1)
	h.text.draw(dst, round, ScreenWidth-textWidth(round)-5, -1, 1, textWhite)
}

// pipsX is where the score bar draws slot's win pips.
func pipsX(slot int) int { return 4 + slot*100 + 17 + textWidth("P4*") + 2 }

// drawLeftTag marks slot in the score bar as gone from the match: a LEFT
// tag right of its win pips, which stay visible.
func (h *hud) drawLeftTag(dst *ebiten.Image, slot int) {
	x := pipsX(slot) + 7*game.WinsToWinMatch
	rect(dst, float32(x), 1, float32(textWidth("LEFT")+2), hudHeight-2, color.Black)
	h.text.draw(dst, "LEFT", x+1, -1, 1, textGold)
}

// panel darkens a centred box of the given size and returns its top.
func panel(dst *ebiten.Image, w, hgt int) int {
	x, y := (ScreenWidth-w)/2, (ScreenHeight-hgt)/2
	rect(dst, float32(x), float32(y), float32(w), float32(hgt), panelColor)
	rect(dst, float32(x), float32(y), float32(w), 1, textDim)
	rect(dst, float32(x), float32(y+hgt-1), float32(w), 1, textDim)
	return y
}

// drawTable lists every fish's icon, name, pips and wins from y on; the
// winner's row is gold.
func (h *hud) drawTable(dst *ebiten.Image, s *game.State, y, winner int) {
	for slot := range s.Players() {
		ry := y + slot*16
		x := ScreenWidth/2 - 110
		h.drawIcon(dst, slot, x, ry+2)
		c := textWhite
		if slot == winner {
			c = textGold
		}
		h.text.draw(dst, SlotName(slot), x+22, ry, 1, c)
		drawPips(dst, slot, s.Wins(slot), x+100, ry+6)
		h.text.draw(dst, winsLabel(s.Wins(slot)), x+150, ry, 1, c)
	}
}

// winsLabel counts round wins for the tables: "0 WINS", "1 WIN", "2 WINS".
func winsLabel(n int) string {
	if n == 1 {
		return "1 WIN"
	}
	return fmt.Sprintf("%d WINS", n)
}

// drawRoundOver shows who won the round that just ended and the scores.
func (h *hud) drawRoundOver(dst *ebiten.Image, s *game.State) {
	hgt := 56 + 16*s.Players()
	y := panel(dst, 280, hgt)
	w := s.LastRoundWinner()
	title, c := "DRAW - NOBODY SCORES", textDim
	if w >= 0 {
		title, c = fmt.Sprintf("P%d WINS THE ROUND", w+1), SlotColor(w)
	}
	h.text.drawCentered(dst, title, y+6, 1, c)
	h.drawTable(dst, s, y+26, w)
	next := fmt.Sprintf("NEXT ROUND IN %d", (s.PhaseFrames()+59)/60)
	h.text.drawCentered(dst, next, y+hgt-20, 1, textDim)
}

// boardLineHeight is the spacing of the leaderboard lines under the
// match-end table.
const boardLineHeight = 13

// drawMatchOver shows the match winner, the final scores, the leaderboard
// lines of an online match (none for a local one) and what the keys do
// now.
func (h *hud) drawMatchOver(dst *ebiten.Image, s *game.State, board []line, footer string) {
	hgt := 76 + 16*s.Players()
	if len(board) > 0 {
		hgt += 6 + boardLineHeight*len(board)
	}
	y := panel(dst, 300, hgt)
	w, _ := s.Winner()
	title := fmt.Sprintf("P%d WINS THE MATCH!", w+1)
	c := textGold
	if w >= 0 {
		c = SlotColor(w)
	}
	h.text.drawCentered(dst, title, y+6, 2, c)
	h.drawTable(dst, s, y+42, w)
	by := y + 42 + 16*s.Players() + 4
	for i, l := range board {
		h.text.drawCentered(dst, l.text, by+boardLineHeight*i, 1, l.c)
	}
	h.text.drawCentered(dst, footer, y+hgt-20, 1, textWhite)
}

// drawMenu shows a titled box with lines of help.
func (h *hud) drawMenu(dst *ebiten.Image, title string, lines ...string) {
	hgt := 48 + 16*len(lines)
	w := 300
	for _, l := range lines {
		w = max(w, textWidth(l)+24)
	}
	y := panel(dst, min(w, ScreenWidth), hgt)
	h.text.drawCentered(dst, title, y+6, 2, textWhite)
	for i, l := range lines {
		h.text.drawCentered(dst, l, y+40+16*i, 1, textDim)
	}
}

// drawBanner shows a line of status text near the bottom of the screen.
func (h *hud) drawBanner(dst *ebiten.Image, msg string, c color.RGBA) {
	w := textWidth(msg) + 12
	rect(dst, float32((ScreenWidth-w)/2), ScreenHeight-34, float32(w), 18, panelColor)
	h.text.drawCentered(dst, msg, ScreenHeight-34, 1, c)
}
