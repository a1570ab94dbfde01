package frontend

import (
	"errors"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
)

// TestLocalMatchStepsOncePerUpdate checks that a bots-only local match
// advances exactly one simulation frame per tick, with the same inputs a
// headless run gives, and that effects never touch the simulation.
func TestLocalMatchStepsOncePerUpdate(t *testing.T) {
	cfg := LocalConfig{Humans: 0, Bots: 4, Seed: 9}
	m, err := NewLocalMatch(cfg, OpenSpeaker(t.Context(), true, nil))
	if err != nil {
		t.Fatal(err)
	}
	want, err := game.New(game.Config{Players: 4, Seed: cfg.Seed})
	if err != nil {
		t.Fatal(err)
	}
	var bots [game.MaxPlayers]*bot.Bot
	for slot := range bots {
		bots[slot] = bot.New(cfg.Seed^uint64(slot+1)*0xbf58476d1ce4e5b9, slot)
	}
	for tick := 1; tick <= 900; tick++ {
		if err := m.Update(&SceneManager{current: m}); err != nil {
			t.Fatalf("Update %d: %v", tick, err)
		}
		var in [game.MaxPlayers]game.Input
		for slot, b := range bots {
			in[slot] = b.Input(&want)
		}
		want.Step(in)
		if got := m.State().Frame(); got != int32(tick) {
			t.Fatalf("after %d updates Frame() = %d, want %d", tick, got, tick)
		}
		if got, w := m.State().Checksum(), want.Checksum(); got != w {
			t.Fatalf("after %d updates checksum = %#x, want %#x as in a headless run", tick, got, w)
		}
	}
}

func TestNewLocalMatchRejects(t *testing.T) {
	for _, cfg := range []LocalConfig{
		{Humans: 3, Bots: 0},
		{Humans: 2, Bots: 3},
		{Humans: 1, Bots: 0},
		{Humans: 0, Bots: 1},
		{Humans: 2, Bots: -1},
		{Humans: 2, Bots: 0, Map: 99},
	} {
		if _, err := NewLocalMatch(cfg, OpenSpeaker(t.Context(), true, nil)); !errors.Is(err, ErrOptions) {
			t.Errorf("NewLocalMatch(%+v) = %v, want ErrOptions", cfg, err)
		}
	}
}

// TestLocalMatchExitConfig leaves a paused match with Q for its Exit scene.
func TestLocalMatchExitConfig(t *testing.T) {
	exit := &messageScene{}
	m, err := NewLocalMatch(LocalConfig{Humans: 0, Bots: 2, Exit: exit}, OpenSpeaker(t.Context(), true, nil))
	if err != nil {
		t.Fatal(err)
	}
	sm := &SceneManager{current: m}
	if err := m.exit(sm); err != nil || sm.next != exit {
		t.Errorf("exit = %v, next %T; want the Exit scene", err, sm.next)
	}
	m.cfg.Exit = nil
	if err := m.exit(sm); !errors.Is(err, ebiten.Termination) {
		t.Errorf("exit without an Exit scene = %v, want ebiten.Termination", err)
	}
}
