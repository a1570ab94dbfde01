package rollback

// Transport carries game packets between the peers of one session.
//
// Delivery is unordered and unreliable: a packet may be lost, duplicated or
// reordered, and the session copes with all three. Peers are the small
// integers the caller used when it described the session's players (for a
// network match: the slot of the peer's first player).
type Transport interface {
	// Send sends packet to peer. It must not block and must not keep packet
	// after it returns.
	Send(peer int, packet []byte)
	// Receive returns the next packet that has arrived from any peer, or
	// ok == false when none is waiting. The packet stays valid until the next
	// call to Receive.
	Receive() (peer int, packet []byte, ok bool)
}
