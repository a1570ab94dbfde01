package frontend

import (
	"slices"
	"testing"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
)

func TestEventFilterFresh(t *testing.T) {
	shot := game.Event{Frame: 5, Kind: game.EventShot, Slot: 0, Other: -1, X: 10, Y: 20}
	spawnA := game.Event{Frame: 5, Kind: game.EventSpawn, Slot: -1, Other: -1, Weapon: game.WeaponGun, X: 40, Y: 30}
	spawnB := game.Event{Frame: 5, Kind: game.EventSpawn, Slot: -1, Other: -1, Weapon: game.WeaponSword, X: 200, Y: 30}
	jump := game.Event{Frame: 6, Kind: game.EventJump, Slot: 1, Other: -1}
	old := game.Event{Frame: 6 - DefaultFilterWindow, Kind: game.EventJump, Slot: 1, Other: -1}
	tests := []struct {
		name  string
		batch []game.Event
		want  []game.Event
	}{
		{"first sight passes, same-kind events of one step are kept apart", []game.Event{shot, spawnA, spawnB}, []game.Event{shot, spawnA, spawnB}},
		{"the same step again passes nothing", []game.Event{shot, spawnA, spawnB}, nil},
		{"a resimulated step passes nothing even if positions moved", []game.Event{{Frame: 5, Kind: game.EventShot, Slot: 0, Other: -1, X: 12, Y: 20}}, nil},
		{"a newer frame passes", []game.Event{jump}, []game.Event{jump}},
		{"a frame older than the window is dropped", []game.Event{old}, nil},
		{"a third spawn on a seen frame passes", []game.Event{spawnA, spawnB, spawnB}, []game.Event{spawnB}},
	}
	f := NewEventFilter(0)
	for _, tt := range tests {
		got := f.Fresh(nil, tt.batch)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Fresh(%v) = %v, want %v", tt.name, tt.batch, got, tt.want)
		}
	}
	f.Reset()
	if got := f.Fresh(nil, []game.Event{shot}); len(got) != 1 {
		t.Errorf("after Reset: Fresh(shot) = %v, want it passed", got)
	}
}

// TestEventFilterRollback plays a bot match twice: straight, and with a
// rollback of 6 frames every 4 frames, resimulating with the recorded
// inputs. The filter must pass exactly the events of the straight run.
func TestEventFilterRollback(t *testing.T) {
	const frames = 1500
	cfg := game.Config{Players: 4, Seed: 11}
	s, err := game.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var bots [game.MaxPlayers]*bot.Bot
	for i := range bots {
		bots[i] = bot.New(cfg.Seed+uint64(i), i)
	}
	inputs := make([][game.MaxPlayers]game.Input, frames)
	want := append([]game.Event(nil), s.Events()...)
	for f := range frames {
		for i, b := range bots {
			inputs[f][i] = b.Input(&s)
		}
		s.Step(inputs[f])
		want = append(want, s.Events()...)
	}
	kinds := map[game.EventKind]bool{}
	for _, e := range want {
		kinds[e.Kind] = true
	}
	if !kinds[game.EventShot] && !kinds[game.EventSwing] || !kinds[game.EventDeath] {
		t.Fatalf("straight run events cover %v; want shots or swings and deaths for a meaningful test", kinds)
	}

	r, err := game.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	filter := NewEventFilter(0)
	got := filter.Fresh(nil, r.Events())
	saved := map[int32]game.State{}
	for f := 0; f < frames; f++ {
		saved[r.Frame()] = r
		r.Step(inputs[f])
		got = filter.Fresh(got, r.Events())
		if f%4 == 3 && f >= 6 {
			r = saved[r.Frame()-6]
			for k := int(r.Frame()); k <= f; k++ {
				r.Step(inputs[k])
				got = filter.Fresh(got, r.Events())
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("filtered events with rollbacks: %d, want %d as in the straight run", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
