package frontend

import (
	"context"
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// Accounts logs the player in and out of the game's server. Its errors
// should carry the cause in words for the player (see userMessager):
// "Wrong e-mail or password", "E-mail already in use", "Username already
// taken", "Server unreachable at HOST:PORT", "Server refused the server
// key", or a field that does not validate. Logging in runs off the game
// loop while the screens call Current, so the methods must be safe for
// concurrent use.
type Accounts interface {
	// Current returns the logged-in player; ok is false when nobody is.
	Current() (p Profile, ok bool)
	// Login logs in to an account by e-mail; remember keeps the session
	// for the next launch.
	Login(ctx context.Context, email, password string, remember bool) (Profile, error)
	// Create makes an account and logs in to it.
	Create(ctx context.Context, email, password, username string, remember bool) (Profile, error)
	// Guest logs in as this machine's guest, whose wins add up across
	// launches.
	Guest(ctx context.Context, remember bool) (Profile, error)
	// Logout ends the session and forgets what remember stored.
	Logout() error
}

// Profile is the logged-in player.
type Profile struct {
	Username string
	Guest    bool
}

// The connection screen's tabs.
const (
	tabLogin = iota
	tabCreate
	tabGuest
)

// connectionScene logs the player in: tabs for an existing account, a new
// one and a guest. Tab and Shift-Tab move between the fields, Enter
// submits, Esc goes back; what went wrong shows under the form.
type connectionScene struct {
	mn     *menus
	reason string // why the player has to log in (an expired session)
	next   func() Scene
	back   Scene

	tabs                   *ui.Tabs
	email, password, uname *ui.TextField
	remember               *ui.Toggle
	submit, cancel         *ui.Button
	form                   *ui.Form
	busy                   *task[Profile]
	failure                string
}

// newConnectionScene logs in, then goes to the scene next returns; Back
// goes to back. reason, when set, says why (as after a session expired).
func newConnectionScene(mn *menus, reason string, next func() Scene, back Scene) *connectionScene {
	const x, w = 120, 240
	c := &connectionScene{
		mn: mn, reason: reason, next: next, back: back,
		tabs:     &ui.Tabs{Labels: []string{"LOG IN", "CREATE ACCOUNT", "PLAY AS GUEST"}, Rect: image.Rect(60, 40, 420, 58)},
		email:    &ui.TextField{Label: "E-MAIL", Rect: image.Rect(x, 80, x+w, 96), Placeholder: "you@example.com"},
		password: &ui.TextField{Label: "PASSWORD", Rect: image.Rect(x, 114, x+w, 130), Masked: true, MaxBytes: 72, Placeholder: "8 to 72 characters"},
		uname:    &ui.TextField{Label: "USERNAME", Rect: image.Rect(x, 148, x+w, 164), Placeholder: "shown on the leaderboard"},
		remember: &ui.Toggle{Label: "REMEMBER ME", Rect: image.Rect(x, 172, x+w, 188), On: true},
		submit:   &ui.Button{Rect: image.Rect(x, 196, x+115, 214)},
		cancel:   &ui.Button{Label: "BACK", Rect: image.Rect(x+125, 196, x+w, 214)},
	}
	c.form = ui.NewForm()
	c.layout()
	c.form.FocusOn(c.email)
	return c
}

// layout puts the selected tab's widgets in the form.
func (c *connectionScene) layout() {
	y := 0 // how far up Remember me and the buttons move
	switch c.tabs.Selected {
	case tabLogin:
		c.submit.Label = "LOG IN"
		c.form.Set(c.tabs, c.email, c.password, c.remember, c.submit, c.cancel)
		y = 24
	case tabCreate:
		c.submit.Label = "CREATE"
		c.form.Set(c.tabs, c.email, c.password, c.uname, c.remember, c.submit, c.cancel)
	default:
		c.submit.Label = "PLAY"
		c.form.Set(c.tabs, c.remember, c.submit, c.cancel)
		y = 24
	}
	place := func(r *image.Rectangle, top int) { *r = r.Add(image.Pt(0, top-y-r.Min.Y)) }
	place(&c.remember.Rect, 172)
	place(&c.submit.Rect, 196)
	place(&c.cancel.Rect, 196)
}

// Update implements Scene.
func (c *connectionScene) Update(m *SceneManager) error {
	in := c.mn.input(m)
	if c.busy != nil {
		c.wait(m, in)
		return nil
	}
	ev := c.form.Update(in)
	switch ev.Kind {
	case ui.EventChange:
		if ev.Widget == c.tabs {
			c.failure = ""
			c.layout()
		}
	case ui.EventBack:
		m.GoTo(c.back)
	case ui.EventSubmit:
		c.send(m)
	case ui.EventActivate:
		switch ev.Widget {
		case c.submit:
			c.send(m)
		case c.cancel:
			m.GoTo(c.back)
		}
	}
	return nil
}

// send starts logging in as the selected tab says.
func (c *connectionScene) send(m *SceneManager) {
	a := c.mn.svc.Accounts
	email, pass, name, remember := c.email.Text(), c.password.Text(), c.uname.Text(), c.remember.On
	c.failure = ""
	switch c.tabs.Selected {
	case tabLogin:
		c.busy = startTask(c.mn.async, func(ctx context.Context) (Profile, error) { return a.Login(ctx, email, pass, remember) })
	case tabCreate:
		c.busy = startTask(c.mn.async, func(ctx context.Context) (Profile, error) {
			return a.Create(ctx, email, pass, name, remember)
		})
	default:
		c.busy = startTask(c.mn.async, func(ctx context.Context) (Profile, error) { return a.Guest(ctx, remember) })
	}
	c.done(m)
}

// wait cancels the login on Esc, or else sees whether it is done.
func (c *connectionScene) wait(m *SceneManager, in ui.Input) {
	for _, k := range in.Keys() {
		if k == ui.KeyBack {
			c.busy.stop()
			c.busy = nil
			return
		}
	}
	c.done(m)
}

// done takes the login's result once it arrived: on to the next screen,
// or the reason it failed under the form.
func (c *connectionScene) done(m *SceneManager) {
	_, err, ok := c.busy.poll()
	if !ok {
		return
	}
	c.busy = nil
	if err != nil {
		c.mn.log.Warn("login failed", "err", err)
		c.failure = plainWords(err)
		return
	}
	c.password.SetText("")
	m.GoTo(c.next())
}

// Draw implements Scene.
func (c *connectionScene) Draw(dst *ebiten.Image) {
	mn, th := c.mn, c.mn.theme
	mn.drawHeader(dst, "PLAY ONLINE")
	th.DrawPanel(dst, image.Rect(60, 62, 420, 222))
	if c.tabs.Selected == tabGuest {
		for i, l := range []string{"PLAY WITHOUT AN ACCOUNT.", "THIS MACHINE KEEPS ONE GUEST,", "SO YOUR WINS STILL ADD UP."} {
			th.DrawTextCentered(dst, l, dst.Bounds(), 90+i*ui.GlyphHeight, 1, th.Text)
		}
	}
	c.form.Draw(dst, th)
	switch {
	case c.busy != nil:
		th.DrawTextCentered(dst, "CONNECTING"+mn.busyDots()+"  (ESC CANCELS)", dst.Bounds(), 228, 1, th.Accent)
	case c.failure != "":
		th.DrawTextCentered(dst, c.failure, dst.Bounds(), 228, 1, th.Error)
	case c.reason != "":
		th.DrawTextCentered(dst, c.reason, dst.Bounds(), 228, 1, th.Dim)
	}
	mn.drawFooter(dst, "TAB NEXT FIELD  ENTER SUBMIT  ESC BACK")
}
