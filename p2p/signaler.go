package p2p

import "fmt"

// Signaler carries signaling messages and relayed game packets to the other
// members of the match, over Nakama match data. Peers are match slots.
//
// The caller delivers what arrives the other way with Mesh.HandleSignal and
// Mesh.HandleRelay, after checking that the server-stamped sender is a match
// member and that the message is addressed to us.
type Signaler interface {
	// Signal sends a signaling message (offer, answer, ICE candidate, bye) to peer.
	Signal(peer int, s Signal) error
	// Relay sends a game packet to peer through the signaling server. The
	// packet is framed by the Mesh (see HandleRelay) and must be delivered
	// unchanged; it is at most MaxMessageSize+1 bytes long.
	Relay(peer int, packet []byte) error
}

// SignalKind is the kind of a Signal.
type SignalKind uint8

// The kinds of signal. Their values are stable: signaling encodes them.
const (
	// SignalOffer carries the SDP offer of the lower slot.
	SignalOffer SignalKind = 1
	// SignalAnswer carries the SDP answer of the higher slot.
	SignalAnswer SignalKind = 2
	// SignalCandidate carries one trickled ICE candidate.
	SignalCandidate SignalKind = 3
	// SignalBye says that the sender leaves the match.
	SignalBye SignalKind = 4
)

// String returns the kind's lowercase name.
func (k SignalKind) String() string {
	switch k {
	case SignalOffer:
		return "offer"
	case SignalAnswer:
		return "answer"
	case SignalCandidate:
		return "candidate"
	case SignalBye:
		return "bye"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Signal is one signaling message between two peers of a match. Only the
// fields of its Kind are set: SDP for offers and answers, the candidate
// fields for candidates, none for bye.
type Signal struct {
	// Kind says what the signal carries.
	Kind SignalKind
	// SDP is the session description of an offer or answer.
	SDP string
	// Candidate is an ICE candidate line ("candidate:…"); empty means end of
	// candidates.
	Candidate string
	// SDPMid is the media stream identification the candidate belongs to.
	SDPMid string
	// SDPMLineIndex is the index of the m-line the candidate belongs to.
	SDPMLineIndex uint16
	// UsernameFragment is the ICE ufrag the candidate belongs to, if known.
	UsernameFragment string
}
