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

func (s *simLabNet) Wait(ctx context.Context, now time.Duration) error {
	s.net.Advance(now)
	return nil
}

func (s *simLabNet) Paths() map[string]int {
	return map[string]int{"sim": s.players * (s.players - 1) / 2}
}
