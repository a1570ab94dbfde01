package frontend

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// TestControlsScreenHidesThePauseMenu opens the controls screen from a
// paused local match and checks that it looks exactly as it does over the
// same match unpaused: the pause menu does not show through.
func TestControlsScreenHidesThePauseMenu(t *testing.T) {
	if !inWindowProcess(t) {
		return
	}
	m, err := NewLocalMatch(LocalConfig{Humans: 0, Bots: 4, Seed: 3, Logger: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 90 {
		if err := m.Update(&SceneManager{current: m}); err != nil {
			t.Fatal(err)
		}
	}
	controls := newSettingsScene(m, &m.cfg.Keys, "", m.cfg.Logger, m.view.hud)
	scene := &shotScene{draws: []func(*ebiten.Image){
		func(dst *ebiten.Image) { m.paused = true; controls.Draw(dst) },
		func(dst *ebiten.Image) { m.paused = false; controls.Draw(dst) },
		func(dst *ebiten.Image) { m.paused = true; m.Draw(dst) },
	}}
	if err := Run(Options{Scale: 1, Frames: 30}, scene); err != nil {
		t.Fatal(err)
	}
	over, plain, menu := scene.shots[0], scene.shots[1], scene.shots[2]
	if bytes.Equal(menu.Pix, plain.Pix) {
		t.Fatal("the paused match draws no pause menu: the test would prove nothing")
	}
	diff := 0
	for i := range over.Pix {
		if over.Pix[i] != plain.Pix[i] {
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("the controls screen over the paused match differs from it over the running match in %d bytes: the pause menu shows through", diff)
	}
}
