package desync

import (
	"fmt"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// Match describes the match a report is about, as the caller knows it.
type Match struct {
	// ID is the signaling server's match id.
	ID string
	// Rotation names the maps of the rotation in order (the built-in maps
	// when empty).
	Rotation []string
	// Players names the player of each slot; missing names are "".
	Players []string
	// Slot is the local player's slot.
	Slot int
}

// NewReport builds the local report of a desync event (rollback.EventDesync;
// its Peer is the remote player's slot) from the recorded inputs and the
// local state at the event's frame (the session's Snapshot of it). The
// recorder must have recorded every frame before it: call Pull first. The
// report shares the recorder's input storage, which stays unchanged; it is
// safe to hand to a Writer.
func NewReport(m Match, rec *Recorder, ev rollback.Event, state *game.State) (Report, error) {
	if state.Frame() != ev.Frame {
		return Report{}, fmt.Errorf("state of frame %d for a desync at frame %d", state.Frame(), ev.Frame)
	}
	prefix, err := rec.Prefix(ev.Frame)
	if err != nil {
		return Report{}, err
	}
	cfg := rec.Config()
	rot := m.Rotation
	if len(rot) == 0 {
		maps, err := game.BuiltinMaps()
		if err != nil {
			return Report{}, err
		}
		for _, mp := range maps {
			rot = append(rot, mp.Name())
		}
	}
	players := make([]string, cfg.Players)
	copy(players, m.Players)
	enc, _ := state.AppendBinary(make([]byte, 0, game.StateEncodingSize))
	r := Report{
		Frame:    ev.Frame,
		MatchID:  m.ID,
		Config:   cfg,
		Rotation: rot,
		Players:  players,
		Local:    Side{Slot: m.Slot, Checksum: ev.Local, State: enc, Replay: prefix},
		Remote:   Side{Slot: ev.Peer, Checksum: ev.Remote},
	}
	return r, nil
}

// AttachRemote puts the remote peer's side (sent in chunks, or taken
// directly where all peers run in one process) into r. It must be the side
// of r's remote slot with the checksum r already has for it.
func (r *Report) AttachRemote(s Side) error {
	if s.Slot != r.Remote.Slot || s.Checksum != r.Remote.Checksum {
		return fmt.Errorf("side of slot %d checksum %#016x for a report expecting slot %d checksum %#016x: %w",
			s.Slot, s.Checksum, r.Remote.Slot, r.Remote.Checksum, ErrReport)
	}
	if s.HasReplay() {
		if err := checkReplay(&s.Replay, r); err != nil {
			return err
		}
	}
	if s.HasState() && len(s.State) != game.StateEncodingSize {
		return fmt.Errorf("state of %d bytes: %w", len(s.State), ErrReport)
	}
	r.Remote = s
	return nil
}
