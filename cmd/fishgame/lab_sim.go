package main

import (
	"context"
	"time"

	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/rollback/rollbacktest"
)

// simLabNet is the sim transport: every link has the configured latency,
// jitter, loss, duplication and reordering, and time is virtual.
type simLabNet struct {
	net     *rollbacktest.Network
	players int
}

func newSimLabNet(cfg labConfig) *simLabNet {
	link := rollbacktest.Link{Latency: cfg.latency, Jitter: cfg.jitter, Loss: cfg.loss, Dup: cfg.dup, Reorder: cfg.reorder}
	return &simLabNet{net: rollbacktest.NewNetwork(cfg.seed, link), players: cfg.players}
}

func (s *simLabNet) Transport(slot int) rollback.Transport { return s.net.Endpoint(slot) }

// Wait moves virtual time to tick, stopping at every packet delivery
// before it so that receive sees each packet at the moment it arrives.
func (s *simLabNet) Wait(ctx context.Context, tick time.Duration, receive func(now time.Duration)) error {
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

func (s *simLabNet) Now() time.Duration { return s.net.Now() }

func (s *simLabNet) Paths() map[string]int {
	return map[string]int{"sim": s.players * (s.players - 1) / 2}
}
