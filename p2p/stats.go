package p2p

import (
	"time"

	"github.com/pion/webrtc/v4"
)

// PathRelay is the Path of a link whose packets go through the signaling
// server's relay.
const PathRelay = "nakama-relay"

// LinkStats describes the link to one peer.
type LinkStats struct {
	// Peer is the peer's slot.
	Peer int
	// State is where the link stands.
	State LinkState
	// Path is how packets travel: the ICE candidate type of the selected
	// pair ("host", "srflx", "prflx" or "relay": the most indirect of the
	// two ends), PathRelay, or empty while connecting and once closed.
	Path string
	// LocalCandidate and RemoteCandidate are the candidate types of the two
	// ends of the selected pair, when direct.
	LocalCandidate, RemoteCandidate string
	// RTT is the round-trip time of the selected candidate pair (from ICE
	// consent checks, else SCTP's smoothed RTT); zero when unknown.
	RTT time.Duration
	// PacketsIn, PacketsOut, BytesIn and BytesOut count game packets and
	// their payload bytes, on either path.
	PacketsIn, PacketsOut uint64
	BytesIn, BytesOut     uint64
	// WireBytesIn and WireBytesOut count every byte of the selected ICE
	// pair on the wire (DTLS, SCTP and STUN included), when direct.
	WireBytesIn, WireBytesOut uint64
	// Lost counts game packets the peer sent on the direct path that never
	// arrived (from the gaps in their sequence numbers). The relay does not
	// lose packets.
	Lost uint64
	// Dropped counts game packets and messages given up locally: receive
	// queue full, send buffer full, too large, link not ready or gone.
	Dropped uint64
	// ConnectTime is how long after Start the link became direct, relayed
	// or closed; zero while connecting.
	ConnectTime time.Duration
	// Reason says why the link left the direct path or closed, if it did.
	Reason error
}

// Stats returns the stats of every link, in slot order.
func (m *Mesh) Stats() []LinkStats {
	out := make([]LinkStats, 0, len(m.links))
	for _, l := range m.links {
		if l != nil {
			out = append(out, l.stats())
		}
	}
	return out
}

func (l *link) stats() LinkStats {
	l.mu.Lock()
	st := LinkStats{
		Peer:        l.peer,
		State:       l.State(),
		PacketsIn:   l.packetsIn.Load(),
		PacketsOut:  l.packetsOut.Load(),
		BytesIn:     l.bytesIn.Load(),
		BytesOut:    l.bytesOut.Load(),
		Dropped:     l.dropped.Load(),
		Lost:        l.loss.lost(),
		ConnectTime: l.connectTime,
		Reason:      l.reason,
	}
	pc := l.pc
	l.mu.Unlock()
	switch st.State {
	case LinkRelay:
		st.Path = PathRelay
	case LinkDirect:
		directStats(pc, &st)
	}
	return st
}

// directStats fills in the selected candidate pair's path, RTT and wire
// bytes.
func directStats(pc *webrtc.PeerConnection, st *LinkStats) {
	if pc == nil {
		return
	}
	sctp := pc.SCTP()
	if sctp == nil || sctp.Transport() == nil {
		return
	}
	ice := sctp.Transport().ICETransport()
	if pair, err := ice.GetSelectedCandidatePair(); err == nil && pair != nil {
		st.LocalCandidate = pair.Local.Typ.String()
		st.RemoteCandidate = pair.Remote.Typ.String()
		st.Path = st.LocalCandidate
		if candidateRank(st.RemoteCandidate) > candidateRank(st.Path) {
			st.Path = st.RemoteCandidate
		}
	}
	if ps, ok := ice.GetSelectedCandidatePairStats(); ok {
		st.RTT = seconds(ps.CurrentRoundTripTime)
		st.WireBytesIn = ps.BytesReceived
		st.WireBytesOut = ps.BytesSent
	}
	if st.RTT == 0 {
		for _, s := range pc.GetStats() {
			if ss, ok := s.(webrtc.SCTPTransportStats); ok {
				st.RTT = seconds(ss.SmoothedRoundTripTime)
			}
		}
	}
}

// candidateRank orders candidate types from the most direct to the most
// indirect.
func candidateRank(typ string) int {
	switch typ {
	case "host":
		return 1
	case "prflx":
		return 2
	case "srflx":
		return 3
	case "relay":
		return 4
	}
	return 0
}

func seconds(s float64) time.Duration {
	return time.Duration(s * float64(time.Second))
}
