package ui

import (
	"github.com/hajimehoshi/ebiten/v2"
)

// EventKind is what happened in a Form during a tick.
type EventKind uint8

const (
	// EventNone: nothing to act on.
	EventNone EventKind = iota
	// EventActivate: Event.Widget was pressed (a button or a list row,
	// by Enter or a click).
	EventActivate
	// EventSubmit: Enter in a text field, Event.Widget.
	EventSubmit
	// EventChange: Event.Widget changed its value (tabs).
	EventChange
	// EventBack: Esc or a gamepad's B.
	EventBack
)

// Event is the outcome of one Form tick.
type Event struct {
	Kind   EventKind
	Widget Widget
}

// Form is a screen's widgets in focus order. Tab, Shift-Tab, Up and Down
// move the focus (a widget may keep Up and Down for itself, like a list),
// Enter activates the focused widget, Esc goes back, and a click focuses
// and activates the widget under the pointer. Typed text goes to the
// focused text field.
type Form struct {
	widgets []Widget
	focus   int
}

// NewForm returns a form of widgets, the first one focused.
func NewForm(widgets ...Widget) *Form { return &Form{widgets: widgets} }

// Set replaces the widgets, keeping the focus index where it fits.
func (f *Form) Set(widgets ...Widget) {
	f.widgets = widgets
	f.focus = min(f.focus, max(len(widgets)-1, 0))
}

// Widgets returns the widgets in focus order.
func (f *Form) Widgets() []Widget { return f.widgets }

// Focused returns the focused widget, nil in an empty form.
func (f *Form) Focused() Widget {
	if len(f.widgets) == 0 {
		return nil
	}
	return f.widgets[f.focus]
}

// FocusOn gives w the focus, if it is in the form.
func (f *Form) FocusOn(w Widget) {
	for i, x := range f.widgets {
		if x == w {
			f.focus = i
		}
	}
}

func (f *Form) move(d int) {
	if n := len(f.widgets); n > 0 {
		f.focus = (f.focus + d + n) % n
	}
}

// Update runs one tick of input and returns the first event it caused.
func (f *Form) Update(in Input) Event {
	for _, w := range f.widgets {
		w.Tick()
	}
	if len(f.widgets) == 0 {
		for _, k := range in.Keys() {
			if k == KeyBack {
				return Event{Kind: EventBack}
			}
		}
		return Event{}
	}
	if p := in.Pointer(); p.Clicked {
		for i, w := range f.widgets {
			if p.At(w.Bounds()) {
				f.focus = i
				if ev, ok := f.event(w.Click(p), w); ok {
					return ev
				}
				break
			}
		}
	}
	f.feedText(in, true)
	defer f.feedText(in, false) // the focus may have moved to another field
	for _, k := range in.Keys() {
		w := f.widgets[f.focus]
		h := w.HandleKey(k, in)
		if ev, ok := f.event(h, w); ok {
			return ev
		}
		if h != Ignored {
			continue
		}
		switch k {
		case KeyTab, KeyDown:
			f.move(1)
		case KeyBackTab, KeyUp:
			f.move(-1)
		case KeyEnter:
			if _, ok := w.(textWidget); ok {
				return Event{Kind: EventSubmit, Widget: w}
			}
		case KeyBack:
			return Event{Kind: EventBack}
		}
	}
	return Event{}
}

func (f *Form) event(h Handled, w Widget) (Event, bool) {
	switch h {
	case Activated:
		return Event{Kind: EventActivate, Widget: w}, true
	case Changed:
		return Event{Kind: EventChange, Widget: w}, true
	}
	return Event{}, false
}

// feedText tells the input where the focused text field is and, with
// typed, gives the field what was typed.
func (f *Form) feedText(in Input, typed bool) {
	tw, ok := f.widgets[f.focus].(textWidget)
	tt, target := in.(TextTarget)
	if !ok {
		if target {
			tt.BlurText()
		}
		return
	}
	if target {
		tt.FocusText(tw.Bounds())
	}
	if !typed {
		return
	}
	if s := in.Text(); s != "" {
		tw.insert(s)
	}
	tw.setComposing(in.Composing())
}

// Draw paints every widget, the focused one highlighted.
func (f *Form) Draw(dst *ebiten.Image, t *Theme) {
	for i, w := range f.widgets {
		w.Draw(dst, t, i == f.focus)
	}
}
