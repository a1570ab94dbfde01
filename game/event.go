package game

// EventKind says what happened in an Event.
type EventKind uint8

// The kinds of event. Slot and Other in an Event mean what each kind says.
const (
	// EventJump: fish Slot jumped.
	EventJump EventKind = iota + 1
	// EventLand: fish Slot landed on a floor or platform.
	EventLand
	// EventDrop: fish Slot dropped through a one-way platform.
	EventDrop
	// EventShot: fish Slot fired a bullet.
	EventShot
	// EventEmpty: fish Slot pulled the trigger of an empty gun.
	EventEmpty
	// EventSwing: fish Slot swung a sword.
	EventSwing
	// EventBulletStop: a bullet fired by Slot hit a wall at X, Y.
	EventBulletStop
	// EventHit: fish Other hit fish Slot with Weapon (the death follows).
	EventHit
	// EventDeath: fish Slot died; Other is the killer, or -1 for a fall.
	EventDeath
	// EventPickup: fish Slot picked up a Weapon.
	EventPickup
	// EventThrow: fish Slot threw a Weapon.
	EventThrow
	// EventStun: a Weapon thrown by Other stunned fish Slot.
	EventStun
	// EventClash: the swords of fish Slot and Other clashed.
	EventClash
	// EventSpawn: a Weapon appeared at X, Y.
	EventSpawn
	// EventRoundStart: a round began; Other is the map's rotation index.
	EventRoundStart
	// EventRoundEnd: a round ended won by Slot, or a draw if Slot is -1.
	EventRoundEnd
	// EventMatchEnd: fish Slot won the match.
	EventMatchEnd
)

var eventNames = [...]string{
	EventJump: "jump", EventLand: "land", EventDrop: "drop", EventShot: "shot",
	EventEmpty: "empty", EventSwing: "swing", EventBulletStop: "bullet-stop",
	EventHit: "hit", EventDeath: "death", EventPickup: "pickup", EventThrow: "throw",
	EventStun: "stun", EventClash: "clash", EventSpawn: "spawn",
	EventRoundStart: "round-start", EventRoundEnd: "round-end", EventMatchEnd: "match-end",
}

// String returns the kind's name, such as "jump".
func (k EventKind) String() string {
	if int(k) < len(eventNames) && eventNames[k] != "" {
		return eventNames[k]
	}
	return "unknown"
}

// Event is one thing that happened during a Step, for sound and effects.
type Event struct {
	// Frame is the frame the event belongs to: State.Frame() right after the
	// Step that produced it. A front end plays each (Frame, Kind, Slot,
	// Other) once, even when rollback resimulates the frame.
	Frame int32
	// Kind says what happened.
	Kind EventKind
	// Slot is the fish the event is about, or -1.
	Slot int8
	// Other is a second fish (attacker, killer, clash partner), or -1.
	Other int8
	// Weapon is the weapon involved, if any.
	Weapon Weapon
	// X, Y is where it happened, in pixels.
	X, Y int16
}

// emit records an event of the current frame. Events beyond MaxEvents in one
// frame are dropped; the rules cannot produce that many.
func (s *State) emit(k EventKind, slot, other int8, w Weapon, x, y int32) {
	if s.numEvents == MaxEvents {
		return
	}
	s.events[s.numEvents] = Event{
		Frame: s.frame, Kind: k, Slot: slot, Other: other, Weapon: w,
		X: int16(x >> 8), Y: int16(y >> 8),
	}
	s.numEvents++
}
