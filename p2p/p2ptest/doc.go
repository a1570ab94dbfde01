// Package p2ptest builds virtual networks for testing p2p meshes without
// real sockets: a pion vnet WAN with peers on it directly or behind NATs of
// chosen types, optional delay and loss on every peer's link, a STUN and
// TURN server on the WAN, and Hub, an in-memory signaling server that
// delivers signals and relayed packets between meshes.
//
// Run tests that use it inside testing/synctest: the virtual network's
// timers then run on the bubble's fake clock, and seconds of network time
// take milliseconds.
package p2ptest
