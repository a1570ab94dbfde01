package frontend

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// Labels of the title screen's entries.
const (
	entryLocal       = "LOCAL MATCH"
	entryOnline      = "ONLINE"
	entryLeaderboard = "LEADERBOARD"
	entryReplays     = "REPLAYS"
	entrySettings    = "SETTINGS"
	entryLogout      = "LOG OUT"
	entryQuit        = "QUIT"
)

// titleScene is the first screen: the game's name, two fish and the
// entries, chosen with the arrows, a gamepad's d-pad or the mouse.
type titleScene struct {
	mn       *menus
	form     *ui.Form
	art      *ebiten.Image
	loggedIn bool
	user     string
	built    bool
}

// NewTitle returns the title screen, reading the keyboard, the mouse, the
// gamepads and the input method, with svc behind its entries.
func NewTitle(svc Services) Scene {
	return newTitle(newMenus(svc, deviceInput{&ui.EbitenInput{}}))
}

// newTitle returns the title screen of mn, which becomes where the other
// menu screens return to.
func newTitle(mn *menus) *titleScene {
	t := &titleScene{mn: mn, art: ebiten.NewImageFromImage(titleArt("FISH GAME"))}
	mn.title = t
	t.refresh()
	return t
}

// refresh lays the entries out again when the login changed: Log out is
// there only while a player is logged in.
func (t *titleScene) refresh() {
	var p Profile
	in := false
	if a := t.mn.svc.Accounts; a != nil {
		p, in = a.Current()
	}
	if t.built && in == t.loggedIn && p.Username == t.user {
		return
	}
	t.built, t.loggedIn, t.user = true, in, p.Username
	labels := []string{entryLocal, entryOnline, entryLeaderboard, entryReplays, entrySettings}
	if in {
		labels = append(labels, entryLogout)
	}
	labels = append(labels, entryQuit)
	rects := ui.Column((ScreenWidth-150)/2, 84, 150, 18, 4, len(labels))
	ws := make([]ui.Widget, len(labels))
	for i, l := range labels {
		ws[i] = &ui.Button{Label: l, Rect: rects[i]}
	}
	if t.form == nil {
		t.form = ui.NewForm(ws...)
	} else {
		t.form.Set(ws...)
	}
}

// Update implements Scene.
func (t *titleScene) Update(m *SceneManager) error {
	t.refresh()
	ev := t.form.Update(t.mn.input(m))
	if ev.Kind != ui.EventActivate {
		return nil
	}
	switch ev.Widget.(*ui.Button).Label {
	case entryLocal:
		t.startLocal(m)
	case entryOnline:
		t.online(m, t.mn.svc.Lobby != nil, func() Scene { return newLobbyScene(t.mn) })
	case entryLeaderboard:
		t.online(m, t.mn.svc.Leaderboard != nil, func() Scene { return newLeaderboardScene(t.mn, t) })
	case entryReplays:
		m.GoTo(newReplayListScene(t.mn, DefaultReplayDir(), t))
	case entrySettings:
		m.GoTo(newSettingsMenu(t.mn, t))
	case entryLogout:
		if err := t.mn.svc.Accounts.Logout(); err != nil {
			m.GoTo(newErrorScene(t.mn, "NOT LOGGED OUT", err, nil, t))
		}
		t.refresh()
	case entryQuit:
		return ebiten.Termination
	}
	return nil
}

// errNotAvailable says a service was not wired into this build.
var errNotAvailable = userError("This build of the game cannot do that.")

// userError is an error whose text is meant for the player.
type userError string

func (e userError) Error() string       { return string(e) }
func (e userError) UserMessage() string { return string(e) }

func (t *titleScene) startLocal(m *SceneManager) {
	if t.mn.svc.LocalMatch == nil {
		m.GoTo(newErrorScene(t.mn, "NO LOCAL MATCH", errNotAvailable, nil, t))
		return
	}
	s, err := t.mn.svc.LocalMatch(t)
	if err != nil {
		m.GoTo(newErrorScene(t.mn, "NO LOCAL MATCH", err, func() Scene { return t }, t))
		return
	}
	m.GoTo(s)
}

// online opens next, through the connection screen when nobody is logged
// in yet; wired says whether the service next needs is there.
func (t *titleScene) online(m *SceneManager, wired bool, next func() Scene) {
	a := t.mn.svc.Accounts
	if a == nil || !wired {
		m.GoTo(newErrorScene(t.mn, "NOT ONLINE", errNotAvailable, nil, t))
		return
	}
	if _, ok := a.Current(); ok {
		m.GoTo(next())
		return
	}
	m.GoTo(newConnectionScene(t.mn, "", next, t))
}

// Draw implements Scene.
func (t *titleScene) Draw(dst *ebiten.Image) {
	mn := t.mn
	mn.drawBackground(dst)
	aw := t.art.Bounds().Dx()
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64((ScreenWidth-aw)/2), 22)
	dst.DrawImage(t.art, op)
	bob := []int{0, 1, 2, 1}[mn.ticks/15%4]
	mn.drawFish(dst, 0, 40, 110+bob, 4, false)
	mn.drawFish(dst, 1, ScreenWidth-40-4*spriteSize, 110+2-bob, 4, true)
	mn.theme.DrawTextCentered(dst, "A ROLLBACK NETCODE BRAWL FOR 2-4 FISH", dst.Bounds(), 62, 1, mn.theme.Dim)
	t.form.Draw(dst, mn.theme)
	who := "NOT LOGGED IN"
	if t.loggedIn {
		who = "LOGGED IN AS " + t.user
	}
	mn.theme.DrawText(dst, who, 6, ScreenHeight-ui.GlyphHeight-12, 1, mn.theme.Dim)
}
