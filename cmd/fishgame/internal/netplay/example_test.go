package netplay_test

import (
	"context"
	"log"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/rollback"
)

// Example plays one online match with a bot: log in, join the named room
// with three others, connect and run the game at 60 Hz.
func Example() {
	ctx := context.Background()
	c, err := netplay.Login(ctx, netplay.Config{
		URL: "http://127.0.0.1:7350", ServerKey: "defaultkey", ClientVersion: netplay.ClientVersion,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	m, err := c.Create(ctx, "friday-night", 4)
	if err != nil {
		log.Fatal(err)
	}
	if err := m.Connect(ctx); err != nil {
		log.Fatal(err)
	}
	g, err := m.NewGame()
	if err != nil {
		log.Fatal(err)
	}
	b := bot.New(m.Seed(), m.Slot())
	tick := time.NewTicker(rollback.DefaultFrameDuration)
	defer tick.Stop()
	start := time.Now()
	for g.Frame() < 3600 {
		<-tick.C
		if err := g.Tick(time.Since(start), b.Input(g.State())); err != nil {
			log.Fatal(err)
		}
		for _, e := range g.Events() {
			log.Printf("event %+v", e)
		}
	}
	g.Leave(time.Since(start))
}
