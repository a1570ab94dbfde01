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
// link's (drawn as one uniform spread), and its loss, duplication and
// reordering those of two crossings.
type simNet struct {
	net     *rollbacktest.Network
	players int
}

func newSimNet(cfg Config) *simNet {
	m := cfg.Model
	twice := func(p float64) float64 { return 1 - (1-p)*(1-p) }
	link := rollbacktest.Link{Latency: m.OneWay(PathP2P), Jitter: 2 * m.Jitter, Loss: m.PathLoss(), Dup: twice(m.Dup), Reorder: twice(m.Reorder)}
	return &simNet{net: rollbacktest.NewNetwork(cfg.Seed, link), players: cfg.Players}
}

func (s *simNet) Transport(slot int) rollback.Transport { return s.net.Endpoint(slot) }

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
