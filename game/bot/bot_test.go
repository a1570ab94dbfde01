package bot

import (
	"testing"

	"github.com/fishgame/fishgame/game"
)

// play runs a bot match and returns its inputs and event counts.
func play(t *testing.T, cfg game.Config, frames int) ([][game.MaxPlayers]game.Input, [32]int, game.State) {
	t.Helper()
	s, err := game.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	bots := make([]*Bot, cfg.Players)
	for i := range bots {
		bots[i] = New(cfg.Seed, i)
		if bots[i].Slot() != i {
			t.Fatalf("Slot() = %d, want %d", bots[i].Slot(), i)
		}
	}
	var counts [32]int
	var ins [][game.MaxPlayers]game.Input
	for range frames {
		var in [game.MaxPlayers]game.Input
		for i, b := range bots {
			in[i] = b.Input(&s)
			if in[i]&^game.InputMask != 0 {
				t.Fatalf("bot %d input 0x%02x has undefined bits", i, in[i])
			}
		}
		ins = append(ins, in)
		s.Step(in)
		for _, e := range s.Events() {
			counts[e.Kind]++
		}
	}
	return ins, counts, s
}

func TestBotsAreDeterministic(t *testing.T) {
	cfg := game.Config{Players: 4, Seed: 21}
	a, _, sa := play(t, cfg, 2000)
	b, _, sb := play(t, cfg, 2000)
	for f := range a {
		if a[f] != b[f] {
			t.Fatalf("frame %d: inputs %v then %v from the same seed", f+1, a[f], b[f])
		}
	}
	if sa.Checksum() != sb.Checksum() {
		t.Errorf("same bots, different final states")
	}
	c, _, _ := play(t, game.Config{Players: 4, Seed: 22}, 2000)
	same := 0
	for f := range a {
		if a[f] == c[f] {
			same++
		}
	}
	if same == len(a) {
		t.Errorf("seeds 21 and 22 played identical inputs")
	}
}

func TestBotsPlayPlausibly(t *testing.T) {
	for _, players := range []int{2, 3, 4} {
		for seed := uint64(1); seed <= 4; seed++ {
			_, counts, s := play(t, game.Config{Players: players, Seed: seed, Map: int(seed % 3)}, 3600)
			for _, k := range []game.EventKind{game.EventJump, game.EventPickup, game.EventDeath, game.EventRoundEnd} {
				if counts[k] == 0 {
					t.Errorf("%d players, seed %d: no %v events in a minute of play", players, seed, k)
				}
			}
			if counts[game.EventShot]+counts[game.EventSwing] == 0 {
				t.Errorf("%d players, seed %d: bots never fired or swung", players, seed)
			}
			if s.Round() == 0 && s.Phase() == game.PhasePlay {
				t.Errorf("%d players, seed %d: the first round never ended", players, seed)
			}
		}
	}
}

func TestBotsMoveAroundTheMap(t *testing.T) {
	s, err := game.New(game.Config{Players: 2, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	bots := []*Bot{New(8, 0), New(8, 1)}
	var minX, maxX, minY, maxY [2]int32
	for i := range 2 {
		f := s.Fish(i)
		minX[i], maxX[i], minY[i], maxY[i] = f.X, f.X, f.Y, f.Y
	}
	for range 600 {
		s.Step([game.MaxPlayers]game.Input{bots[0].Input(&s), bots[1].Input(&s)})
		for i := range 2 {
			f := s.Fish(i)
			if !f.Alive {
				continue
			}
			minX[i], maxX[i] = min(minX[i], f.X), max(maxX[i], f.X)
			minY[i], maxY[i] = min(minY[i], f.Y), max(maxY[i], f.Y)
		}
	}
	for i := range 2 {
		if maxX[i]-minX[i] < 3*game.TileSize*game.SubPixel || maxY[i]-minY[i] < game.TileSize*game.SubPixel {
			t.Errorf("bot %d stayed in a %d×%d px box", i, (maxX[i]-minX[i])/game.SubPixel, (maxY[i]-minY[i])/game.SubPixel)
		}
	}
}

func TestDeadBotPressesNothing(t *testing.T) {
	s, _ := game.New(game.Config{Players: 4, Seed: 3})
	bots := []*Bot{New(3, 0), New(3, 1), New(3, 2), New(3, 3)}
	checked := 0
	for range 3600 {
		var in [game.MaxPlayers]game.Input
		for i, b := range bots {
			in[i] = b.Input(&s)
			if !s.Fish(i).Alive && in[i] != 0 {
				t.Fatalf("frame %d: bot %d pressed %v for a dead fish", s.Frame(), i, in[i])
			}
			if !s.Fish(i).Alive {
				checked++
			}
		}
		s.Step(in)
	}
	if checked == 0 {
		t.Fatalf("no fish died in a minute of play")
	}
}

// BenchmarkInput measures one frame of a bot match: four bots choose their
// inputs, then the state steps.
func BenchmarkInput(b *testing.B) {
	s, err := game.New(game.Config{Players: 4, Seed: 5})
	if err != nil {
		b.Fatal(err)
	}
	bots := []*Bot{New(5, 0), New(5, 1), New(5, 2), New(5, 3)}
	start := s
	f := 0
	for b.Loop() {
		if f%600 == 0 {
			s = start
		}
		var in [game.MaxPlayers]game.Input
		for i, bt := range bots {
			in[i] = bt.Input(&s)
		}
		s.Step(in)
		f++
	}
}
