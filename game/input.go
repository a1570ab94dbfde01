package game

// Input is one player's buttons for one frame, as a bitmask.
type Input uint8

// The buttons of an Input.
const (
	// InputLeft runs left.
	InputLeft Input = 1 << iota
	// InputRight runs right.
	InputRight
	// InputJump jumps on the ground and glides while held in a fall.
	InputJump
	// InputDown with a jump press drops through a one-way platform.
	InputDown
	// InputFire fires the gun or swings the sword while held.
	InputFire
	// InputGrab picks up a touched weapon, or throws the held one.
	InputGrab
)

// InputMask holds every defined button bit; Step ignores the others.
const InputMask = InputLeft | InputRight | InputJump | InputDown | InputFire | InputGrab

// Has reports whether every button of b is pressed in in.
func (in Input) Has(b Input) bool { return in&b == b }

// String lists the pressed buttons, such as "L.J..." for left and jump, with
// one letter per button in the order L R J D F G.
func (in Input) String() string {
	const letters = "LRJDFG"
	var b [6]byte
	for i := range b {
		if in&(1<<i) != 0 {
			b[i] = letters[i]
		} else {
			b[i] = '.'
		}
	}
	return string(b[:])
}
