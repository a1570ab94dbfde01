package rollback_test

import (
	"errors"
	"testing"

	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
)

// flaky is a toy whose checksum changes with how often it was computed from
// frame bad on: resimulating it gives another checksum.
type flaky struct {
	rt.Toy
	calls uint64
}

func TestSyncTest(t *testing.T) {
	for _, bad := range []int32{-1, 0, 5, 40} {
		for _, dist := range []int{1, 2, 7} {
			s, err := rollback.NewSyncTest[flaky](2, dist)
			if err != nil {
				t.Fatal(err)
			}
			var g flaky
			var calls uint64
			a, b := rt.NewScript(1, 0), rt.NewScript(1, 1)
			var got error
			for range 100 {
				reqs, err := s.AdvanceFrame([]byte{a.Next(), b.Next()})
				if err != nil {
					got = err
					break
				}
				for _, r := range reqs {
					switch r.Kind {
					case rollback.RequestSave:
						sum := g.Checksum()
						if bad >= 0 && g.Frame >= bad {
							calls++
							sum ^= calls
						}
						r.Cell.Save(g, sum)
					case rollback.RequestLoad:
						g = r.Cell.State()
					case rollback.RequestAdvance:
						g.Step(r.Inputs)
					}
				}
			}
			if got == nil {
				got = s.Check()
			}
			var mm *rollback.MismatchError
			switch {
			case bad < 0 && got != nil:
				t.Errorf("distance %d, deterministic: err = %v, want nil", dist, got)
			case bad >= 0 && (!errors.As(got, &mm) || !errors.Is(got, rollback.ErrMismatch)):
				t.Errorf("distance %d, bad from %d: err = %v, want a MismatchError", dist, bad, got)
			case bad >= 0 && mm.Frame != max(bad, 1):
				t.Errorf("distance %d, bad from %d: mismatch at frame %d, want %d", dist, bad, mm.Frame, max(bad, 1))
			}
		}
	}
}

func TestSyncTestRejectsBadConfig(t *testing.T) {
	for _, c := range []struct{ players, dist int }{{0, 2}, {5, 2}, {2, 0}, {2, 99}} {
		if _, err := rollback.NewSyncTest[rt.Toy](c.players, c.dist); !errors.Is(err, rollback.ErrConfig) {
			t.Errorf("NewSyncTest(%d, %d) = %v, want ErrConfig", c.players, c.dist, err)
		}
	}
}
