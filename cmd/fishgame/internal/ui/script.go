package ui

import (
	"fmt"
	"strings"
)

// Step is one tick of a Script.
type Step struct {
	Keys    []Key
	Text    string
	Pointer Pointer
	// Clipboard is what the clipboard holds during this tick.
	Clipboard string
}

// Script is an Input that plays steps, one per tick, for tests and
// scripted runs; after the last step it gives no input. Call Next once per
// tick before the Form reads it.
type Script struct {
	steps []Step
	cur   Step
	clip  string
}

// NewScript returns a Script playing steps.
func NewScript(steps ...Step) *Script { return &Script{steps: steps} }

// Add appends steps.
func (s *Script) Add(steps ...Step) { s.steps = append(s.steps, steps...) }

// Type appends one tick typing text.
func (s *Script) Type(text string) { s.Add(Step{Text: text}) }

// Press appends one tick per key.
func (s *Script) Press(keys ...Key) {
	for _, k := range keys {
		s.Add(Step{Keys: []Key{k}})
	}
}

// Click appends one tick clicking at x, y.
func (s *Script) Click(x, y int) { s.Add(Step{Pointer: Pointer{X: x, Y: y, In: true, Clicked: true}}) }

// Idle appends n ticks without input.
func (s *Script) Idle(n int) {
	for range n {
		s.Add(Step{})
	}
}

// SetClipboard makes the clipboard hold text from the next step on.
func (s *Script) SetClipboard(text string) { s.Add(Step{Clipboard: text}) }

// Next moves to the next step; it reports false once every step was played.
func (s *Script) Next() bool {
	if len(s.steps) == 0 {
		s.cur = Step{}
		return false
	}
	s.cur, s.steps = s.steps[0], s.steps[1:]
	if s.cur.Clipboard != "" {
		s.clip = s.cur.Clipboard
	}
	return true
}

// Pending returns how many steps are left.
func (s *Script) Pending() int { return len(s.steps) }

// Keys implements Input.
func (s *Script) Keys() []Key { return s.cur.Keys }

// Text implements Input.
func (s *Script) Text() string { return s.cur.Text }

// Composing implements Input: a script commits everything it types.
func (s *Script) Composing() string { return "" }

// Pointer implements Input.
func (s *Script) Pointer() Pointer { return s.cur.Pointer }

// Clipboard implements Input.
func (s *Script) Clipboard() string { return s.clip }

// String lists the steps left, for test failures.
func (s *Script) String() string {
	var b strings.Builder
	for _, st := range s.steps {
		fmt.Fprintf(&b, "%v %q; ", st.Keys, st.Text)
	}
	return b.String()
}
