package game

// Tile is the kind of one map cell.
type Tile uint8

// The kinds of tile.
const (
	// TileEmpty is open water: fish, weapons and bullets pass.
	TileEmpty Tile = iota
	// TileSolid is a wall or floor: nothing passes.
	TileSolid
	// TileOneWay is a platform that holds things falling onto it from above
	// and lets everything else through.
	TileOneWay
)

// TilePos is a tile's column and row.
type TilePos struct {
	// Col is the tile column, 0..Cols-1, left to right.
	Col int8
	// Row is the tile row, 0..Rows-1, top to bottom.
	Row int8
}

// Map is one arena: its tiles as per-row bitsets, fish spawn points and
// weapon spawn points. It is a plain value with no pointers.
type Map struct {
	solid        [Rows]uint32
	oneWay       [Rows]uint32
	spawns       [MaxPlayers]TilePos
	weaponSpawns [MaxWeaponSpawns]TilePos
	numWeapons   uint8
	nameLen      uint8
	name         [MaxMapName]byte
}

// Name returns the map's display name.
func (m *Map) Name() string { return string(m.name[:m.nameLen]) }

// Tile returns the tile at col, row. Cells left or right of the map are
// solid (the arena has invisible side walls); cells above or below are empty.
func (m *Map) Tile(col, row int) Tile {
	if col < 0 || col >= Cols {
		return TileSolid
	}
	if row < 0 || row >= Rows {
		return TileEmpty
	}
	bit := uint32(1) << uint(col)
	switch {
	case m.solid[row]&bit != 0:
		return TileSolid
	case m.oneWay[row]&bit != 0:
		return TileOneWay
	}
	return TileEmpty
}

// Spawn returns the tile where the fish in slot starts a round.
func (m *Map) Spawn(slot int) TilePos { return m.spawns[slot] }

// WeaponSpawns returns the number of weapon spawn points.
func (m *Map) WeaponSpawns() int { return int(m.numWeapons) }

// WeaponSpawn returns weapon spawn point i, for i < WeaponSpawns().
func (m *Map) WeaponSpawn(i int) TilePos { return m.weaponSpawns[i] }

// solidAt reports whether the tile at col, row stops movement.
func (m *Map) solidAt(col, row int32) bool {
	if col < 0 || col >= Cols {
		return true
	}
	if row < 0 || row >= Rows {
		return false
	}
	return m.solid[row]>>uint32(col)&1 != 0
}

// oneWayAt reports whether the tile at col, row is a one-way platform.
func (m *Map) oneWayAt(col, row int32) bool {
	if col < 0 || col >= Cols || row < 0 || row >= Rows {
		return false
	}
	return m.oneWay[row]>>uint32(col)&1 != 0
}

// tileOf converts a sub-pixel coordinate to a tile index, rounding down.
func tileOf(v int32) int32 { return v >> 12 } // 4096 = TileSize * SubPixel

// appendBinary appends the map's canonical encoding.
func (m *Map) appendBinary(b []byte) []byte {
	for r := range Rows {
		b = le32(b, m.solid[r])
		b = le32(b, m.oneWay[r])
	}
	for _, p := range m.spawns {
		b = append(b, byte(p.Col), byte(p.Row))
	}
	for _, p := range m.weaponSpawns {
		b = append(b, byte(p.Col), byte(p.Row))
	}
	b = append(b, m.numWeapons, m.nameLen)
	return append(b, m.name[:]...)
}
