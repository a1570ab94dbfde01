package frontend

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// settingsScene remaps the keyboard: arrows choose a button, Enter waits for
// its new key, R restores the defaults, Esc saves and goes back.
type settingsScene struct {
	back    Scene
	keys    *Keymap
	path    string // where to save; empty keeps the change for this run
	log     *slog.Logger
	hud     *hud
	cursor  int
	waiting bool
	msg     string
	pressed []ebiten.Key
}

// rows is the number of remappable buttons: 6 per player.
const rows = 2 * len(actionNames)

// newSettingsScene edits keys, saving them to path, and returns to back.
func newSettingsScene(back Scene, keys *Keymap, path string, log *slog.Logger, h *hud) *settingsScene {
	return &settingsScene{back: back, keys: keys, path: path, log: log, hud: h}
}

// Update implements Scene.
func (s *settingsScene) Update(m *SceneManager) error {
	if s.waiting {
		s.pressed = inpututil.AppendJustPressedKeys(s.pressed[:0])
		if len(s.pressed) == 0 {
			return nil
		}
		s.waiting = false
		if k := s.pressed[0]; k != ebiten.KeyEscape {
			s.keys.rebind(s.cursor/len(actionNames), s.cursor%len(actionNames), k)
			s.msg = ""
		}
		return nil
	}
	switch {
	case inpututil.IsKeyJustPressed(ebiten.KeyEscape):
		if p, a, ok := s.keys.unbound(); ok {
			s.msg = fmt.Sprintf("P%d %s HAS NO KEY", p+1, actionNames[a])
			return nil
		}
		if s.path != "" {
			if err := SaveKeymap(s.path, *s.keys); err != nil {
				s.log.Error("controls not saved", "err", err)
				s.msg = "NOT SAVED: SEE THE LOG"
				s.path = "" // keep them for this run; Esc again goes back
				return nil
			}
			s.log.Info("controls saved", "path", s.path)
		}
		m.GoTo(s.back)
	case inpututil.IsKeyJustPressed(ebiten.KeyArrowUp):
		s.cursor = (s.cursor + rows - 1) % rows
	case inpututil.IsKeyJustPressed(ebiten.KeyArrowDown):
		s.cursor = (s.cursor + 1) % rows
	case inpututil.IsKeyJustPressed(ebiten.KeyArrowLeft), inpututil.IsKeyJustPressed(ebiten.KeyArrowRight):
		s.cursor = (s.cursor + len(actionNames)) % rows
	case inpututil.IsKeyJustPressed(ebiten.KeyEnter):
		s.waiting = true
	case inpututil.IsKeyJustPressed(ebiten.KeyR):
		*s.keys = DefaultKeymap()
		s.msg = "DEFAULTS RESTORED"
	}
	return nil
}

// keyName returns a short name of k for the screen.
func keyName(k ebiten.Key) string {
	switch k {
	case ebiten.KeyArrowLeft:
		return "LEFT"
	case ebiten.KeyArrowRight:
		return "RIGHT"
	case ebiten.KeyArrowUp:
		return "UP"
	case ebiten.KeyArrowDown:
		return "DOWN"
	case ebiten.KeyControlLeft:
		return "LCTRL"
	case ebiten.KeyControlRight:
		return "RCTRL"
	case ebiten.KeyShiftLeft:
		return "LSHIFT"
	case ebiten.KeyShiftRight:
		return "RSHIFT"
	case ebiten.KeyAltLeft:
		return "LALT"
	case ebiten.KeyAltRight:
		return "RALT"
	case ebiten.KeyPeriod:
		return "."
	case ebiten.KeySlash:
		return "/"
	case ebiten.KeyComma:
		return ","
	case ebiten.KeySemicolon:
		return ";"
	}
	name := strings.ToUpper(k.String())
	for _, prefix := range []string{"DIGIT", "NUMPAD"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && len(rest) == 1 {
			if prefix == "NUMPAD" {
				return "NUM" + rest
			}
			return rest
		}
	}
	return name
}

// keyNames lists keys for the settings table.
func keyNames(keys []ebiten.Key) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = keyName(k)
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, " ")
}

// backdrop is a scene that can draw itself without its own overlays, such
// as a paused match without its pause menu, for a screen opened over it.
type backdrop interface {
	drawBackdrop(dst *ebiten.Image)
}

// Draw implements Scene.
func (s *settingsScene) Draw(dst *ebiten.Image) {
	if b, ok := s.back.(backdrop); ok {
		b.drawBackdrop(dst) // the menu that opened this screen stays hidden under it
	} else {
		s.back.Draw(dst)
	}
	hgt := 60 + 16*len(actionNames) + 16
	y := panel(dst, 440, hgt)
	s.hud.text.drawCentered(dst, "CONTROLS", y+4, 2, textWhite)
	for p := range s.keys {
		x := ScreenWidth/2 - 212 + p*216
		s.hud.text.draw(dst, fmt.Sprintf("PLAYER %d", p+1), x, y+30, 1, SlotColor(p))
		for a, keys := range s.keys[p].actions() {
			row := p*len(actionNames) + a
			c, val := textDim, keyNames(*keys)
			if row == s.cursor {
				c = textGold
				if s.waiting {
					val = "PRESS A KEY"
				}
			}
			line := fmt.Sprintf("%-6s %s", actionNames[a], val)
			if len(line) > 34 {
				line = line[:34]
			}
			s.hud.text.draw(dst, line, x, y+46+16*a, 1, c)
		}
	}
	help := "ARROWS CHOOSE  ENTER REMAP  R DEFAULTS  ESC SAVE"
	if s.msg != "" {
		help = s.msg
	}
	s.hud.text.drawCentered(dst, help, y+hgt-18, 1, textWhite)
}
