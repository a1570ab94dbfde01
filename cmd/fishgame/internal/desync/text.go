package desync

import (
	"fmt"
	"io"
	"strings"

	"github.com/fishgame/fishgame/game"
)

// WriteText prints the analysis for a person: the match, the fields that
// differ at the frame, each side's re-simulation, the input comparison and
// a verdict naming the first frame of each cause found. Lists of fields
// stop after maxFields lines (0 prints them all).
func (a *Analysis) WriteText(w io.Writer, maxFields int) error {
	var b strings.Builder
	r := &a.Report
	fmt.Fprintf(&b, "desync at frame %d of match %q: %d players, seed %d, first map %d (%s)\n",
		r.Frame, r.MatchID, r.Config.Players, r.Config.Seed, r.Config.Map, r.Rotation[r.Config.Map])
	for _, s := range []*Side{&r.Local, &r.Remote} {
		fmt.Fprintf(&b, "  %s: checksum 0x%016x, %s, %s\n", a.name(s.Slot), s.Checksum,
			known(s.HasState(), "state dumped", "no state dump"),
			known(s.HasReplay(), "inputs of "+frames(r.Frame), "no inputs"))
	}

	b.WriteString("\n")
	switch {
	case !a.FieldsKnown:
		b.WriteString("fields: unknown, a side's state is missing (give both peers' reports)\n")
	case len(a.Fields) == 0:
		fmt.Fprintf(&b, "fields: the two dumps at frame %d are equal\n", r.Frame)
	default:
		fmt.Fprintf(&b, "fields that differ at frame %d (slot %d != slot %d):\n", r.Frame, r.Local.Slot, r.Remote.Slot)
		writeFields(&b, "  ", a.Fields, maxFields)
	}

	b.WriteString("\nre-simulation with this build:\n")
	for _, res := range []*Resimulation{&a.Local, &a.Remote} {
		a.writeResimulation(&b, res, maxFields)
	}

	b.WriteString("\ninputs: ")
	c := &a.Inputs
	switch {
	case !c.Done:
		b.WriteString("not compared, a side's inputs are missing (give both peers' reports)\n")
	case !c.Differ():
		fmt.Fprintf(&b, "both sides confirmed the same inputs for %s\n", frames(r.Frame))
	default:
		fmt.Fprintf(&b, "they first differ at frame %d (buttons LRJDFG):\n", c.Frame)
		for _, p := range c.Slots {
			fmt.Fprintf(&b, "  %s's input is %v on slot %d and %v on slot %d\n", a.name(p),
				c.Local[p], r.Local.Slot, c.Remote[p], r.Remote.Slot)
		}
	}

	b.WriteString("\nverdict:\n")
	for _, v := range a.Causes() {
		b.WriteString("  " + v + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Causes names each cause found, with its first frame, or says why none
// could be.
func (a *Analysis) Causes() []string {
	var out []string
	for _, res := range []*Resimulation{&a.Local, &a.Remote} {
		if res.Nondeterministic() {
			out = append(out, fmt.Sprintf("nondeterminism: slot %d's state diverges from its own re-simulation at frame %d", res.Slot, res.Diverged))
		}
	}
	if a.Inputs.Differ() {
		out = append(out, fmt.Sprintf("input mismatch: the peers confirmed different inputs for frame %d", a.Inputs.Frame))
	}
	if len(out) > 0 {
		return out
	}
	if !a.Local.Done || !a.Remote.Done {
		return []string{"no cause found in this side: give the other peer's report too (fishgame desync diff REPORT REPORT2)"}
	}
	return []string{"no cause found: both sides match their own re-simulations and inputs, yet their checksums differ; the reports are inconsistent"}
}

func (a *Analysis) writeResimulation(b *strings.Builder, res *Resimulation, maxFields int) {
	fmt.Fprintf(b, "  %s: ", a.name(res.Slot))
	switch {
	case !res.Done:
		b.WriteString("no inputs to re-simulate\n")
		return
	case res.Nondeterministic():
		fmt.Fprintf(b, "NONDETERMINISTIC: first diverges from its re-simulation at frame %d (recorded 0x%016x, re-simulated 0x%016x)\n",
			res.Diverged, res.Recorded, res.Resimulated)
	default:
		fmt.Fprintf(b, "matches its recorded checksums through frame %d\n", a.Report.Frame)
	}
	if res.Dumped && len(res.Dump) > 0 {
		fmt.Fprintf(b, "    its dump at frame %d differs from the re-simulation (dump != re-simulated):\n", a.Report.Frame)
		writeFields(b, "      ", res.Dump, maxFields)
	}
}

// name names a slot as "slot N" with the player's name when known.
func (a *Analysis) name(slot int) string {
	if slot < len(a.Report.Players) && a.Report.Players[slot] != "" {
		return fmt.Sprintf("slot %d (%s)", slot, a.Report.Players[slot])
	}
	return fmt.Sprintf("slot %d", slot)
}

func writeFields(b *strings.Builder, indent string, fields []game.FieldDiff, maxFields int) {
	for i, f := range fields {
		if maxFields > 0 && i == maxFields {
			fmt.Fprintf(b, "%s... and %d more\n", indent, len(fields)-i)
			return
		}
		b.WriteString(indent + f.String() + "\n")
	}
}

// frames names the frames before frame: "frames 0-299".
func frames(frame int32) string {
	switch frame {
	case 0:
		return "no frames (the desync is at the start)"
	case 1:
		return "frame 0"
	}
	return fmt.Sprintf("frames 0-%d", frame-1)
}

func known(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}
