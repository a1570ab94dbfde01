package lab

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Path is how a packet travels between two players.
type Path string

// The two paths the lab compares.
const (
	// PathP2P crosses the sender's and the receiver's access links.
	PathP2P Path = "p2p"
	// PathRelay crosses both access links and the server leg twice (up to
	// the server, down to the receiver).
	PathRelay Path = "relay"
)

// Model is the network every transport runs over:
//
//	player A ──access── ISP ──────────────── ISP ──access── player B     p2p
//	                     │                    │
//	                     └──server-latency── server ──server-latency──┘  relay
//
// Each player has an access link (ClientLatency one way, ±Jitter, Loss,
// Dup, Reorder per crossing); the server sits ServerLatency further from
// every player, on a clean leg. Signaling (login, match, offers) travels
// to the server like a relayed packet's first half.
type Model struct {
	// ClientLatency is the one-way latency of every player's access link.
	ClientLatency time.Duration
	// ServerLatency is the one-way latency from a player's access link on
	// to the server.
	ServerLatency time.Duration
	// Jitter spreads each access-link crossing uniformly over
	// ClientLatency ± Jitter (never below zero).
	Jitter time.Duration
	// Loss, Dup and Reorder are per access-link crossing probabilities: a
	// packet is dropped, delivered twice, or held back so later ones
	// overtake it.
	Loss, Dup, Reorder float64
}

// OneWay is the model's mean one-way latency of path.
func (m Model) OneWay(p Path) time.Duration {
	d := 2 * m.ClientLatency
	if p == PathRelay {
		d += 2 * m.ServerLatency
	}
	return d
}

// RTT is the model's mean round trip of path.
func (m Model) RTT(p Path) time.Duration { return 2 * m.OneWay(p) }

// PathLoss is the probability that a datagram sent on path is lost: it
// crosses two access links, each losing Loss.
func (m Model) PathLoss() float64 { return 1 - (1-m.Loss)*(1-m.Loss) }

// StreamOneWay is the model's mean one-way latency of a websocket frame
// from a player to the server, counting TCP retransmissions of lost
// segments (each costs one more round trip of the leg).
func (m Model) StreamOneWay() time.Duration {
	leg := m.ClientLatency + m.ServerLatency
	return leg + time.Duration(m.Loss*float64(2*leg))
}

// String describes m in flag terms, for titles and captions.
func (m Model) String() string {
	s := fmt.Sprintf("client %v, server %v, jitter %v, loss %g%%", m.ClientLatency, m.ServerLatency, m.Jitter, 100*m.Loss)
	if m.Dup > 0 {
		s += fmt.Sprintf(", dup %g%%", 100*m.Dup)
	}
	if m.Reorder > 0 {
		s += fmt.Sprintf(", reorder %g%%", 100*m.Reorder)
	}
	return s
}

// accessLink draws what one crossing of an access link does to a packet.
// It is safe for concurrent use.
type accessLink struct {
	m   Model
	mu  sync.Mutex
	rng *rand.Rand

	crossings, lost uint64
}

func newAccessLink(m Model, seed uint64, id int) *accessLink {
	return &accessLink{m: m, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15^uint64(id)))}
}

// cross returns the delay of one crossing, or lost.
func (l *accessLink) cross() (d time.Duration, lost bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.crossings++
	if l.m.Loss > 0 && l.rng.Float64() < l.m.Loss {
		l.lost++
		return 0, true
	}
	return l.delayLocked(), false
}

// lose draws whether one crossing loses a packet; the caller models the
// delay (the sim does, on its path).
func (l *accessLink) lose() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.crossings++
	if l.m.Loss > 0 && l.rng.Float64() < l.m.Loss {
		l.lost++
		return true
	}
	return false
}

func (l *accessLink) delayLocked() time.Duration {
	d := l.m.ClientLatency
	if j := l.m.Jitter; j > 0 {
		d += time.Duration(l.rng.Int64N(int64(2*j)+1)) - j
	}
	return max(d, 0)
}

// LinkStats counts what the players' access links did over the whole run:
// datagram crossings (p2p, sim) or chunks of the websocket stream (relay;
// a lost chunk is retransmitted, late), and how many the model lost.
type LinkStats struct {
	Crossings uint64  `json:"crossings"`
	Lost      uint64  `json:"lost"`
	LossPct   float64 `json:"loss_pct"`
}

func linkStats(links []*accessLink) LinkStats {
	var s LinkStats
	for _, l := range links {
		l.mu.Lock()
		s.Crossings += l.crossings
		s.Lost += l.lost
		l.mu.Unlock()
	}
	if s.Crossings > 0 {
		s.LossPct = round2(100 * float64(s.Lost) / float64(s.Crossings))
	}
	return s
}
