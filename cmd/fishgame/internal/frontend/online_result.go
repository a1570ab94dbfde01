package frontend

import "github.com/fishgame/fishgame/game"

// Final returns the match's current state and the local player's slot,
// for a result line once the window has closed; ok is false when the
// match never started. Call it before Close.
func (o *OnlineMatch) Final() (st game.State, slot int, ok bool) {
	if o.game == nil {
		return game.State{}, 0, false
	}
	read := func() { st, slot = *o.game.State(), o.game.Slot() }
	if o.recv != nil {
		o.recv.do(read)
	} else {
		read()
	}
	return st, slot, true
}
