package rollback

// MaxPlayers is the largest number of players a session supports.
const MaxPlayers = 4

// MaxInputDelay bounds the input delay, in frames.
const MaxInputDelay = 15

// InputStatus says where a player's input for an advanced frame came from.
type InputStatus uint8

const (
	// InputConfirmed is the player's real input for the frame.
	InputConfirmed InputStatus = iota
	// InputPredicted is a guess (the player's last confirmed input); a
	// rollback corrects it if it was wrong.
	InputPredicted
	// InputDisconnected means the player has left the match: the input is
	// zero, on every peer, from the same frame on.
	InputDisconnected
)

func (s InputStatus) String() string {
	switch s {
	case InputConfirmed:
		return "confirmed"
	case InputPredicted:
		return "predicted"
	case InputDisconnected:
		return "disconnected"
	}
	return "unknown"
}

// RequestKind is what a Request asks the caller to do.
type RequestKind uint8

const (
	// RequestSave asks the caller to store its current state and checksum in
	// the request's Cell.
	RequestSave RequestKind = iota + 1
	// RequestLoad asks the caller to replace its state with the request's
	// Cell's state.
	RequestLoad
	// RequestAdvance asks the caller to simulate one frame with Inputs.
	RequestAdvance
)

func (k RequestKind) String() string {
	switch k {
	case RequestSave:
		return "save"
	case RequestLoad:
		return "load"
	case RequestAdvance:
		return "advance"
	}
	return "unknown"
}

// Request is one step the caller executes, in order, after AdvanceFrame.
type Request[S any] struct {
	// Kind is what to do.
	Kind RequestKind
	// Frame is the frame of the state saved or loaded, or the frame being
	// simulated by an advance (the state's frame before the step).
	Frame int32
	// Cell is where to save or load state (RequestSave, RequestLoad).
	Cell *Cell[S]
	// Inputs holds every player's input for the advanced frame; players
	// beyond the session's count are zero.
	Inputs [MaxPlayers]byte
	// Status says, per player, whether Inputs is confirmed, predicted or
	// the zero input of a disconnected player.
	Status [MaxPlayers]InputStatus
}

// Cell holds one saved game state and its checksum. Cells are preallocated
// by the session and reused in a ring.
type Cell[S any] struct {
	frame    int32
	state    S
	checksum uint64
	saved    bool
}

// Save stores state (a copy) and its checksum. The checksum feeds desync
// detection and sync tests, so it must be computed the same way on every peer.
func (c *Cell[S]) Save(state S, checksum uint64) {
	c.state = state
	c.checksum = checksum
	c.saved = true
}

// State returns the saved state.
func (c *Cell[S]) State() S { return c.state }

// Checksum returns the saved checksum.
func (c *Cell[S]) Checksum() uint64 { return c.checksum }

// Frame returns the frame of the state this cell holds or is about to hold.
func (c *Cell[S]) Frame() int32 { return c.frame }

// reset prepares c to receive the state of frame.
func (c *Cell[S]) reset(frame int32) {
	c.frame = frame
	c.saved = false
}
