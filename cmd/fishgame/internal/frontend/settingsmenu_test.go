package frontend

import (
	"slices"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

func settingsHarness(t *testing.T) (*harness, *settingsMenu, *fakeSettings, *[]Settings) {
	svc, _, _, _, store := services()
	h := newHarness(t, svc)
	h.click(button(t, h.title.form, entrySettings))
	sm := current[*settingsMenu](h)
	var applied []Settings
	sm.apply = func(s Settings) { applied = append(applied, s) }
	return h, sm, store, &applied
}

func TestSettingsMenuSavesAndApplies(t *testing.T) {
	h, sm, store, applied := settingsHarness(t)
	if sm.url.Text() != "http://127.0.0.1:7350" || sm.delay.Value != 2 || sm.volume.Text() != "80%" || sm.scale.Text() != "3X" {
		t.Fatalf("the screen shows %+v, not the stored settings", sm.settings())
	}
	h.press(ui.KeyEnd)
	h.typeText("1")
	h.press(ui.KeyTab, ui.KeyTab)                                                                      // input delay
	h.press(ui.KeyRight, ui.KeyRight, ui.KeyRight, ui.KeyRight, ui.KeyRight, ui.KeyRight, ui.KeyRight) // 2 -> 8 at most
	h.press(ui.KeyTab, ui.KeyLeft, ui.KeyTab, ui.KeyEnter, ui.KeyTab, ui.KeyEnter, ui.KeyTab, ui.KeyLeft)
	h.click(sm.save)
	want := Settings{ServerURL: "http://127.0.0.1:73501", ServerKey: "defaultkey", InputDelay: 8, Volume: 70, Mute: true, Fullscreen: true, Scale: 2}
	if !slices.Equal(store.saved, []Settings{want}) {
		t.Errorf("saved %+v, want %+v", store.saved, want)
	}
	if !slices.Equal(*applied, []Settings{want}) {
		t.Errorf("applied %+v, want %+v", *applied, want)
	}
	current[*titleScene](h)
}

func TestSettingsMenuRefusalAndBack(t *testing.T) {
	h, sm, store, applied := settingsHarness(t)
	store.err = plainError{"The server URL must start with http:// or https://."}
	h.press(ui.KeyEnter) // Enter in the URL field saves
	if sm.failure != "NOT SAVED: The server URL must start with http:// or https://." || len(*applied) != 0 {
		t.Errorf("refused: the screen says %q, applied %v", sm.failure, *applied)
	}
	current[*settingsMenu](h)
	h.click(sm.controls)
	controls := current[*settingsScene](h)
	if controls.back != sm || controls.keys != sm.mn.svc.Keys {
		t.Errorf("the controls screen edits another keymap or returns elsewhere")
	}
	h.goTo(sm)
	h.press(ui.KeyBack)
	current[*titleScene](h)
	if len(store.saved) != 0 {
		t.Errorf("Back saved %v", store.saved)
	}
}
