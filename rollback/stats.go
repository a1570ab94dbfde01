package rollback

import "time"

// PeerStats describes the link to one remote peer or spectator.
type PeerStats struct {
	// RTT is the smoothed round-trip time (0 until measured).
	RTT time.Duration
	// LastRTT is the latest round-trip sample and RTTSamples counts them.
	LastRTT    time.Duration
	RTTSamples uint64
	// FramesAhead is how many frames this session runs ahead of the peer
	// (negative when behind), averaged over the time-sync window.
	FramesAhead int
	// BytesSent and BytesReceived count game-packet payload bytes.
	BytesSent, BytesReceived uint64
	// PacketsSent and PacketsReceived count game packets.
	PacketsSent, PacketsReceived uint64
	// PacketsDropped counts packets from the peer that were malformed or
	// implausible and were ignored.
	PacketsDropped uint64
	// Interrupted is true while the peer has been silent longer than notify.
	Interrupted bool
	// Disconnected is true once the peer has been dropped.
	Disconnected bool
}

// Stats describes a session as a whole.
type Stats struct {
	// Frame is the next frame the session will simulate.
	Frame int32
	// ConfirmedFrame is the last frame whose inputs every live peer has and
	// whose saved state is final (no correction pending).
	ConfirmedFrame int32
	// Rollbacks counts rollbacks; RollbackFrames the frames they resimulated;
	// MaxRollback is the deepest one.
	Rollbacks      uint64
	RollbackFrames uint64
	MaxRollback    int
	// Stalls counts AdvanceFrame calls that could not advance because the
	// prediction window was full.
	Stalls uint64
	// BadPackets counts packets dropped as malformed, implausible or from an
	// unknown or disconnected peer.
	BadPackets uint64
}
