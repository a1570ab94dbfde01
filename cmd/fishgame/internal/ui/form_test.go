package ui

import (
	"image"
	"strings"
	"testing"
)

// run plays every step of s through f and returns the events, one per
// tick.
func run(f *Form, s *Script) []Event {
	var out []Event
	for s.Next() {
		out = append(out, f.Update(s))
	}
	return out
}

// last returns the last event that was not EventNone.
func last(evs []Event) Event {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Kind != EventNone {
			return evs[i]
		}
	}
	return Event{}
}

func loginForm() (*Form, *TextField, *TextField, *Button) {
	email := &TextField{Label: "E-MAIL", Rect: image.Rect(10, 20, 200, 36)}
	pass := &TextField{Label: "PASSWORD", Rect: image.Rect(10, 60, 200, 76), Masked: true}
	ok := &Button{Label: "LOG IN", Rect: image.Rect(10, 100, 100, 120)}
	return NewForm(email, pass, ok), email, pass, ok
}

func TestFormTypingTabAndSubmit(t *testing.T) {
	f, email, pass, _ := loginForm()
	s := NewScript()
	s.Type("ann@example.com")
	s.Press(KeyTab)
	s.Type("secret password")
	s.Press(KeyBackspace, KeyEnter)
	evs := run(f, s)
	if got := email.Text(); got != "ann@example.com" {
		t.Errorf("email = %q, want ann@example.com", got)
	}
	if got := pass.Text(); got != "secret passwor" {
		t.Errorf("password = %q, want %q", got, "secret passwor")
	}
	if ev := last(evs); ev.Kind != EventSubmit || ev.Widget != pass {
		t.Errorf("last event = %+v, want submit from the password field", ev)
	}
	if shown, _ := pass.shown(); shown != strings.Repeat("*", len("secret passwor")) {
		t.Errorf("password shown as %q, want only '*'", shown)
	}
}

func TestFormShiftTabWrapsAndEnterPressesButton(t *testing.T) {
	f, email, _, ok := loginForm()
	s := NewScript()
	s.Press(KeyBackTab) // from the first field to the last widget
	if run(f, s); f.Focused() != ok {
		t.Fatalf("focus after Shift-Tab = %T, want the button", f.Focused())
	}
	s.Press(KeyTab)
	if run(f, s); f.Focused() != email {
		t.Fatalf("focus after Tab = %T, want the e-mail field", f.Focused())
	}
	s.Press(KeyUp, KeyEnter)
	if ev := last(run(f, s)); ev.Kind != EventActivate || ev.Widget != ok {
		t.Errorf("Enter on the button = %+v, want activate", ev)
	}
}

func TestFormClickFocusesAndPresses(t *testing.T) {
	f, _, pass, ok := loginForm()
	s := NewScript()
	s.Click(50, 65)
	s.Type("abc")
	s.Click(20, 110)
	evs := run(f, s)
	if pass.Text() != "abc" {
		t.Errorf("clicked field got %q, want abc", pass.Text())
	}
	if ev := last(evs); ev.Kind != EventActivate || ev.Widget != ok {
		t.Errorf("click on the button = %+v, want activate", ev)
	}
	disabled := &Button{Label: "X", Rect: image.Rect(0, 0, 10, 10), Disabled: true}
	g := NewForm(disabled)
	s.Click(5, 5)
	s.Press(KeyEnter)
	if ev := last(run(g, s)); ev.Kind != EventNone {
		t.Errorf("disabled button gave %+v, want nothing", ev)
	}
}

func TestFormBack(t *testing.T) {
	f, email, _, _ := loginForm()
	s := NewScript()
	s.Type("x")
	s.Press(KeyBack)
	if ev := last(run(f, s)); ev.Kind != EventBack {
		t.Errorf("Esc = %+v, want back", ev)
	}
	if email.Text() != "x" {
		t.Errorf("text = %q", email.Text())
	}
	s.Press(KeyBack)
	if ev := last(run(NewForm(), s)); ev.Kind != EventBack {
		t.Errorf("Esc on an empty form = %+v, want back", ev)
	}
}

func TestTextFieldEditing(t *testing.T) {
	f := &TextField{MaxBytes: 6}
	form := NewForm(f)
	s := NewScript()
	s.Type("ab\ncd\x00é") // control characters dropped; é is 2 bytes
	s.Press(KeyHome, KeyDelete, KeyRight, KeyLeft, KeyEnd, KeyLeft, KeyBackspace)
	run(form, s)
	// "abcdé" (6 bytes) → Delete at home: "bcdé" → caret before é,
	// Backspace: "bcé".
	if got := f.Text(); got != "bcé" {
		t.Errorf("text = %q, want bcé", got)
	}
	s.Type("0123456789")
	run(form, s)
	if got := f.Text(); len(got) > 6 {
		t.Errorf("text %q longer than MaxBytes 6", got)
	}
}

