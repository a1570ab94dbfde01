package netplay

import (
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// sumRing is how many recent frames' checksums a Checksums keeps.
const sumRing = 512

// Checksums remembers the checksums of the last frames a rollback session
// saved, so peers can compare a confirmed frame. The zero value is empty.
type Checksums struct {
	sums [sumRing]uint64
	// frames holds frame+1 of each kept checksum, so 0 means empty.
	frames [sumRing]int32
}

// Put records sum as the checksum of frame, replacing the oldest kept one.
func (c *Checksums) Put(frame int32, sum uint64) {
	if frame < 0 {
		return
	}
	c.sums[frame%sumRing], c.frames[frame%sumRing] = sum, frame+1
}

// At returns the checksum recorded for frame, if it is still kept.
func (c *Checksums) At(frame int32) (uint64, bool) {
	if frame < 0 || c.frames[frame%sumRing] != frame+1 {
		return 0, false
	}
	return c.sums[frame%sumRing], true
}

// Execute carries out one request of a rollback session on st: it saves st
// (recording its checksum in sums), loads it back, or steps it with the
// frame's inputs.
func Execute(st *game.State, sums *Checksums, r rollback.Request[game.State]) {
	switch r.Kind {
	case rollback.RequestSave:
		sum := st.Checksum()
		r.Cell.Save(*st, sum)
		sums.Put(r.Frame, sum)
	case rollback.RequestLoad:
		*st = r.Cell.State()
	case rollback.RequestAdvance:
		var in [game.MaxPlayers]game.Input
		for i := range in {
			in[i] = game.Input(r.Inputs[i])
		}
		st.Step(in)
	}
}
