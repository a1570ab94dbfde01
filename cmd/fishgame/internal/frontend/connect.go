package frontend

import (
	"github.com/hajimehoshi/ebiten/v2"
)

// connectScene shows an online match's connection progress until the game
// starts, then switches to the match scene. Esc cancels.
type connectScene struct {
	online   *OnlineMatch
	view     *view
	controls controls
	lines    []string
}

// Update implements Scene.
func (c *connectScene) Update(m *SceneManager) error {
	for drained := false; !drained; {
		select {
		case s := <-c.online.status:
			c.lines = append(c.lines, s)
			if len(c.lines) > 5 {
				c.lines = c.lines[1:]
			}
		default:
			drained = true
		}
	}
	if c.controls.menuPressed() {
		return ebiten.Termination
	}
	select {
	case r := <-c.online.result:
		if err := c.online.take(r); err != nil {
			return err
		}
		m.GoTo(newNetMatchScene(c.online, c.view))
	default:
	}
	return nil
}

// Draw implements Scene.
func (c *connectScene) Draw(dst *ebiten.Image) {
	dst.DrawImage(c.view.world.water, nil)
	lines := append([]string{}, c.lines...)
	lines = append(lines, "", "ESC  CANCEL")
	c.view.hud.drawMenu(dst, "CONNECTING", lines...)
}