func TestTextFieldPaste(t *testing.T) {
	f := &TextField{}
	form := NewForm(f)
	s := NewScript()
	s.SetClipboard("  K7M2QX\n")
	s.Press(KeyPaste)
	run(form, s)
	if f.Text() != "K7M2QX" {
		t.Errorf("pasted %q, want K7M2QX", f.Text())
	}
}

func TestTabsChange(t *testing.T) {
	tabs := &Tabs{Labels: []string{"LOGIN", "CREATE", "GUEST"}, Rect: image.Rect(0, 0, 300, 20)}
	f := NewForm(tabs, &Button{Label: "GO", Rect: image.Rect(0, 30, 50, 50)})
	s := NewScript()
	s.Press(KeyRight)
	if ev := last(run(f, s)); ev.Kind != EventChange || tabs.Selected != 1 {
		t.Errorf("Right = %+v, selected %d; want change to 1", ev, tabs.Selected)
	}
	s.Click(250, 10)
	if ev := last(run(f, s)); ev.Kind != EventChange || tabs.Selected != 2 {
		t.Errorf("click on the third tab = %+v, selected %d", ev, tabs.Selected)
	}
	s.Press(KeyRight)
	if ev := last(run(f, s)); ev.Kind != EventNone || tabs.Selected != 2 {
		t.Errorf("Right on the last tab = %+v, selected %d; want no change", ev, tabs.Selected)
	}
}

func TestListNavigation(t *testing.T) {
	l := &List{Rect: image.Rect(0, 0, 100, 3*RowHeight)}
	for _, r := range []string{"a", "b", "c", "d", "e"} {
		l.Rows = append(l.Rows, Row{Text: r})
	}
	after := &Button{Label: "BACK", Rect: image.Rect(0, 50, 50, 60)}
	f := NewForm(l, after)
	s := NewScript()
	s.Press(KeyDown, KeyDown, KeyDown, KeyDown)
	run(f, s)
	if l.Selected != 4 || l.top != 2 {
		t.Errorf("after 4 Down: selected %d top %d, want 4 and 2", l.Selected, l.top)
	}
	s.Press(KeyDown)
	run(f, s)
	if f.Focused() != after {
		t.Errorf("Down on the last row kept the focus on the list")
	}
	s.Click(5, RowHeight+1) // the second visible row: "d"
	if ev := last(run(f, s)); ev.Kind != EventActivate || l.Selected != 3 {
		t.Errorf("click = %+v selected %d, want activate row 3", ev, l.Selected)
	}
}

func TestMessageBox(t *testing.T) {
	m := NewMessageBox(480, 270, "ERROR", []string{"Server unreachable"}, "RETRY", "BACK")
	s := NewScript()
	s.Press(KeyRight, KeyEnter)
	var got string
	for s.Next() {
		if c := m.Update(s); c != "" {
			got = c
		}
	}
	if got != "BACK" {
		t.Errorf("Right, Enter pressed %q, want BACK", got)
	}
	s.Press(KeyBack)
	got = ""
	for s.Next() {
		if c := m.Update(s); c != "" {
			got = c
		}
	}
	if got != "BACK" {
		t.Errorf("Esc pressed %q, want BACK", got)
	}
	b := m.Buttons()[0].Rect
	s.Click(b.Min.X+2, b.Min.Y+2)
	got = ""
	for s.Next() {
		if c := m.Update(s); c != "" {
			got = c
		}
	}
	if got != "RETRY" {
		t.Errorf("click pressed %q, want RETRY", got)
	}
}

// textTarget records where the form said the focused field is.
type textTarget struct {
	*Script
	focused []image.Rectangle
	blurred int
}

func (t *textTarget) FocusText(r image.Rectangle) { t.focused = append(t.focused, r) }
func (t *textTarget) BlurText()                   { t.blurred++ }

func TestFormTellsTheInputMethodWhereTheFieldIs(t *testing.T) {
	f, email, pass, _ := loginForm()
	in := &textTarget{Script: NewScript()}
	in.Press(KeyTab, KeyTab)
	for in.Next() {
		f.Update(in)
	}
	want := []image.Rectangle{email.Rect, pass.Rect, pass.Rect}
	if len(in.focused) != 3 || in.focused[0] != want[0] || in.focused[1] != want[1] {
		t.Errorf("focused %v, want %v first", in.focused, want)
	}
	if in.blurred == 0 {
		t.Errorf("the button's focus never blurred the input method")
	}
}
