package frontend

import (
	"image"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// Settings are the player's choices the settings screen edits.
type Settings struct {
	// ServerURL and ServerKey say which signaling server to play on.
	ServerURL, ServerKey string
	// InputDelay is the online input delay in frames, 0 to MaxInputDelay.
	InputDelay int
	// Volume is the sound volume in percent; Mute silences it.
	Volume int
	Mute   bool
	// Fullscreen fills the monitor; Scale is the window size as a multiple
	// of 480×270.
	Fullscreen bool
	Scale      int
}

// Ranges of the settings.
const (
	MaxInputDelay = 8
	MaxScale      = 8
	volumeStep    = 10
)

// SettingsStore keeps the settings between launches. Save may refuse
// settings that do not validate (a malformed URL), with an error saying
// why in words for the player.
type SettingsStore interface {
	Load() Settings
	Save(Settings) error
}

// settingsMenu edits the Settings: the server, input delay, sound and
// window, and opens the controls screen. Save applies and stores them;
// Back (or Esc) drops the changes.
type settingsMenu struct {
	mn   *menus
	back Scene

	url, key                *ui.TextField
	delay, volume, scale    *ui.Stepper
	mute, fullscreen        *ui.Toggle
	controls, save, discard *ui.Button
	form                    *ui.Form
	failure                 string
	// apply puts the window settings into effect.
	apply func(Settings)
}

// newSettingsMenu edits the stored settings; leaving goes to back.
func newSettingsMenu(mn *menus, back Scene) *settingsMenu {
	var s Settings
	if mn.svc.Settings != nil {
		s = mn.svc.Settings.Load()
	}
	s.Scale = min(max(s.Scale, 1), MaxScale)
	const lx, rx, w = 40, 250, 190
	sm := &settingsMenu{
		mn: mn, back: back, apply: applyWindow,
		url:        &ui.TextField{Label: "SERVER URL", Rect: image.Rect(lx, 56, lx+w, 72), MaxBytes: 256},
		key:        &ui.TextField{Label: "SERVER KEY", Rect: image.Rect(lx, 94, lx+w, 110)},
		delay:      &ui.Stepper{Label: "INPUT DELAY", Rect: image.Rect(lx, 124, lx+w, 140), Max: MaxInputDelay, Value: min(max(s.InputDelay, 0), MaxInputDelay), Format: frames},
		volume:     &ui.Stepper{Label: "VOLUME", Rect: image.Rect(rx, 56, rx+w, 72), Max: 100 / volumeStep, Value: min(max(s.Volume, 0), 100) / volumeStep, Format: percent},
		mute:       &ui.Toggle{Label: "MUTE", Rect: image.Rect(rx, 80, rx+w, 96), On: s.Mute},
		fullscreen: &ui.Toggle{Label: "FULLSCREEN", Rect: image.Rect(rx, 104, rx+w, 120), On: s.Fullscreen},
		scale:      &ui.Stepper{Label: "WINDOW SCALE", Rect: image.Rect(rx, 124, rx+w, 140), Min: 1, Max: MaxScale, Value: s.Scale, Format: times},
		controls:   &ui.Button{Label: "CONTROLS", Rect: image.Rect(lx, 160, lx+w, 178)},
		save:       &ui.Button{Label: "SAVE", Rect: image.Rect(140, 210, 235, 228)},
		discard:    &ui.Button{Label: "BACK", Rect: image.Rect(245, 210, 340, 228)},
	}
	sm.url.SetText(s.ServerURL)
	sm.key.SetText(s.ServerKey)
	sm.form = ui.NewForm(sm.url, sm.key, sm.delay, sm.volume, sm.mute, sm.fullscreen, sm.scale, sm.controls, sm.save, sm.discard)
	return sm
}

func frames(v int) string  { return strconv.Itoa(v) + " FRAMES" }
func percent(v int) string { return strconv.Itoa(v*volumeStep) + "%" }
func times(v int) string   { return strconv.Itoa(v) + "X" }

// applyWindow sets the window's size and fullscreen mode.
func applyWindow(s Settings) {
	ebiten.SetFullscreen(s.Fullscreen)
	ebiten.SetWindowSize(ScreenWidth*s.Scale, ScreenHeight*s.Scale)
}

// settings returns what the screen shows.
func (sm *settingsMenu) settings() Settings {
	return Settings{
		ServerURL: sm.url.Text(), ServerKey: sm.key.Text(), InputDelay: sm.delay.Value,
		Volume: sm.volume.Value * volumeStep, Mute: sm.mute.On, Fullscreen: sm.fullscreen.On, Scale: sm.scale.Value,
	}
}

// Update implements Scene.
func (sm *settingsMenu) Update(m *SceneManager) error {
	ev := sm.form.Update(sm.mn.input(m))
	switch {
	case ev.Kind == ui.EventBack, ev.Kind == ui.EventActivate && ev.Widget == sm.discard:
		m.GoTo(sm.back)
	case ev.Kind == ui.EventActivate && ev.Widget == sm.controls:
		m.GoTo(newSettingsScene(sm, sm.mn.svc.Keys, sm.mn.svc.KeymapPath, sm.mn.log, sm.mn.hud))
	case ev.Kind == ui.EventSubmit, ev.Kind == ui.EventActivate && ev.Widget == sm.save:
		sm.store(m)
	case ev.Kind == ui.EventChange:
		sm.failure = ""
	}
	return nil
}

// store saves and applies the settings, then goes back; a refusal stays
// on the screen with its reason.
func (sm *settingsMenu) store(m *SceneManager) {
	s := sm.settings()
	if st := sm.mn.svc.Settings; st != nil {
		if err := st.Save(s); err != nil {
			sm.mn.log.Warn("settings not saved", "err", err)
			sm.failure = "NOT SAVED: " + plainWords(err)
			return
		}
	}
	sm.apply(s)
	m.GoTo(sm.back)
}

// Draw implements Scene.
func (sm *settingsMenu) Draw(dst *ebiten.Image) {
	mn, th := sm.mn, sm.mn.theme
	mn.drawHeader(dst, "SETTINGS")
	th.DrawPanel(dst, image.Rect(30, 34, 450, 196))
	sm.form.Draw(dst, th)
	th.DrawText(dst, "MORE DELAY, FEWER ROLLBACKS", 40, 142, 1, th.Dim)
	if sm.failure != "" {
		th.DrawTextCentered(dst, sm.failure, dst.Bounds(), 236, 1, th.Error)
	}
	mn.drawFooter(dst, "ARROWS CHANGE  ENTER SAVE  ESC BACK")
}
