// Package p2p connects the players of one match with a full mesh of WebRTC
// peer connections and carries their game packets.
//
// A Mesh holds one link per other player. Each link is a pion/webrtc
// PeerConnection with two pre-negotiated data channels: "inputs"
// (unordered, no retransmissions) for rollback packets and "control"
// (reliable, ordered) for ready/start/rematch/chat messages. The player in
// the lower slot offers, so there is never glare; ICE candidates are trickled
// and buffered until the remote description is set.
//
// Offers, answers and candidates travel through a Signaler (Nakama match
// data in the product). When a link's ICE fails, or its channels do not open
// within the connect timeout, that link falls back to the Signaler's relay:
// its packets then go through the signaling server. The fallback is per
// link and visible in Stats. Config.RelayOnly relays every link from the
// start, for comparisons.
//
// Mesh implements the rollback engine's Transport interface (Send and
// Receive) without importing it.
package p2p
