package ui

import (
	"image"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
)

// DefaultMaxBytes bounds a TextField's text when MaxBytes is 0.
const DefaultMaxBytes = 128

// TextField is a one-line text entry with a label above it. Left, Right,
// Home and End move the caret, Backspace and Delete erase, KeyPaste
// inserts the clipboard. A masked field shows '*' for every character.
type TextField struct {
	// Label is printed above the box.
	Label string
	// Rect is the box; the label goes above it.
	Rect image.Rectangle
	// Masked hides the text (passwords).
	Masked bool
	// MaxBytes bounds the text (DefaultMaxBytes if 0); longer input is cut
	// at a character boundary.
	MaxBytes int
	// Placeholder is shown dim while the field is empty.
	Placeholder string

	text      string
	caret     int // byte offset into text
	composing string
	ticks     int
}

// Text returns the field's text.
func (f *TextField) Text() string { return f.text }

// SetText replaces the text and puts the caret at its end.
func (f *TextField) SetText(s string) {
	f.text, f.caret = "", 0
	f.insert(s)
}

// Bounds implements Widget.
func (f *TextField) Bounds() image.Rectangle { return f.Rect }

// Tick implements Widget: the caret blinks.
func (f *TextField) Tick() { f.ticks++ }

func (f *TextField) maxBytes() int {
	if f.MaxBytes > 0 {
		return f.MaxBytes
	}
	return DefaultMaxBytes
}

// insert puts s at the caret, dropping control characters and line
// breaks, up to MaxBytes.
func (f *TextField) insert(s string) {
	var b strings.Builder
	room := f.maxBytes() - len(f.text)
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			continue
		}
		if utf8.RuneLen(r) > room {
			break
		}
		room -= utf8.RuneLen(r)
		b.WriteRune(r)
	}
	f.text = f.text[:f.caret] + b.String() + f.text[f.caret:]
	f.caret += b.Len()
}

func (f *TextField) setComposing(s string) { f.composing = s }

// HandleKey implements Widget.
func (f *TextField) HandleKey(k Key, in Input) Handled {
	switch k {
	case KeyLeft:
		if f.caret > 0 {
			_, n := utf8.DecodeLastRuneInString(f.text[:f.caret])
			f.caret -= n
		}
	case KeyRight:
		if f.caret < len(f.text) {
			_, n := utf8.DecodeRuneInString(f.text[f.caret:])
			f.caret += n
		}
	case KeyHome:
		f.caret = 0
	case KeyEnd:
		f.caret = len(f.text)
	case KeyBackspace:
		if f.caret > 0 {
			_, n := utf8.DecodeLastRuneInString(f.text[:f.caret])
			f.text = f.text[:f.caret-n] + f.text[f.caret:]
			f.caret -= n
		}
	case KeyDelete:
		if f.caret < len(f.text) {
			_, n := utf8.DecodeRuneInString(f.text[f.caret:])
			f.text = f.text[:f.caret] + f.text[f.caret+n:]
		}
	case KeyPaste:
		f.insert(strings.TrimSpace(in.Clipboard()))
	default:
		return Ignored
	}
	f.ticks = 0 // the caret shows while editing
	return Used
}

// Click implements Widget: the caret goes to the end.
func (f *TextField) Click(Pointer) Handled {
	f.caret = len(f.text)
	return Used
}

// shown returns the text as drawn and the caret's character index in it.
func (f *TextField) shown() (string, int) {
	before, after := f.text[:f.caret], f.text[f.caret:]
	if f.Masked {
		before = strings.Repeat("*", utf8.RuneCountInString(before))
		after = strings.Repeat("*", utf8.RuneCountInString(after))
	}
	s := before + f.composing + after
	return s, utf8.RuneCountInString(before + f.composing)
}

// Draw implements Widget.
func (f *TextField) Draw(dst *ebiten.Image, t *Theme, focused bool) {
	labelColor, edge := t.Dim, t.Edge
	if focused {
		labelColor, edge = t.Accent, t.Accent
	}
	if f.Label != "" {
		t.DrawText(dst, f.Label, f.Rect.Min.X, f.Rect.Min.Y-GlyphHeight+2, 1, labelColor)
	}
	Fill(dst, f.Rect, t.Field)
	Outline(dst, f.Rect, edge)
	s, caret := f.shown()
	cols := max((f.Rect.Dx()-8)/GlyphWidth, 1)
	runes := []rune(s)
	first := max(caret-cols+1, 0) // keep the caret in view
	end := min(first+cols, len(runes))
	x, y := f.Rect.Min.X+4, f.Rect.Min.Y+(f.Rect.Dy()-GlyphHeight)/2
	if len(runes) == 0 && !focused && f.Placeholder != "" {
		t.DrawText(dst, f.Placeholder, x, y, 1, t.Dim)
	}
	t.DrawText(dst, string(runes[first:end]), x, y, 1, t.Text)
	if f.composing != "" {
		start := utf8.RuneCountInString(f.text[:f.caret])
		if f.Masked {
			start = utf8.RuneCountInString(f.text[:f.caret])
		}
		cx := x + (start-first)*GlyphWidth
		Fill(dst, image.Rect(cx, y+GlyphHeight-3, cx+utf8.RuneCountInString(f.composing)*GlyphWidth, y+GlyphHeight-2), t.Accent)
	}
	if focused && f.ticks%60 < 40 {
		cx := x + (caret-first)*GlyphWidth
		Fill(dst, image.Rect(cx, y+2, cx+1, y+GlyphHeight-2), t.Accent)
	}
}
