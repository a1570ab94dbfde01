package p2p

import "errors"

var (
	// ErrBadConfig indicates that a Config is unusable (slot or player count
	// out of range, negative timeout).
	ErrBadConfig = errors.New("p2p: bad config")
	// ErrUnknownPeer indicates a peer slot that is not another player of this
	// match: out of range, beyond the match's player count, or our own slot.
	ErrUnknownPeer = errors.New("p2p: peer is not in this match")
	// ErrBadSignal indicates a malformed offer, answer or ICE candidate. The
	// link it was meant for falls back to the relay.
	ErrBadSignal = errors.New("p2p: malformed signal")
	// ErrUnexpectedSignal indicates a well-formed signal that does not fit
	// the link's state, such as an offer from a peer that should answer.
	ErrUnexpectedSignal = errors.New("p2p: unexpected signal")
	// ErrConnectTimeout indicates a link whose channels did not open within
	// the connect timeout; it falls back to the relay.
	ErrConnectTimeout = errors.New("p2p: channels not open within the connect timeout")
	// ErrICEFailed indicates a link whose ICE or DTLS connection failed; it
	// falls back to the relay.
	ErrICEFailed = errors.New("p2p: peer connection failed")
	// ErrChannelClosed indicates a direct link whose data channels the peer
	// closed; it falls back to the relay.
	ErrChannelClosed = errors.New("p2p: peer closed the data channels")
	// ErrBadRelay indicates a relayed packet without a valid frame header.
	ErrBadRelay = errors.New("p2p: malformed relayed packet")
	// ErrTooLarge indicates a message longer than MaxMessageSize.
	ErrTooLarge = errors.New("p2p: message too large")
	// ErrEmptyMessage indicates an empty control message; the empty message
	// is the link's own goodbye.
	ErrEmptyMessage = errors.New("p2p: empty control message")
	// ErrNotReady indicates a control message sent to a peer whose link is
	// still connecting.
	ErrNotReady = errors.New("p2p: link not ready")
	// ErrPeerGone indicates a peer that said goodbye or whose link was closed.
	ErrPeerGone = errors.New("p2p: peer gone")
	// ErrClosed indicates a Mesh that has been closed.
	ErrClosed = errors.New("p2p: mesh closed")
	// ErrNotStarted indicates a wait on a Mesh that was never started.
	ErrNotStarted = errors.New("p2p: mesh not started")
)
