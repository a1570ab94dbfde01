package ui

import (
	"image"
	"testing"
)

func TestStepperStaysInRange(t *testing.T) {
	s := &Stepper{Label: "DELAY", Rect: image.Rect(0, 0, 200, 16), Min: 0, Max: 2, Value: 1}
	f := NewForm(s, &Button{Label: "OK", Rect: image.Rect(0, 20, 50, 36)})
	sc := NewScript()
	sc.Press(KeyRight)
	if ev := last(run(f, sc)); ev.Kind != EventChange || s.Value != 2 {
		t.Errorf("Right = %+v, value %d; want a change to 2", ev, s.Value)
	}
	sc.Press(KeyRight)
	if ev := last(run(f, sc)); ev.Kind != EventNone || s.Value != 2 {
		t.Errorf("Right at Max = %+v, value %d; want no change", ev, s.Value)
	}
	sc.Click(110, 5) // left half of the value box
	sc.Click(110, 5)
	sc.Click(110, 5)
	run(f, sc)
	if s.Value != 0 {
		t.Errorf("three clicks on the left of the value: %d, want Min 0", s.Value)
	}
	sc.Click(195, 5)
	if run(f, sc); s.Value != 1 {
		t.Errorf("click on the right of the value: %d, want 1", s.Value)
	}
	s.Format = func(v int) string { return "X" + string(rune('0'+v)) }
	if s.Text() != "X1" {
		t.Errorf("Text with Format = %q, want X1", s.Text())
	}
	sc.Press(KeyDown)
	if run(f, sc); f.Focused() == s {
		t.Errorf("Down kept the focus on the stepper")
	}
}

func TestToggleFlips(t *testing.T) {
	b := &Toggle{Label: "REMEMBER ME", Rect: image.Rect(0, 0, 100, 16)}
	f := NewForm(b)
	s := NewScript()
	s.Press(KeyEnter)
	if ev := last(run(f, s)); ev.Kind != EventChange || !b.On {
		t.Errorf("Enter = %+v, on %v; want a change to on", ev, b.On)
	}
	s.Click(5, 5)
	if run(f, s); b.On {
		t.Errorf("click left the toggle on")
	}
}
