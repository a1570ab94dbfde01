// Package p2p connects the players of one match with a full mesh of WebRTC
// peer connections and carries their game packets.
//
// A Mesh holds one link per other player. Each link is a pion/webrtc
// PeerConnection with two data channels that the lower slot opens in band:
// "inputs" (unordered, no retransmissions) for rollback packets and
// "control" (reliable, ordered) for ready/start/rematch/chat messages. The
// answering side accepts exactly those two channels with exactly those
// settings and closes anything else. The lower slot offers, so there is
// never glare; ICE candidates are trickled and buffered (at most 64) until
// the remote description is set. DTLS fingerprints come only from the
// signaled SDP.
//
// Offers, answers, candidates and goodbyes travel through a Signaler (Nakama
// match data in the product). Create the Mesh as soon as the match forms:
// signals that arrive before Start are kept. When a link's ICE or DTLS
// fails, its channels close, a signal for it is malformed, or it is not
// open within the connect timeout, that link falls back to the Signaler's
// relay. The fallback is per link, automatic and visible in Stats.
// Config.RelayOnly relays every link from the start, for comparisons.
//
// Relayed packets carry one leading byte naming the channel they stand in
// for ('I' inputs, 'C' control); game packets on the inputs channel carry a
// 2-byte sequence number so that Stats can report what the channel lost.
// Both framings are internal: the caller passes relayed bytes through
// unchanged.
//
// Mesh implements the rollback engine's Transport interface (Send and
// Receive) without importing it. Start the rollback session after
// WaitReady: Send drops packets for links that are still connecting.
package p2p
