package frontend

import (
	"testing"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
)

// BenchmarkPresentFrame measures the per-tick presentation work that runs
// besides the simulation: filtering a Step's events and updating effects.
func BenchmarkPresentFrame(b *testing.B) {
	s, err := game.New(game.Config{Players: 4, Seed: 3})
	if err != nil {
		b.Fatal(err)
	}
	var bots [game.MaxPlayers]*bot.Bot
	for i := range bots {
		bots[i] = bot.New(uint64(i), i)
	}
	// Record a match's event batches first, so only presentation is timed.
	var batches [][]game.Event
	for range 3600 {
		var in [game.MaxPlayers]game.Input
		for i, bt := range bots {
			in[i] = bt.Input(&s)
		}
		s.Step(in)
		batches = append(batches, append([]game.Event(nil), s.Events()...))
	}
	filter := NewEventFilter(0)
	fx := newEffects(1)
	var fresh []game.Event
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		batch := batches[i%len(batches)]
		if i%len(batches) == 0 {
			filter.Reset()
		}
		fresh = filter.Fresh(fresh[:0], batch)
		react(fresh, fx, &recorder{})
		fx.update()
	}
}
