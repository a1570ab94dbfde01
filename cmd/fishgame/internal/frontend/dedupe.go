package frontend

import "github.com/fishgame/fishgame/game"

// DefaultFilterWindow is how many frames an EventFilter remembers: more
// than any rollback goes back.
const DefaultFilterWindow = 64

// eventKey identifies an event across resimulations: its frame, kind, fish
// and ordinal among the same (frame, kind, slot, other) of one batch.
type eventKey struct {
	frame       int32
	kind        game.EventKind
	slot, other int8
	nth         uint8
}

// EventFilter passes each frame-tagged game event once, so that sounds and
// particles play once even when rollback resimulates a frame or a tick
// reports the same Step's events again. It remembers the events of the last
// window frames and drops events older than that. The zero value is not
// usable; make one with NewEventFilter.
type EventFilter struct {
	window int32
	newest int32
	seen   map[eventKey]struct{}
	order  []eventKey
}

// NewEventFilter returns a filter remembering window frames
// (DefaultFilterWindow if window <= 0).
func NewEventFilter(window int) *EventFilter {
	if window <= 0 {
		window = DefaultFilterWindow
	}
	return &EventFilter{window: int32(window), newest: -1, seen: make(map[eventKey]struct{})}
}

// Fresh appends to dst the events of batch (the events of one Step) not
// passed before and returns it. Events of frames more than the window older
// than the newest frame seen are dropped as well: they belong to a deep
// resimulation whose effects already played.
func (f *EventFilter) Fresh(dst, batch []game.Event) []game.Event {
	for i, e := range batch {
		k := eventKey{frame: e.Frame, kind: e.Kind, slot: e.Slot, other: e.Other}
		for _, p := range batch[:i] {
			if p.Frame == e.Frame && p.Kind == e.Kind && p.Slot == e.Slot && p.Other == e.Other {
				k.nth++
			}
		}
		if e.Frame <= f.newest-f.window {
			continue
		}
		if _, ok := f.seen[k]; ok {
			continue
		}
		f.seen[k] = struct{}{}
		f.order = append(f.order, k)
		dst = append(dst, e)
		if e.Frame > f.newest {
			f.newest = e.Frame
		}
	}
	f.forget()
	return dst
}

// forget drops the keys that fell out of the window.
func (f *EventFilter) forget() {
	n := 0
	for n < len(f.order) && f.order[n].frame <= f.newest-f.window {
		delete(f.seen, f.order[n])
		n++
	}
	if n > 0 {
		f.order = append(f.order[:0], f.order[n:]...)
	}
}

// Reset forgets every event, for a new match.
func (f *EventFilter) Reset() {
	clear(f.seen)
	f.order = f.order[:0]
	f.newest = -1
}
