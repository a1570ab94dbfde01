package frontend

import (
	"image"
	"image/color"
)

// letterRows are the 5×7 pixel letters of the title.
var letterRows = map[rune][7]string{
	'F': {"#####", "#....", "#....", "####.", "#....", "#....", "#...."},
	'I': {"#####", "..#..", "..#..", "..#..", "..#..", "..#..", "#####"},
	'S': {".####", "#....", "#....", ".###.", "....#", "....#", "####."},
	'H': {"#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	'G': {".####", "#....", "#....", "#.###", "#...#", "#...#", ".###."},
	'A': {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	'M': {"#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"},
	'E': {"#####", "#....", "#....", "####.", "#....", "#....", "#####"},
}

// titleCell is the size of one pixel of the title's letters.
const titleCell = 5

// titleArt paints text (letters of letterRows and spaces) in big pixel
// letters: gold fading to orange from top to bottom, each cell bevelled,
// over a dark drop shadow.
func titleArt(text string) *image.RGBA {
	const shadow = 2
	w := len(text)*6*titleCell - titleCell + shadow
	h := 7*titleCell + shadow
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	dark := color.RGBA{0x10, 0x10, 0x18, 0xff}
	for pass := range 2 {
		for i, r := range text {
			rows, ok := letterRows[r]
			if !ok {
				continue
			}
			for y, row := range rows {
				for x := range len(row) {
					if row[x] != '#' {
						continue
					}
					x0, y0 := (i*6+x)*titleCell, y*titleCell
					c := mix(textGold, SlotColor(0), y, 6)
					if pass == 0 {
						x0, y0, c = x0+shadow, y0+shadow, dark
					}
					paintCell(img, x0, y0, c, pass == 1)
				}
			}
		}
	}
	return img
}

// paintCell fills one titleCell square at x0, y0; bevel lights its top
// row and shades its bottom one.
func paintCell(img *image.RGBA, x0, y0 int, c color.RGBA, bevel bool) {
	for y := range titleCell {
		for x := range titleCell {
			p := c
			switch {
			case bevel && y == 0:
				p = lighten(c, 2)
			case bevel && y == titleCell-1:
				p = mix(c, color.RGBA{0, 0, 0, 0xff}, 1, 3)
			}
			img.SetRGBA(x0+x, y0+y, p)
		}
	}
}
