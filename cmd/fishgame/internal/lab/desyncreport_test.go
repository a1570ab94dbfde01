package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/desync"
	"github.com/fishgame/fishgame/game"
)

// nudgeFishX adds by to fish[slot].x of s. It is the test double of a
// nondeterministic build: package game offers no way to change a state
// from outside, on purpose.
func nudgeFishX(s *game.State, slot int, by int32) {
	x := reflect.ValueOf(s).Elem().FieldByName("fish").Index(slot).FieldByName("X")
	*(*int32)(unsafe.Pointer(x.UnsafeAddr())) += by
}

// TestLabDesyncReportNamesThePerturbedFrameAndField perturbs one peer's
// simulation at a known frame and field, as a nondeterministic build would.
// The lab detects the desync, each peer writes a report with both sides,
// and the analysis that desync diff prints names that frame and that field,
// with 2 and with 4 players.
func TestLabDesyncReportNamesThePerturbedFrameAndField(t *testing.T) {
	for _, players := range []int{2, 4} {
		t.Run(fmt.Sprintf("%d players", players), func(t *testing.T) { testPerturbedPeer(t, players) })
	}
}

func testPerturbedPeer(t *testing.T, players int) {
	const badSlot, badFrame, field = 1, 290, "fish[0].x"
	cfg := simConfig(players, 600, 5, 30*time.Millisecond, 5*time.Millisecond, 0.05)
	cfg.DesyncDir = filepath.Join(t.TempDir(), "desync")
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg.perturb = func(slot int, s *game.State) {
		if slot == badSlot && s.Frame() == badFrame {
			nudgeFishX(s, 0, 3)
		}
	}
	if _, err := Run(context.Background(), cfg, io.Discard); !errors.Is(err, ErrDesync) {
		t.Fatalf("Run with a perturbed peer = %v, want ErrDesync", err)
	}
	files, _ := filepath.Glob(filepath.Join(cfg.DesyncDir, "*.fgdr"))
	if len(files) != players {
		t.Fatalf("report files %v, want one per peer", files)
	}
	var reports []desync.Report
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := desync.ParseReport(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		reports = append(reports, r)
	}
	for _, r := range reports {
		// The first checkpoint after the perturbation (every 30 frames).
		if r.Frame != 300 || !r.Remote.HasState() || !r.Remote.HasReplay() || !r.Local.HasReplay() {
			t.Fatalf("slot %d's report: frame %d, remote state %v, remote inputs %v; want frame 300 with both sides",
				r.Local.Slot, r.Frame, r.Remote.HasState(), r.Remote.HasReplay())
		}
		a, err := desync.Analyze(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !a.FieldsKnown || len(a.Fields) != 1 || a.Fields[0].Path != field {
			t.Errorf("slot %d's report: fields %v differ at frame 300, want only %s", r.Local.Slot, a.Fields, field)
		}
		bad, good := a.Local, a.Remote
		if r.Local.Slot != badSlot {
			bad, good = good, bad
		}
		if bad.Slot != badSlot || bad.Diverged != badFrame || good.Nondeterministic() {
			t.Errorf("slot %d's report: slot %d diverges at %d, slot %d at %d; want slot %d at frame %d only",
				r.Local.Slot, bad.Slot, bad.Diverged, good.Slot, good.Diverged, badSlot, badFrame)
		}
		if len(bad.Dump) != 1 || bad.Dump[0].Path != field || len(good.Dump) != 0 {
			t.Errorf("slot %d's dump differs from its re-simulation in %v, slot %d's in %v; want only %s in slot %d's",
				badSlot, bad.Dump, good.Slot, good.Dump, field, badSlot)
		}
		if a.Inputs.Differ() {
			t.Errorf("inputs differ at frame %d, want the same inputs", a.Inputs.Frame)
		}
		var out strings.Builder
		a.WriteText(&out, 0)
		for _, want := range []string{"\n  " + field + ": ", "nondeterminism: slot 1's state diverges from its own re-simulation at frame 290"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("desync diff of slot %d's report lacks %q:\n%s", r.Local.Slot, want, out.String())
			}
		}
	}
}

func TestLabWritesNoReportWithoutADesync(t *testing.T) {
	cfg := simConfig(3, 300, 2, 20*time.Millisecond, 2*time.Millisecond, 0.05)
	cfg.DesyncDir = filepath.Join(t.TempDir(), "desync")
	if _, err := Run(context.Background(), cfg, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cfg.DesyncDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an honest match made the report directory (%v)", err)
	}
}
