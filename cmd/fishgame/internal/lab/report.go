package lab

import (
	"fmt"
	"slices"
	"time"
)

// Report is the result of a lab run; its JSON form is the lab's output
// contract.
type Report struct {
	Transport     string        `json:"transport"`
	Players       int           `json:"players"`
	Frames        int           `json:"frames"`
	Seed          uint64        `json:"seed"`
	ConnectMS     float64       `json:"connect_ms"`
	Desyncs       int           `json:"desyncs"`
	Disconnects   []Disconnect  `json:"disconnects"`
	Interruptions Interruptions `json:"interruptions"`
	// ChecksumsAgree compares the confirmed checksums of the peers in
	// ChecksumsCompared only: those that played to the end together (none
	// dropped another). It is true when no two peers did.
	ChecksumsAgree     bool           `json:"checksums_agree"`
	ChecksumsCompared  []int          `json:"checksums_compared"`
	RTTMS              Percentiles    `json:"rtt_ms"`
	InputLatencyMS     Percentiles    `json:"input_latency_ms"`
	RollbackFrames     RollbackFrames `json:"rollback_frames"`
	RollbacksPerSec    float64        `json:"rollbacks_per_sec"`
	BytesPerSecPerPeer Bytes          `json:"bytes_per_sec_per_peer"`
	Paths              map[string]int `json:"paths"`
	Link               LinkStats      `json:"link"`
	// Partial marks a run stopped early (Ctrl-C): its figures cover the
	// frames played so far.
	Partial bool `json:"partial,omitempty"`

	// Table-only details.
	model       Model
	match       string
	wall        time.Duration
	rttSamples  int
	latSamples  int
	rtts, lats  []time.Duration // the samples, for plots
	firstDesync int32
	groups      []checksumGroup
	matchTime   time.Duration
	stalls      uint64
	badPackets  uint64
}

type Percentiles struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

type RollbackFrames struct {
	Mean float64 `json:"mean"`
	Max  int     `json:"max"`
}

type Bytes struct {
	Sent     float64 `json:"sent"`
	Received float64 `json:"received"`
}

func newReport(cfg Config, peers []*peer, paths map[string]int, matchTime time.Duration, rtts, lats []time.Duration) *Report {
	r := &Report{
		Transport: cfg.Transport, Players: cfg.Players, Frames: cfg.Frames, Seed: cfg.Seed, Disconnects: []Disconnect{},
		RTTMS: percentiles(rtts), InputLatencyMS: percentiles(lats), Paths: paths,
		matchTime: matchTime, firstDesync: -1, model: cfg.Model, rttSamples: len(rtts), latSamples: len(lats),
		rtts: rtts, lats: lats,
	}
	secs := matchTime.Seconds()
	var rollbacks, rbFrames uint64
	for _, p := range peers {
		st := p.sess.Stats()
		rollbacks += st.Rollbacks
		rbFrames += st.RollbackFrames
		r.RollbackFrames.Max = max(r.RollbackFrames.Max, st.MaxRollback)
		r.stalls += st.Stalls
		r.badPackets += st.BadPackets
		for q := range peers {
			if ps, ok := p.sess.PeerStats(q); ok {
				r.BytesPerSecPerPeer.Sent += float64(ps.BytesSent) / secs / float64(len(peers))
				r.BytesPerSecPerPeer.Received += float64(ps.BytesReceived) / secs / float64(len(peers))
			}
		}
		for _, e := range p.desyncs {
			r.Desyncs++
			if r.firstDesync < 0 || e.Frame < r.firstDesync {
				r.firstDesync = e.Frame
			}
		}
		r.Disconnects = append(r.Disconnects, p.drops...)
		n, total := p.interruptions(matchTime)
		r.Interruptions.Count += n
		r.Interruptions.TotalMS += ms(total)
	}
	r.Interruptions.TotalMS = round2(r.Interruptions.TotalMS)
	if rollbacks > 0 {
		r.RollbackFrames.Mean = round2(float64(rbFrames) / float64(rollbacks))
	}
	r.RollbacksPerSec = round2(float64(rollbacks) / float64(len(peers)) / secs)
	r.BytesPerSecPerPeer.Sent = round2(r.BytesPerSecPerPeer.Sent)
	r.BytesPerSecPerPeer.Received = round2(r.BytesPerSecPerPeer.Received)
	r.compareChecksums(cfg, peers)
	return r
}

// compareChecksums compares the checksums of the peers that played to the
// end together: each group of peers that finished and of which none
// dropped another compares the last frame all its members confirmed.
// Peers that left, or play on alone after dropping the rest, form no
// group, so a split network never reads as a determinism bug.
func (r *Report) compareChecksums(cfg Config, peers []*peer) {
	r.ChecksumsAgree, r.ChecksumsCompared = true, []int{}
	for _, g := range togetherGroups(cfg, peers) {
		c := checksumGroup{frame: int32(1 << 30), agree: true}
		for _, p := range g {
			c.peers = append(c.peers, p.slot)
			c.frame = min(c.frame, p.sess.Stats().ConfirmedFrame)
		}
		for i, p := range g {
			sum, ok := p.sums.At(c.frame)
			switch {
			case !ok:
				c.agree = false
			case i == 0:
				c.sum = sum
			case sum != c.sum:
				c.agree = false
			}
		}
		r.ChecksumsAgree = r.ChecksumsAgree && c.agree
		r.ChecksumsCompared = append(r.ChecksumsCompared, c.peers...)
		r.groups = append(r.groups, c)
	}
	slices.Sort(r.ChecksumsCompared)
}

// checksumGroup is the comparison of one group of peers that played to
// the end together.
type checksumGroup struct {
	peers []int
	frame int32
	sum   uint64
	agree bool
}

// togetherGroups splits the peers that played every frame into groups in
// which no peer dropped another, and returns those of two or more.
func togetherGroups(cfg Config, peers []*peer) [][]*peer {
	var groups [][]*peer
next:
	for _, p := range peers {
		if p.left || int(p.sess.Frame()) < cfg.Frames {
			continue
		}
		for i, g := range groups {
			if !slices.ContainsFunc(g, func(q *peer) bool { return p.links[q.slot].dropped || q.links[p.slot].dropped }) {
				groups[i] = append(g, p)
				continue next
			}
		}
		groups = append(groups, []*peer{p})
	}
	return slices.DeleteFunc(groups, func(g []*peer) bool { return len(g) < 2 })
}

func percentiles(d []time.Duration) Percentiles {
	if len(d) == 0 {
		return Percentiles{}
	}
	d = slices.Clone(d)
	slices.Sort(d)
	at := func(q int) float64 {
		i := min(len(d)-1, (len(d)*q+99)/100-1)
		return round2(float64(d[max(i, 0)]) / float64(time.Millisecond))
	}
	return Percentiles{P50: at(50), P95: at(95), P99: at(99)}
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

func formatSlots(slots []int) string {
	s := ""
	for i, v := range slots {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(v)
	}
	return s
}
