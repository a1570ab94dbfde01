package game

import "testing"

func TestRoundEndScoresAndNextRoundResets(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 2, 16)
	place(&s, 1, 12, 16)
	arm(&s, 0, WeaponGun)
	var evs []Event
	for i := 0; i < 40 && s.Phase() == PhasePlay; i++ {
		evs = append(evs, run(&s, 1, inputs(InputFire))...)
	}
	end, ok := find(evs, EventRoundEnd)
	if !ok || end.Slot != 0 {
		t.Fatalf("round end event %+v (found %v), want won by slot 0", end, ok)
	}
	if s.Phase() != PhaseRoundOver || s.Wins(0) != 1 || s.Wins(1) != 0 || s.LastRoundWinner() != 0 {
		t.Fatalf("after the kill: phase %v, wins %d-%d, last winner %d; want round-over, 1-0, 0",
			s.Phase(), s.Wins(0), s.Wins(1), s.LastRoundWinner())
	}
	endFrame := end.Frame
	// The pause lasts RoundEndFrames; the survivor cannot fire meanwhile.
	var pause []Event
	for s.Phase() == PhaseRoundOver {
		pause = append(pause, run(&s, 1, inputs(InputFire|InputRight))...)
	}
	start, ok := find(pause, EventRoundStart)
	if !ok || start.Frame-endFrame != RoundEndFrames {
		t.Fatalf("next round started at frame %d (found %v), want %d frames after the end at %d", start.Frame, ok, RoundEndFrames, endFrame)
	}
	if count(pause, EventShot, -2) != 0 {
		t.Errorf("shots fired during the round-end pause")
	}
	if s.Round() != 1 || s.MapIndex() != 1 {
		t.Errorf("Round() = %d, MapIndex() = %d; want 1 and the next map 1", s.Round(), s.MapIndex())
	}
	m := s.Map()
	for slot := range 2 {
		f := s.Fish(slot)
		sp := m.Spawn(slot)
		if !f.Alive || f.Weapon != WeaponNone || f.X != int32(sp.Col)*tileSub+(tileSub-fishW)/2 {
			t.Errorf("slot %d after reset: alive %v, weapon %v, x %d; want alive, unarmed, at spawn col %d",
				slot, f.Alive, f.Weapon, f.X/SubPixel, sp.Col)
		}
	}
	items := 0
	for i := range MaxItems {
		if s.Item(i).Weapon != WeaponNone {
			items++
		}
	}
	if items != min(3, m.WeaponSpawns()) {
		t.Errorf("weapons on the map at round start = %d, want %d", items, min(3, m.WeaponSpawns()))
	}
	for i := range MaxBullets {
		if s.Bullet(i).Active {
			t.Errorf("bullet %d survived the reset", i)
		}
	}
}

func TestRoundGoesOnWhileTwoLive(t *testing.T) {
	s := newArena(t, 3)
	s.kill(2, 0)
	s.Step(inputs())
	if s.Phase() != PhasePlay {
		t.Errorf("phase with 2 of 3 alive = %v, want play", s.Phase())
	}
	s.kill(1, 0)
	evs := run(&s, 1, inputs())
	if e, ok := find(evs, EventRoundEnd); !ok || e.Slot != 0 {
		t.Errorf("round end %+v (found %v), want won by the last fish, slot 0", e, ok)
	}
}

func TestDrawWhenAllDieOnTheSameFrame(t *testing.T) {
	s := newArena(t, 2)
	place(&s, 0, 4, 16)
	place(&s, 1, 10, 16)
	s.fish[1].Facing = -1
	arm(&s, 0, WeaponGun)
	arm(&s, 1, WeaponGun)
	evs := run(&s, 1, inputs(InputFire, InputFire))
	evs = append(evs, run(&s, 20, inputs())...)
	if n := count(evs, EventDeath, -2); n != 2 {
		t.Fatalf("deaths = %d, want both fish", n)
	}
	var deathFrames []int32
	for _, e := range evs {
		if e.Kind == EventDeath {
			deathFrames = append(deathFrames, e.Frame)
		}
	}
	if deathFrames[0] != deathFrames[1] {
		t.Fatalf("deaths at frames %v, want the same frame", deathFrames)
	}
	end, ok := find(evs, EventRoundEnd)
	if !ok || end.Slot != -1 {
		t.Fatalf("round end %+v (found %v), want a draw (slot -1)", end, ok)
	}
	if s.Wins(0) != 0 || s.Wins(1) != 0 || s.LastRoundWinner() != -1 {
		t.Errorf("wins %d-%d, last winner %d after a draw; want 0-0, -1", s.Wins(0), s.Wins(1), s.LastRoundWinner())
	}
}

func TestFiveRoundWinsEndTheMatch(t *testing.T) {
	s := newArena(t, 3)
	for round := 1; round <= WinsToWinMatch; round++ {
		if _, over := s.Winner(); over {
			t.Fatalf("match over before round %d", round)
		}
		s.kill(1, 0)
		s.kill(2, 0)
		evs := run(&s, 1, inputs())
		if s.Wins(0) != round {
			t.Fatalf("wins after round %d = %d", round, s.Wins(0))
		}
		if round < WinsToWinMatch {
			if _, ok := find(evs, EventMatchEnd); ok {
				t.Fatalf("match end after %d wins", round)
			}
			run(&s, RoundEndFrames, inputs())
			continue
		}
		if e, ok := find(evs, EventMatchEnd); !ok || e.Slot != 0 {
			t.Fatalf("match end %+v (found %v), want won by slot 0", e, ok)
		}
	}
	if w, over := s.Winner(); !over || w != 0 {
		t.Fatalf("Winner() = %d, %v; want 0, true", w, over)
	}
	// After the match only the frame counter moves.
	before := s
	evs := run(&s, 300, inputs(InputRight|InputJump, InputLeft, InputFire))
	if len(evs) != 0 || s.Frame() != before.Frame()+300 || s.Phase() != PhaseMatchOver {
		t.Errorf("after the match: %d events, frame %d, phase %v", len(evs), s.Frame(), s.Phase())
	}
	before.frame = s.frame
	if before.Checksum() != s.Checksum() {
		t.Errorf("state changed after the match ended")
	}
}

func TestMapsAlternate(t *testing.T) {
	maps, err := BuiltinMaps()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Players: 2, Seed: 3, Map: 1})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 2 * len(maps) {
		if got, want := s.MapIndex(), (1+round)%len(maps); got != want {
			t.Fatalf("round %d map = %d, want %d", round, got, want)
		}
		if got, want := s.Map().Name(), maps[(1+round)%len(maps)].Name(); got != want {
			t.Fatalf("round %d map name = %q, want %q", round, got, want)
		}
		s.kill(1, 0)
		run(&s, RoundEndFrames+1, inputs())
		s.wins = [MaxPlayers]uint8{} // keep the match going
	}
}
