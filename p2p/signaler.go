package p2p

// Signaler carries signaling messages and relayed game packets to the other
// members of the match, over Nakama match data. Peers are match slots.
//
// The caller delivers what arrives the other way with Mesh.HandleSignal and
// Mesh.HandleRelay, after checking that the server-stamped sender is a match
// member and that the message is addressed to us.
type Signaler interface {
	// Signal sends a signaling message (offer, answer, ICE candidate, bye) to peer.
	Signal(peer int, s Signal) error
	// Relay sends a game packet to peer through the signaling server.
	Relay(peer int, packet []byte) error
}
