package netplay

import "sync"

// controlChannel carries the reliable, ordered control messages between the
// players of a game (p2p.Mesh, or a room's links), addressed by slot.
type controlChannel interface {
	SendControl(slot int, msg []byte) error
	ReceiveControl() (slot int, msg []byte, ok bool)
}

// lineup is what a Game needs from the match it plays: who plays in which
// slot, the seed, the control channel and where its result goes.
type lineup struct {
	id      string   // match id, for logs
	slot    int      // the local player's slot
	seed    uint64   // the game seed
	players []Player // by slot
	client  *Client  // records the result; nil in tests without a server
	control controlChannel
	results *results // shared by the games of one match
}

// results holds the leaderboard update of one match, started once by
// whichever of its Games reports first, and the records its players had
// before it.
type results struct {
	mu     sync.Mutex
	rep    *Report
	before *standingsBefore
}
