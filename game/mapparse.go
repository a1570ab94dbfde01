package game

import (
	"bytes"
	"fmt"
	"strings"
)

// MapError describes what is wrong with a map file and where.
type MapError struct {
	// File is the name the map was parsed under.
	File string
	// Line is the 1-based line of the problem; 0 when it concerns the whole file.
	Line int
	// Col is the 1-based column of the problem; 0 when it concerns the whole line.
	Col int
	// Msg says what was found and what was expected.
	Msg string
}

// Error formats the error as "file:line:col: msg".
func (e *MapError) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Unwrap returns ErrMap, so errors.Is(err, ErrMap) holds for every MapError.
func (e *MapError) Unwrap() error { return ErrMap }

// maxMapFileSize bounds the input ParseMap reads; real maps are about 700 bytes.
const maxMapFileSize = 64 << 10

// ParseMap parses a map in the text format of assets/maps. file names the
// source in error messages.
//
// The format: lines starting with ';' are comments and blank lines are
// skipped before the grid; a header line "name: <display name>" comes first;
// then exactly Rows lines of exactly Cols tiles:
//
//	.  empty           #  solid wall or floor
//	=  one-way platform
//	1-4  fish spawn point for slot 0-3 (an empty tile)
//	W  weapon spawn point (an empty tile)
//
// Every map has all four fish spawns and 1..MaxWeaponSpawns weapon spawns.
func ParseMap(file string, data []byte) (Map, error) {
	var m Map
	fail := func(line, col int, format string, a ...any) (Map, error) {
		return Map{}, &MapError{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, a...)}
	}
	if len(data) > maxMapFileSize {
		return fail(0, 0, "file is %d bytes, expected at most %d", len(data), maxMapFileSize)
	}
	var spawnLine [MaxPlayers]int
	haveName := false
	row := 0
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if row == 0 && (len(bytes.TrimSpace(line)) == 0 || line[0] == ';') {
			continue
		}
		if !haveName {
			name, ok := strings.CutPrefix(string(line), "name:")
			if !ok {
				return fail(lineNo, 1, "expected header \"name: <map name>\", found %q", clip(line))
			}
			name = strings.TrimSpace(name)
			if name == "" || len(name) > MaxMapName {
				return fail(lineNo, 0, "map name %q must be 1 to %d bytes", name, MaxMapName)
			}
			for i := 0; i < len(name); i++ {
				if name[i] < 0x20 || name[i] > 0x7e {
					return fail(lineNo, 0, "map name must be printable ASCII, found byte 0x%02x", name[i])
				}
			}
			m.nameLen = uint8(copy(m.name[:], name))
			haveName = true
			continue
		}
		if row == Rows {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			return fail(lineNo, 1, "expected end of file after %d map rows, found %q", Rows, clip(line))
		}
		if len(line) != Cols {
			return fail(lineNo, 0, "expected a map row of %d tiles, found %d characters", Cols, len(line))
		}
		for col, c := range line {
			bit := uint32(1) << uint(col)
			switch {
			case c == '.':
			case c == '#':
				m.solid[row] |= bit
			case c == '=':
				m.oneWay[row] |= bit
			case c >= '1' && c <= '4':
				slot := int(c - '1')
				if spawnLine[slot] != 0 {
					return fail(lineNo, col+1, "second spawn point %c, expected one (first on line %d)", c, spawnLine[slot])
				}
				spawnLine[slot] = lineNo
				m.spawns[slot] = TilePos{Col: int8(col), Row: int8(row)}
			case c == 'W':
				if m.numWeapons == MaxWeaponSpawns {
					return fail(lineNo, col+1, "more than %d weapon spawn points", MaxWeaponSpawns)
				}
				m.weaponSpawns[m.numWeapons] = TilePos{Col: int8(col), Row: int8(row)}
				m.numWeapons++
			default:
				return fail(lineNo, col+1, "unknown tile %q, expected one of . # = 1 2 3 4 W", rune(c))
			}
		}
		row++
	}
	if !haveName {
		return fail(0, 0, "empty map, expected header \"name: <map name>\" and %d rows", Rows)
	}
	if row < Rows {
		return fail(lineNo+1, 0, "unexpected end of file after %d map rows, expected %d", row, Rows)
	}
	for slot, l := range spawnLine {
		if l == 0 {
			return fail(0, 0, "missing spawn point %d, expected one each of 1 2 3 4", slot+1)
		}
	}
	if m.numWeapons == 0 {
		return fail(0, 0, "no weapon spawn point, expected at least one W")
	}
	return m, nil
}

// clip shortens a line for an error message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}
