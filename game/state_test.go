package game

import (
	"errors"
	"strings"
	"testing"
	"unsafe"
)

func TestNewRejectsBadConfig(t *testing.T) {
	maps, err := BuiltinMaps()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  Config
	}{
		{"zero players", Config{}},
		{"one player", Config{Players: 1}},
		{"five players", Config{Players: 5}},
		{"negative map", Config{Players: 2, Map: -1}},
		{"map out of range", Config{Players: 2, Map: len(maps)}},
	}
	for _, tt := range tests {
		if _, err := New(tt.cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: New(%+v) error = %v, want ErrConfig", tt.name, tt.cfg, err)
		}
	}
	if _, err := NewWithMaps(Config{Players: 2}, nil); !errors.Is(err, ErrConfig) {
		t.Errorf("NewWithMaps with no maps: error = %v, want ErrConfig", err)
	}
	for p := MinPlayers; p <= MaxPlayers; p++ {
		s, err := New(Config{Players: p})
		if err != nil || s.Players() != p || s.Alive() != p {
			t.Errorf("New(%d players) = %d players, %d alive, error %v", p, s.Players(), s.Alive(), err)
		}
	}
}

func TestNewReportsRoundStart(t *testing.T) {
	s, err := New(Config{Players: 3, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	evs := s.Events()
	if len(evs) == 0 || evs[0].Kind != EventRoundStart || evs[0].Frame != 0 {
		t.Fatalf("Events() after New = %v, want a round start at frame 0 first", evs)
	}
	if n := count(evs, EventSpawn, -2); n != min(4, s.Map().WeaponSpawns()) {
		t.Errorf("spawn events at New = %d, want %d", n, min(4, s.Map().WeaponSpawns()))
	}
}

// scripted returns varied but fixed inputs for frame f.
func scripted(f int) [MaxPlayers]Input {
	r := NewRand(uint64(f/7) * 2654435761)
	var in [MaxPlayers]Input
	for i := range in {
		in[i] = Input(r.Uint64()) & InputMask
	}
	return in
}

func TestSameInputsGiveSameStates(t *testing.T) {
	a, _ := New(Config{Players: 4, Seed: 5})
	b, _ := New(Config{Players: 4, Seed: 5})
	for f := range 3000 {
		in := scripted(f)
		a.Step(in)
		b.Step(in)
		if a.Checksum() != b.Checksum() || a != b {
			t.Fatalf("frame %d: states differ", a.Frame())
		}
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	s, _ := New(Config{Players: 4, Seed: 11})
	for f := range 500 {
		s.Step(scripted(f))
	}
	saved := s // Save is a copy
	var want []uint64
	for f := 500; f < 700; f++ {
		s.Step(scripted(f))
		want = append(want, s.Checksum())
	}
	s = saved // Load is a copy back
	for i, f := 0, 500; f < 700; i, f = i+1, f+1 {
		s.Step(scripted(f))
		if got := s.Checksum(); got != want[i] {
			t.Fatalf("frame %d after Load: checksum 0x%016x, want 0x%016x", s.Frame(), got, want[i])
		}
	}
	if saved.Frame() != 500 {
		t.Errorf("the saved copy changed: frame %d, want 500", saved.Frame())
	}
}

func TestChecksumSeesEveryChange(t *testing.T) {
	base, _ := New(Config{Players: 4, Seed: 2})
	for f := range 200 {
		base.Step(scripted(f))
	}
	mutations := map[string]func(s *State){
		"frame":       func(s *State) { s.frame++ },
		"fish x":      func(s *State) { s.fish[3].X++ },
		"fish vy":     func(s *State) { s.fish[1].VY-- },
		"fish facing": func(s *State) { s.fish[2].Facing = -s.fish[2].Facing },
		"fish prev":   func(s *State) { s.fish[0].prev ^= InputFire },
		"item":        func(s *State) { s.items[MaxItems-1].Ammo++ },
		"bullet":      func(s *State) { s.bullets[MaxBullets-1].Owner++ },
		"rng":         func(s *State) { s.rng.Uint64() },
		"wins":        func(s *State) { s.wins[1]++ },
		"respawn":     func(s *State) { s.respawn[0]++ },
		"maps":        func(s *State) { s.mapsDigest ^= 1 },
	}
	sum := base.Checksum()
	for name, mutate := range mutations {
		s := base
		mutate(&s)
		if s.Checksum() == sum {
			t.Errorf("changing %s left the checksum at 0x%016x", name, sum)
		}
	}
	b, _ := base.AppendBinary(nil)
	if len(b) != encodedSize {
		t.Errorf("AppendBinary gave %d bytes, want encodedSize %d", len(b), encodedSize)
	}
	if hashBytes(b) != sum {
		t.Errorf("Checksum is not the hash of AppendBinary's encoding")
	}
}

func TestEventsAreTaggedWithTheirFrame(t *testing.T) {
	s, _ := New(Config{Players: 4, Seed: 1})
	seen := 0
	for f := range 2000 {
		s.Step(scripted(f))
		for _, e := range s.Events() {
			seen++
			if e.Frame != s.Frame() {
				t.Fatalf("event %v in the Step to frame %d is tagged %d", e.Kind, s.Frame(), e.Frame)
			}
		}
	}
	if seen == 0 {
		t.Fatalf("no events in 2000 frames of play")
	}
	// Resimulating a frame gives the same events with the same tags, so a
	// front end can recognise what it already played.
	saved := s
	s.Step(inputs(InputJump, InputJump, InputJump, InputJump))
	first := append([]Event(nil), s.Events()...)
	s = saved
	s.Step(inputs(InputJump, InputJump, InputJump, InputJump))
	if got := s.Events(); len(got) != len(first) || (len(got) > 0 && got[0] != first[0]) {
		t.Errorf("resimulated events %v, first time %v", got, first)
	}
}

func TestUndefinedInputBitsAreIgnored(t *testing.T) {
	a, _ := New(Config{Players: 2, Seed: 4})
	b := a
	for f := range 300 {
		in := scripted(f)
		a.Step(in)
		for i := range in {
			in[i] |= 0xc0
		}
		in[2], in[3] = 0xff, 0xff // unused slots
		b.Step(in)
	}
	if a.Checksum() != b.Checksum() {
		t.Errorf("undefined bits or unused slots changed the simulation")
	}
}

func TestStepAndChecksumDoNotAllocate(t *testing.T) {
	s, _ := New(Config{Players: 4, Seed: 3})
	f := 0
	if n := testing.AllocsPerRun(500, func() { s.Step(scripted(f)); f++ }); n != 0 {
		t.Errorf("Step allocates %v times per call, want 0", n)
	}
	var sink uint64
	if n := testing.AllocsPerRun(100, func() { sink += s.Checksum() }); n != 0 {
		t.Errorf("Checksum allocates %v times per call, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = s.Events() }); n != 0 {
		t.Errorf("Events allocates %v times per call, want 0", n)
	}
}

func TestStateIsCompact(t *testing.T) {
	if size := unsafe.Sizeof(State{}); size > 4096 {
		t.Errorf("State is %d bytes, want at most 4096 so Save and Load stay cheap", size)
	}
}

func TestRandIsDeterministic(t *testing.T) {
	r := NewRand(42)
	// SplitMix64 reference values for seed 42.
	want := []uint64{0xbdd732262feb6e95, 0x28efe333b266f103, 0x47526757130f9f52}
	for i, w := range want {
		if got := r.Uint64(); got != w {
			t.Errorf("Uint64() #%d = 0x%016x, want 0x%016x", i, got, w)
		}
	}
	for range 1000 {
		if v := r.Intn(7); v < 0 || v >= 7 {
			t.Fatalf("Intn(7) = %d", v)
		}
	}
	if r.Intn(0) != 0 {
		t.Errorf("Intn(0) != 0")
	}
}

func TestStringShowsWhatDiffers(t *testing.T) {
	a, _ := New(Config{Players: 2, Seed: 6})
	for f := range 100 {
		a.Step(scripted(f))
	}
	b := a
	b.fish[1].VY += 3
	da, db := a.String(), b.String()
	if da == db {
		t.Fatalf("String() is the same for states that differ")
	}
	la, lb := strings.Split(da, "\n"), strings.Split(db, "\n")
	diff := 0
	for i := range la {
		if la[i] != lb[i] {
			diff++
			if !strings.HasPrefix(la[i], "frame ") && !strings.HasPrefix(la[i], "fish 1:") {
				t.Errorf("unexpected differing line %q", la[i])
			}
		}
	}
	if diff != 2 { // the header (checksum) and fish 1
		t.Errorf("%d lines differ, want 2", diff)
	}
}
