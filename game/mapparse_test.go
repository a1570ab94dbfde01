package game

import (
	"errors"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/assets"
)

func TestBuiltinMapsParse(t *testing.T) {
	files, err := assets.Maps()
	if err != nil {
		t.Fatal(err)
	}
	maps, err := BuiltinMaps()
	if err != nil {
		t.Fatalf("BuiltinMaps() error = %v", err)
	}
	if len(maps) < 2 || len(maps) != len(files) {
		t.Fatalf("BuiltinMaps() gave %d maps from %d files, want all of at least 2", len(maps), len(files))
	}
	for i, m := range maps {
		for slot := range MaxPlayers {
			sp := m.Spawn(slot)
			if m.Tile(int(sp.Col), int(sp.Row)+1) == TileEmpty {
				t.Errorf("%s: spawn %d at %v has no floor below", files[i].Path, slot+1, sp)
			}
		}
		for w := range m.WeaponSpawns() {
			sp := m.WeaponSpawn(w)
			if m.Tile(int(sp.Col), int(sp.Row)+1) == TileEmpty {
				t.Errorf("%s: weapon spawn %v has no floor below", files[i].Path, sp)
			}
		}
	}
}

func TestParseMapTiles(t *testing.T) {
	m, err := ParseMap("arena.txt", []byte(strings.Join(arena, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		col, row int
		want     Tile
	}{
		{-1, 0, TileSolid},   // left of the map: invisible wall
		{1, 0, TileEmpty},    // open top row
		{0, 1, TileSolid},    // side wall
		{10, 13, TileOneWay}, // platform
		{3, 13, TileSolid},   // ceiling block
		{19, 16, TileEmpty},  // pit
		{18, 16, TileSolid},  // floor
		{30, 5, TileSolid},   // right of the map
		{5, -1, TileEmpty},   // above the map
		{5, 17, TileEmpty},   // below the map
		{1, 15, TileEmpty},   // spawn point
		{15, 15, TileEmpty},  // weapon spawn point
	}
	for _, tt := range tests {
		if got := m.Tile(tt.col, tt.row); got != tt.want {
			t.Errorf("Tile(%d, %d) = %d, want %d", tt.col, tt.row, got, tt.want)
		}
	}
	if m.Name() != "Arena" || m.WeaponSpawns() != 1 || m.WeaponSpawn(0) != (TilePos{Col: 15, Row: 15}) {
		t.Errorf("name %q, weapon spawns %d at %v; want Arena, 1 at {15 15}", m.Name(), m.WeaponSpawns(), m.WeaponSpawn(0))
	}
	if m.Spawn(3) != (TilePos{Col: 7, Row: 15}) {
		t.Errorf("Spawn(3) = %v, want {7 15}", m.Spawn(3))
	}
}

func TestParseMapErrors(t *testing.T) {
	good := strings.Join(arena, "\n")
	row := func(i int) string { return arena[i+1] } // grid row i, on line i+2
	withRow := func(i int, text string) string {
		lines := append([]string(nil), arena...)
		lines[i+1] = text
		return strings.Join(lines, "\n")
	}
	tests := []struct {
		name string
		text string
		want string
	}{
		{"empty", "", "m.txt: empty map"},
		{"comments only", "; nothing\n\n", "m.txt: empty map"},
		{"no header", row(0) + "\n", `m.txt:1:1: expected header "name: <map name>"`},
		{"blank name", "name:   \n", `m.txt:1: map name "" must be 1 to 16 bytes`},
		{"long name", "name: " + strings.Repeat("x", 17), "m.txt:1: map name"},
		{"short row", withRow(3, row(3)[:29]), "m.txt:5: expected a map row of 30 tiles, found 29 characters"},
		{"bad tile", withRow(2, "#x"+row(2)[2:]), "m.txt:4:2: unknown tile 'x', expected one of . # = 1 2 3 4 W"},
		{"missing rows", strings.Join(arena[:10], "\n"), "m.txt:11: unexpected end of file after 9 map rows, expected 17"},
		{"extra row", good + "\n" + row(0), "m.txt:19:1: expected end of file after 17 map rows"},
		{"second spawn", withRow(15, "#1.1.3.4.......W.........#...#"), "m.txt:17:4: second spawn point 1, expected one (first on line 17)"},
		{"missing spawn", withRow(15, "#1.2.3.........W.........#...#"), "m.txt: missing spawn point 4"},
		{"no weapon spawn", withRow(15, "#1.2.3.4.................#...#"), "m.txt: no weapon spawn point"},
		{"too many weapon spawns", withRow(2, "#WWWWWWWWW...................#"), "m.txt:4:10: more than 8 weapon spawn points"},
		{"too big", strings.Repeat(";\n", 40000), "m.txt: file is 80000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMap("m.txt", []byte(tt.text))
			if err == nil {
				t.Fatalf("ParseMap() error = nil, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ParseMap() error = %q, want prefix %q", err, tt.want)
			}
			if !errors.Is(err, ErrMap) {
				t.Errorf("ParseMap() error %v is not ErrMap", err)
			}
		})
	}
}

func TestParseMapAcceptsCRLFAndTrailingBlankLines(t *testing.T) {
	text := strings.Join(arena, "\r\n") + "\r\n\r\n"
	crlf, err := ParseMap("crlf.txt", []byte(text))
	if err != nil {
		t.Fatalf("ParseMap(CRLF) error = %v", err)
	}
	lf, _ := ParseMap("lf.txt", []byte(strings.Join(arena, "\n")))
	if crlf != lf {
		t.Errorf("CRLF and LF versions of the same map differ")
	}
}

func FuzzParseMap(f *testing.F) {
	files, err := assets.Maps()
	if err != nil {
		f.Fatal(err)
	}
	for _, m := range files {
		f.Add(m.Data)
	}
	f.Add([]byte(strings.Join(arena, "\n")))
	f.Add([]byte("name: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMap("fuzz.txt", data)
		if err != nil {
			if !errors.Is(err, ErrMap) {
				t.Fatalf("error %v is not ErrMap", err)
			}
			return
		}
		// A map that parses starts a match that runs.
		s, err := NewWithMaps(Config{Players: 4}, []Map{m})
		if err != nil {
			t.Fatalf("NewWithMaps on a parsed map: %v", err)
		}
		for i := range 30 {
			s.Step(inputs(Input(i)&InputMask, InputRight|InputJump, InputLeft|InputFire, InputGrab))
		}
	})
}
