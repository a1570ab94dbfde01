package desync

import (
	"fmt"

	"github.com/fishgame/fishgame/game"
)

// Analysis is what Analyze finds in a desync: which fields differ between
// the peers at the report's frame, and which of the two causes the replay
// prefixes show.
type Analysis struct {
	// Report is the report analysed; with a second report, its Remote is
	// the second report's own side.
	Report Report
	// Fields are the fields whose values differ between the local (Value)
	// and remote (Other) states at the frame, in encoding order. It is
	// meaningful only when FieldsKnown.
	Fields []game.FieldDiff
	// FieldsKnown reports whether both sides' states were dumped.
	FieldsKnown bool
	// Local and Remote are each side's re-simulation.
	Local, Remote Resimulation
	// Inputs compares the two sides' confirmed inputs.
	Inputs InputComparison
}

// Resimulation is one side's replay prefix played again with this build
// and compared with what the peer recorded.
type Resimulation struct {
	// Slot is the side's player slot.
	Slot int
	// Done reports whether the side had a replay prefix to re-simulate.
	Done bool
	// Diverged is the first frame (State.Frame numbering: the state after
	// inputs[Diverged-1]) whose checksum the peer recorded differs from the
	// re-simulation's, or -1 if every recorded checksum, and the one at the
	// report's frame, match. A peer whose state diverges from its own
	// inputs is nondeterministic.
	Diverged int32
	// Recorded and Resimulated are the two checksums at Diverged.
	Recorded, Resimulated uint64
	// Dump lists the fields whose values differ between the side's dumped
	// state (Value) and the re-simulated state (Other) at the report's
	// frame; it is meaningful only when Dumped.
	Dump []game.FieldDiff
	// Dumped reports whether the side's state was dumped.
	Dumped bool
}

// Nondeterministic reports whether the side's state diverged from its own
// re-simulation.
func (r *Resimulation) Nondeterministic() bool { return r.Done && r.Diverged >= 0 }

// InputComparison compares the inputs the two peers confirmed.
type InputComparison struct {
	// Done reports whether both sides had a replay prefix to compare.
	Done bool
	// Frame is the first frame whose inputs differ, or -1 if they are the
	// same for every frame before the report's.
	Frame int32
	// Slots are the players whose inputs differ at Frame.
	Slots []int
	// Local and Remote are the two sides' inputs of Frame.
	Local, Remote [game.MaxPlayers]game.Input
}

// Differ reports whether the peers confirmed different inputs.
func (c *InputComparison) Differ() bool { return c.Done && c.Frame >= 0 }

// Analyze analyses a report. With other, a report of the same desync by
// another peer, other's own side (its state and replay prefix) is used as
// the remote side. It fails if other is of another match or frame, or if a
// state dump is of another state encoding.
func Analyze(r Report, other *Report) (Analysis, error) {
	if other != nil {
		switch {
		case other.Config != r.Config || other.MatchID != r.MatchID:
			return Analysis{}, fmt.Errorf("the reports are of different matches (%q %+v and %q %+v)",
				r.MatchID, r.Config, other.MatchID, other.Config)
		case other.Frame != r.Frame:
			return Analysis{}, fmt.Errorf("the reports are of frames %d and %d, expected two reports of the same desync", r.Frame, other.Frame)
		case other.Local.Slot == r.Local.Slot:
			return Analysis{}, fmt.Errorf("both reports were written by slot %d, expected two peers' reports", r.Local.Slot)
		}
		r.Remote = other.Local
	}
	a := Analysis{Report: r}
	if r.Local.HasState() && r.Remote.HasState() {
		d, err := game.DiffEncoded(r.Local.State, r.Remote.State)
		if err != nil {
			return Analysis{}, err
		}
		a.Fields, a.FieldsKnown = d, true
	}
	var err error
	if a.Local, err = resimulate(&r.Local, r.Frame); err != nil {
		return Analysis{}, fmt.Errorf("slot %d: %w", r.Local.Slot, err)
	}
	if a.Remote, err = resimulate(&r.Remote, r.Frame); err != nil {
		return Analysis{}, fmt.Errorf("slot %d: %w", r.Remote.Slot, err)
	}
	a.Inputs = compareInputs(&r.Local, &r.Remote, r.Config.Players)
	return a, nil
}

// resimulate plays side's replay prefix from the start and compares every
// recorded checksum, then its checksum and dump at frame.
func resimulate(side *Side, frame int32) (Resimulation, error) {
	res := Resimulation{Slot: side.Slot, Diverged: -1}
	if !side.HasReplay() {
		return res, nil
	}
	p := &side.Replay
	s, err := game.New(p.Config)
	if err != nil {
		return res, err
	}
	res.Done = true
	diverge := func(recorded uint64) {
		if res.Diverged < 0 && recorded != s.Checksum() {
			res.Diverged, res.Recorded, res.Resimulated = s.Frame(), recorded, s.Checksum()
		}
	}
	for i, in := range p.Inputs {
		s.Step(in)
		if n := i + 1; p.Interval > 0 && n%p.Interval == 0 && n/p.Interval <= len(p.Checksums) {
			diverge(p.Checksums[n/p.Interval-1])
		}
	}
	if s.Frame() == frame {
		diverge(side.Checksum)
	}
	if side.HasState() {
		enc, _ := s.AppendBinary(make([]byte, 0, game.StateEncodingSize))
		if res.Dump, err = game.DiffEncoded(side.State, enc); err != nil {
			return res, fmt.Errorf("dump: %w", err)
		}
		res.Dumped = true
	}
	return res, nil
}

// compareInputs finds the first frame whose inputs differ between the two
// sides' replay prefixes.
func compareInputs(a, b *Side, players int) InputComparison {
	c := InputComparison{Frame: -1}
	if !a.HasReplay() || !b.HasReplay() {
		return c
	}
	c.Done = true
	ia, ib := a.Replay.Inputs, b.Replay.Inputs
	for f := range min(len(ia), len(ib)) {
		if ia[f] == ib[f] {
			continue
		}
		c.Frame, c.Local, c.Remote = int32(f), ia[f], ib[f]
		for p := range players {
			if ia[f][p] != ib[f][p] {
				c.Slots = append(c.Slots, p)
			}
		}
		break
	}
	return c
}
