package game

import "fmt"

// Config chooses a match. The zero value of every field but Players is
// sensible.
type Config struct {
	// Players is the number of fish, MinPlayers..MaxPlayers; they use slots
	// 0..Players-1.
	Players int
	// Seed seeds the PRNG that places weapons.
	Seed uint64
	// Map is the index in BuiltinMaps of the first round's map; later rounds
	// go through the rotation in order.
	Map int
}

// Phase is the part of a match the simulation is in.
type Phase uint8

// The phases.
const (
	// PhasePlay is a round in progress.
	PhasePlay Phase = iota
	// PhaseRoundOver is the pause after a round ends.
	PhaseRoundOver
	// PhaseMatchOver means a fish has won the match; Step only counts frames.
	PhaseMatchOver
)

// String returns the phase's name.
func (p Phase) String() string {
	switch p {
	case PhasePlay:
		return "play"
	case PhaseRoundOver:
		return "round-over"
	case PhaseMatchOver:
		return "match-over"
	}
	return "unknown"
}

// State is the whole simulation at one frame. It is a plain value with
// fixed-size arrays and no pointers: copy it to save, copy it back to load.
// The zero State is not a match; make one with New.
type State struct {
	frame      int32
	players    uint8
	phase      Phase
	phaseTimer uint16 // frames left in PhaseRoundOver
	round      uint16 // 0-based index of the current round
	firstMap   uint8
	numMaps    uint8
	lastWinner int8 // winner of the last finished round, -1 for a draw or none
	wins       [MaxPlayers]uint8
	rng        Rand
	respawn    [MaxItems]uint16 // countdowns to weapon respawns, 0 = idle
	dying      uint8            // during Step: slots that die at the end of the frame; 0 between Steps
	killer     [MaxPlayers]int8 // during Step: who killed each dying slot

	fish    [MaxPlayers]Fish
	items   [MaxItems]Item
	bullets [MaxBullets]Bullet
	maps    [MaxMaps]Map

	// mapsDigest hashes maps, which never change after New, so Checksum
	// covers them without re-encoding them every frame.
	mapsDigest uint64

	numEvents uint8
	events    [MaxEvents]Event
}

// New starts a match: round 1 on map cfg.Map with weapons placed by cfg.Seed.
func New(cfg Config) (State, error) {
	maps, err := BuiltinMaps()
	if err != nil {
		return State{}, fmt.Errorf("load maps: %w", err)
	}
	return NewWithMaps(cfg, maps)
}

// NewWithMaps is New with a custom map rotation of 1..MaxMaps maps instead of
// the built-in maps; cfg.Map indexes maps.
func NewWithMaps(cfg Config, maps []Map) (State, error) {
	if cfg.Players < MinPlayers || cfg.Players > MaxPlayers {
		return State{}, fmt.Errorf("%d players, expected %d to %d: %w", cfg.Players, MinPlayers, MaxPlayers, ErrConfig)
	}
	if len(maps) == 0 || len(maps) > MaxMaps {
		return State{}, fmt.Errorf("%d maps, expected 1 to %d: %w", len(maps), MaxMaps, ErrConfig)
	}
	if cfg.Map < 0 || cfg.Map >= len(maps) {
		return State{}, fmt.Errorf("map index %d, expected 0 to %d: %w", cfg.Map, len(maps)-1, ErrConfig)
	}
	s := State{
		players:    uint8(cfg.Players),
		firstMap:   uint8(cfg.Map),
		numMaps:    uint8(len(maps)),
		lastWinner: -1,
		rng:        NewRand(cfg.Seed),
	}
	copy(s.maps[:], maps)
	var buf [MaxMaps * 200]byte
	b := buf[:0]
	for i := range s.maps {
		b = s.maps[i].appendBinary(b)
	}
	s.mapsDigest = hashBytes(b)
	s.startRound()
	return s, nil
}

// Frame returns the number of Steps since New.
func (s *State) Frame() int32 { return s.frame }

// Players returns the number of fish in the match.
func (s *State) Players() int { return int(s.players) }

// Fish returns a copy of the fish in slot, 0 <= slot < MaxPlayers. Slots at
// or above Players() hold zero fish.
func (s *State) Fish(slot int) Fish { return s.fish[slot] }

// Item returns a copy of item slot i, 0 <= i < MaxItems; slots whose Weapon
// is WeaponNone are unused.
func (s *State) Item(i int) Item { return s.items[i] }

// Bullet returns a copy of bullet slot i, 0 <= i < MaxBullets; slots that
// are not Active are unused.
func (s *State) Bullet(i int) Bullet { return s.bullets[i] }

// Map returns the current round's map. It points into the State: read it,
// don't assign to it.
func (s *State) Map() *Map { return &s.maps[s.MapIndex()] }

// MapIndex returns the index of the current round's map in the rotation.
func (s *State) MapIndex() int { return (int(s.firstMap) + int(s.round)) % int(s.numMaps) }

// Round returns the 0-based index of the current round.
func (s *State) Round() int { return int(s.round) }

// Phase returns the part of the match the simulation is in.
func (s *State) Phase() Phase { return s.phase }

// PhaseFrames returns the frames left in the round-end pause, 0 otherwise.
func (s *State) PhaseFrames() int { return int(s.phaseTimer) }

// Wins returns the rounds won by slot.
func (s *State) Wins(slot int) int { return int(s.wins[slot]) }

// LastRoundWinner returns the winner of the last finished round, or -1 for
// a draw or before any round has ended.
func (s *State) LastRoundWinner() int { return int(s.lastWinner) }

// Winner returns the slot that won the match and true once the match is
// over, or -1 and false while it goes on.
func (s *State) Winner() (slot int, over bool) {
	if s.phase != PhaseMatchOver {
		return -1, false
	}
	return int(s.lastWinner), true
}

// Alive returns the number of living fish.
func (s *State) Alive() int {
	n := 0
	for i := range int(s.players) {
		if s.fish[i].Alive {
			n++
		}
	}
	return n
}

// Events returns the events produced by the last Step (after New: the first
// round's start). The slice aliases the State and is valid until the next
// Step or Load.
func (s *State) Events() []Event { return s.events[:s.numEvents] }

// currentMap returns the current round's map without copying it.
func (s *State) currentMap() *Map { return &s.maps[s.MapIndex()] }
