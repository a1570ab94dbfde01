package frontend

import (
	"context"
	"fmt"
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
	"github.com/fishgame/fishgame/game"
)

// Lobby finds or makes a room for the logged-in player. Its errors should
// say the case in words for the player (see userMessager): no match with
// that code, the match is full, it has already started, another version.
type Lobby interface {
	// Matchmake waits for the server's matchmaker to form a room of 2 to
	// players; cancelling ctx removes the ticket.
	Matchmake(ctx context.Context, players int) (Room, error)
	// CreatePrivate makes a room that others join by its share code.
	CreatePrivate(ctx context.Context) (Room, error)
	// Join joins the room with a share code.
	Join(ctx context.Context, code string) (Room, error)
}

// The lobby's tabs.
const (
	tabFind = iota
	tabPrivate
	tabJoin
)

// lobbyScene finds a room: through the matchmaker (choose 2 to 4
// players; it shows the time spent looking and Cancel), a new private
// match, or a share code. A failure shows the message screen with Retry.
type lobbyScene struct {
	mn *menus

	tabs     *ui.Tabs
	players  *ui.Stepper
	code     *ui.TextField
	run      *ui.Button
	back     *ui.Button
	cancel   *ui.Button
	form     *ui.Form
	busy     *task[Room]
	searched int  // ticks spent in the matchmaker
	again    bool // Retry was pressed: search again on the next tick
}

// newLobbyScene returns the online lobby; Back goes to the title.
func newLobbyScene(mn *menus) *lobbyScene {
	l := &lobbyScene{
		mn:      mn,
		tabs:    &ui.Tabs{Labels: []string{"FIND A MATCH", "CREATE PRIVATE", "JOIN BY CODE"}, Rect: image.Rect(60, 40, 420, 58)},
		players: &ui.Stepper{Label: "PLAYERS", Rect: image.Rect(140, 110, 340, 126), Min: game.MinPlayers, Max: game.MaxPlayers, Value: game.MinPlayers},
		code:    &ui.TextField{Label: "SHARE CODE", Rect: image.Rect(180, 110, 300, 126), MaxBytes: 16, Placeholder: "6 LETTERS"},
		run:     &ui.Button{Rect: image.Rect(140, 180, 235, 198)},
		back:    &ui.Button{Label: "BACK", Rect: image.Rect(245, 180, 340, 198)},
		cancel:  &ui.Button{Label: "CANCEL", Rect: image.Rect(190, 180, 290, 198)},
	}
	l.form = ui.NewForm()
	l.layout()
	return l
}

// layout puts the selected tab's widgets in the form, or only Cancel
// while the matchmaker looks.
func (l *lobbyScene) layout() {
	switch {
	case l.busy != nil && l.tabs.Selected == tabFind:
		l.form.Set(l.cancel)
	case l.busy != nil:
		l.form.Set()
	case l.tabs.Selected == tabFind:
		l.run.Label = "FIND"
		l.form.Set(l.tabs, l.players, l.run, l.back)
	case l.tabs.Selected == tabPrivate:
		l.run.Label = "CREATE"
		l.form.Set(l.tabs, l.run, l.back)
	default:
		l.run.Label = "JOIN"
		l.form.Set(l.tabs, l.code, l.run, l.back)
	}
}

// Update implements Scene.
func (l *lobbyScene) Update(m *SceneManager) error {
	ev := l.form.Update(l.mn.input(m))
	if l.again {
		l.again = false
		l.start(m)
		return nil
	}
	if l.busy != nil {
		l.searched++
		if ev.Kind == ui.EventBack || ev.Widget == l.cancel && ev.Kind == ui.EventActivate {
			l.stop()
			return nil
		}
		l.wait(m)
		return nil
	}
	switch {
	case ev.Kind == ui.EventChange && ev.Widget == l.tabs:
		l.layout()
		if l.tabs.Selected == tabJoin {
			l.form.FocusOn(l.code)
		}
	case ev.Kind == ui.EventBack, ev.Kind == ui.EventActivate && ev.Widget == l.back:
		m.GoTo(l.mn.title)
	case ev.Kind == ui.EventSubmit, ev.Kind == ui.EventActivate && ev.Widget == l.run:
		l.start(m)
	}
	return nil
}

