package game

import (
	"strings"
	"testing"
)

// arena is a small test map:
//   - a flat floor (row 16) from col 1 to 18, a pit at cols 19-22, floor again from 23;
//   - a one-way platform at row 13, cols 10-15 (48 px above the floor);
//   - a low solid ceiling at row 13, cols 3-4 (18 px above a standing fish);
//   - a wall at col 25, rows 14-15.
var arena = []string{
	"name: Arena",
	"..............................",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#............................#",
	"#..##.....======.............#",
	"#........................#...#",
	"#1.2.3.4.......W.........#...#",
	"###################....#######",
}

// newArena returns a match on the arena with no weapons on the map and the
// fish in slots 0..players-1 at their spawns.
func newArena(t testing.TB, players int) State {
	t.Helper()
	m, err := ParseMap("arena.txt", []byte(strings.Join(arena, "\n")))
	if err != nil {
		t.Fatalf("ParseMap(arena) error = %v", err)
	}
	s, err := NewWithMaps(Config{Players: players, Seed: 1}, []Map{m, m})
	if err != nil {
		t.Fatalf("NewWithMaps error = %v", err)
	}
	s.items = [MaxItems]Item{}
	return s
}

// place puts the fish in slot standing on the floor whose top is at tile
// row floorRow, horizontally centered on col, at rest and facing right.
func place(s *State, slot, col, floorRow int) {
	f := &s.fish[slot]
	f.X = int32(col)*tileSub + (tileSub-fishW)/2
	f.Y = int32(floorRow)*tileSub - fishH
	f.VX, f.VY = 0, 0
	f.Facing = 1
	f.OnGround = true
}

// inputs returns a frame's inputs with in for slot 0 and the given others.
func inputs(in ...Input) [MaxPlayers]Input {
	var out [MaxPlayers]Input
	copy(out[:], in)
	return out
}

// run steps s n times with the same inputs and returns every event.
func run(s *State, n int, in [MaxPlayers]Input) []Event {
	var evs []Event
	for range n {
		s.Step(in)
		evs = append(evs, s.Events()...)
	}
	return evs
}

// count returns how many events of kind k about slot are in evs (slot -2: any).
func count(evs []Event, k EventKind, slot int8) int {
	n := 0
	for _, e := range evs {
		if e.Kind == k && (slot == -2 || e.Slot == slot) {
			n++
		}
	}
	return n
}

// find returns the first event of kind k, and whether there is one.
func find(evs []Event, k EventKind) (Event, bool) {
	for _, e := range evs {
		if e.Kind == k {
			return e, true
		}
	}
	return Event{}, false
}
