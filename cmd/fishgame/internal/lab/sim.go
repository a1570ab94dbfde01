package lab

import (
	"context"
	"time"

	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/rollback/rollbacktest"
)

// simNet is the sim transport: every pair of peers talks over the model's
// p2p path, in virtual time. A datagram crosses two access links, so the
// path's latency is twice the client latency, its jitter spread twice the
// link's (drawn as one uniform spread), and its duplication and reordering
// those of two crossings. Loss is drawn per crossing, on the sender's then
// the receiver's access link, as on the real transports.
type simNet struct {
	net     *rollbacktest.Network
	players int
	links   []*accessLink // by slot
}

func newSimNet(cfg Config) *simNet {
	m := cfg.Model
	twice := func(p float64) float64 { return 1 - (1-p)*(1-p) }
	link := rollbacktest.Link{Latency: m.OneWay(PathP2P), Jitter: 2 * m.Jitter, Dup: twice(m.Dup), Reorder: twice(m.Reorder)}
	s := &simNet{net: rollbacktest.NewNetwork(cfg.Seed, link), players: cfg.Players}
	for i := range cfg.Players {
		s.links = append(s.links, newAccessLink(m, cfg.Seed, i))
	}
	return s
}

func (s *simNet) Transport(slot int) rollback.Transport {
	return simEndpoint{Endpoint: s.net.Endpoint(slot), net: s, slot: slot}
}

// simEndpoint is one peer's transport in the sim: its datagrams cross the
// sender's and the receiver's access links before the network's path.
type simEndpoint struct {
	*rollbacktest.Endpoint
	net  *simNet
	slot int
}

func (e simEndpoint) Send(peer int, b []byte) {
	if peer < 0 || peer >= len(e.net.links) || e.net.links[e.slot].lose() || e.net.links[peer].lose() {
		return
	}
	e.Endpoint.Send(peer, b)
}

func (s *simNet) Links() LinkStats { return linkStats(s.links) }

// Wait moves virtual time to tick, stopping at every packet delivery
// before it so that receive sees each packet at the moment it arrives.
func (s *simNet) Wait(ctx context.Context, tick time.Duration, receive func(now time.Duration)) error {
	for {
		at, ok := s.net.NextDelivery()
		if !ok || at >= tick {
			break
		}
		s.net.Advance(at)
		receive(at)
	}
	s.net.Advance(tick)
	return nil
}

func (s *simNet) Now() time.Duration { return s.net.Now() }

func (s *simNet) Paths() map[string]int {
	return map[string]int{"sim": s.players * (s.players - 1) / 2}
}
