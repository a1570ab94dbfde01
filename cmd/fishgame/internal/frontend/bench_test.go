package frontend

import (
	"testing"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
	rt "github.com/fishgame/fishgame/rollback/rollbacktest"
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

// mute plays no sound.
type mute struct{}

func (mute) Play(Sound) {}

// sessionSource is a rollback session as the overlay reads it.
type sessionSource struct {
	*rollback.P2PSession[game.State]
	slot int
}

func (s sessionSource) Slot() int { return s.slot }

// BenchmarkOnlineFrame measures one tick of the busiest screen's update
// work: peer 0 of a 4-player online match (sim network, remote inputs
// changing every frame and arriving 9 ticks after they were sent, so every tick rolls
// back about 8 frames) runs the real game, updates the F3 overlay and the
// view's effects. Drawing is not included (it needs the window). It
// reports the rollback frames resimulated per op.
func BenchmarkOnlineFrame(b *testing.B) {
	net := rt.NewNetwork(1, rt.Link{Latency: 9 * time.Second / 60})
	owners := []int{0, 1, 2, 3}
	opts := []rollback.Option{rollback.WithMaxPrediction(12), rollback.WithDesyncInterval(0)}
	var sess [4]*rollback.P2PSession[game.State]
	for i := range sess {
		s, err := rollback.NewP2P[game.State](net.Endpoint(i), owners, i, opts...)
		if err != nil {
			b.Fatal(err)
		}
		sess[i] = s
	}
	st, err := game.New(game.Config{Players: 4, Seed: 3})
	if err != nil {
		b.Fatal(err)
	}
	var sums netplay.Checksums
	v := newView(mute{}, 1)
	ov := newNetOverlay(4)
	ov.on = true
	src := sessionSource{sess[0], 0}
	noLinks := func() []p2p.LinkStats { return nil }
	var now time.Duration
	in := []byte{0}
	frame := 0
	tick := func() {
		now += time.Second / 60
		net.Advance(now)
		for p, s := range sess {
			in[0] = byte(frame*7 + p)
			reqs, err := s.AdvanceFrame(now, in)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range reqs {
				switch {
				case p == 0:
					netplay.Execute(&st, &sums, r)
				case r.Kind == rollback.RequestSave:
					r.Cell.Save(game.State{}, 0)
				}
			}
			for {
				if _, ok := s.PollEvent(); !ok {
					break
				}
			}
		}
		ov.update(now, src, noLinks)
		v.observe(&st)
		frame++
	}
	for range 600 {
		tick()
	}
	before := sess[0].Stats().RollbackFrames
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		tick()
	}
	b.StopTimer()
	b.ReportMetric(float64(sess[0].Stats().RollbackFrames-before)/float64(b.N), "rollback-frames/op")
}