// start begins the selected tab's search.
func (l *lobbyScene) start(m *SceneManager) {
	lb := l.mn.svc.Lobby
	switch l.tabs.Selected {
	case tabFind:
		n := l.players.Value
		l.busy = startTask(l.mn.async, func(ctx context.Context) (Room, error) { return lb.Matchmake(ctx, n) })
	case tabPrivate:
		l.busy = startTask(l.mn.async, lb.CreatePrivate)
	default:
		code := normalizeCode(l.code.Text())
		l.busy = startTask(l.mn.async, func(ctx context.Context) (Room, error) { return lb.Join(ctx, code) })
	}
	l.searched = 0
	l.layout()
	l.wait(m)
}

// stop cancels the search in progress.
func (l *lobbyScene) stop() {
	l.busy.stop()
	l.busy = nil
	l.layout()
}

// wait polls the search; a room opens the ready room, a failure the
// message screen.
func (l *lobbyScene) wait(m *SceneManager) {
	r, err, done := l.busy.poll()
	if !done {
		return
	}
	l.busy = nil
	l.layout()
	if err != nil {
		m.GoTo(failScene(l.mn, l.failTitle(), err, func() Scene { return l.retry() }, l))
		return
	}
	m.GoTo(newRoomScene(l.mn, r, l))
}

// retry is the lobby after Retry: the failed search runs again.
func (l *lobbyScene) retry() Scene {
	l.again = true
	return l
}

func (l *lobbyScene) failTitle() string {
	switch l.tabs.Selected {
	case tabFind:
		return "NO MATCH FOUND"
	case tabPrivate:
		return "NO MATCH CREATED"
	default:
		return "COULD NOT JOIN"
	}
}

// normalizeCode makes a typed or pasted share code comparable: upper case
// without spaces or dashes.
func normalizeCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(s))
}

// elapsed formats ticks (60 a second) as M:SS.
func elapsed(ticks int) string {
	s := ticks / 60
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Draw implements Scene.
func (l *lobbyScene) Draw(dst *ebiten.Image) {
	mn, th := l.mn, l.mn.theme
	mn.drawHeader(dst, "ONLINE LOBBY")
	th.DrawPanel(dst, image.Rect(60, 62, 420, 212))
	if l.busy == nil || l.tabs.Selected != tabFind {
		l.tabs.Draw(dst, th, l.form.Focused() == l.tabs)
	}
	msg := ""
	switch {
	case l.busy != nil && l.tabs.Selected == tabFind:
		msg = fmt.Sprintf("LOOKING FOR 2 TO %d PLAYERS  %s", l.players.Value, elapsed(l.searched))
	case l.busy != nil && l.tabs.Selected == tabPrivate:
		msg = "CREATING A PRIVATE MATCH" + mn.busyDots()
	case l.busy != nil:
		msg = "JOINING " + normalizeCode(l.code.Text()) + mn.busyDots()
	case l.tabs.Selected == tabFind:
		msg = "THE SERVER PUTS YOU WITH OTHERS LOOKING"
	case l.tabs.Selected == tabPrivate:
		msg = "A MATCH FOR FRIENDS: SHARE ITS CODE"
	default:
		msg = "TYPE OR PASTE THE CODE A FRIEND SHARED"
	}
	th.DrawTextCentered(dst, msg, dst.Bounds(), 76, 1, th.Dim)
	for _, w := range l.form.Widgets() {
		if w != l.tabs {
			w.Draw(dst, th, l.form.Focused() == w)
		}
	}
	if p, ok := mn.profile(); ok {
		th.DrawText(dst, "LOGGED IN AS "+p.Username, 6, ScreenHeight-ui.GlyphHeight-12, 1, th.Dim)
	}
}
