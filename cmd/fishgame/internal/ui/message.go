package ui

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"
)

// MessageBox is a centred panel with a title, lines of text and a row of
// buttons (like Retry and Back).
type MessageBox struct {
	Title string
	Lines []string
	// Error draws the lines in the error colour.
	Error   bool
	buttons []*Button
	form    *Form
	rect    image.Rectangle
}

// messageWidth and friends lay the box out on the 480×270 screen.
const (
	messageWidth   = 400
	messageButtonW = 110
	messageButtonH = 20
)

// NewMessageBox returns a box for a screen of w×h pixels with one button
// per label, the first focused.
func NewMessageBox(w, h int, title string, lines []string, buttons ...string) *MessageBox {
	hgt := 40 + len(lines)*GlyphHeight + 12 + messageButtonH + 12
	r := image.Rect((w-messageWidth)/2, (h-hgt)/2, (w+messageWidth)/2, (h+hgt)/2)
	m := &MessageBox{Title: title, Lines: lines, rect: r}
	total := len(buttons)*messageButtonW + (len(buttons)-1)*10
	x := r.Min.X + (r.Dx()-total)/2
	ws := make([]Widget, len(buttons))
	for i, label := range buttons {
		bx := x + i*(messageButtonW+10)
		b := &Button{Label: label, Rect: image.Rect(bx, r.Max.Y-12-messageButtonH, bx+messageButtonW, r.Max.Y-12)}
		m.buttons = append(m.buttons, b)
		ws[i] = b
	}
	m.form = NewForm(ws...)
	return m
}

// Buttons returns the buttons, for tests and pointer scripts.
func (m *MessageBox) Buttons() []*Button { return m.buttons }

// Update runs a tick and returns the label of the button pressed, or ""
// (Esc presses the last button, which should be Back).
func (m *MessageBox) Update(in Input) string {
	for _, k := range in.Keys() {
		if k == KeyLeft || k == KeyRight {
			d := 1
			if k == KeyLeft {
				d = -1
			}
			m.form.move(d)
		}
	}
	ev := m.form.Update(in)
	switch ev.Kind {
	case EventActivate:
		return ev.Widget.(*Button).Label
	case EventBack:
		if len(m.buttons) > 0 {
			return m.buttons[len(m.buttons)-1].Label
		}
	}
	return ""
}

// Draw paints the box.
func (m *MessageBox) Draw(dst *ebiten.Image, t *Theme) {
	t.DrawPanel(dst, m.rect)
	t.DrawTextCentered(dst, m.Title, m.rect, m.rect.Min.Y+6, 2, t.Text)
	c := t.Text
	if m.Error {
		c = t.Error
	}
	for i, l := range m.Lines {
		t.DrawTextCentered(dst, l, m.rect, m.rect.Min.Y+40+i*GlyphHeight, 1, c)
	}
	m.form.Draw(dst, t)
}
