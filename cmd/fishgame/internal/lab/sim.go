package lab

import (
	"context"
	"time"

	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/rollback/rollbacktest"
)

// simNet is the sim transport: every link has the configured latency,
// jitter, loss, duplication and reordering, and time is virtual.
type simNet struct {
	net     *rollbacktest.Network
	players int
}

func newSimNet(cfg Config) *simNet {
	link := rollbacktest.Link{Latency: cfg.Latency, Jitter: cfg.Jitter, Loss: cfg.Loss, Dup: cfg.Dup, Reorder: cfg.Reorder}
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
