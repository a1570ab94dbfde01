package frontend

import (
	"context"
	"fmt"
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// Leaderboard reads the server's leaderboard of match wins.
type Leaderboard interface {
	// Top returns the first n records by wins, in rank order, and the
	// player's own record (Rank 0 when the player has none yet).
	Top(ctx context.Context, n int) (top []netplay.Standing, own netplay.Standing, err error)
}

// boardSize is how many records the leaderboard screen lists.
const boardSize = 20

// board is what the leaderboard screen shows once it arrived.
type board struct {
	top []netplay.Standing
	own netplay.Standing
}

// leaderboardScene lists the top 20 by wins with rank, username and wins;
// the player's own record is highlighted, and shown under the list when
// it is below the top.
type leaderboardScene struct {
	mn   *menus
	back Scene
	list *ui.List
	done *ui.Button
	form *ui.Form
	busy *task[board]
}

// newLeaderboardScene loads the leaderboard; Back goes to back.
func newLeaderboardScene(mn *menus, back Scene) *leaderboardScene {
	l := &leaderboardScene{
		mn: mn, back: back,
		list: &ui.List{Rect: image.Rect(110, 52, 370, 52+15*ui.RowHeight)},
		done: &ui.Button{Label: "BACK", Rect: image.Rect(190, 238, 290, 256)},
	}
	l.form = ui.NewForm(l.list, l.done)
	l.load()
	return l
}

// load asks for the board again.
func (l *leaderboardScene) load() {
	lb := l.mn.svc.Leaderboard
	l.busy = startTask(l.mn.async, func(ctx context.Context) (board, error) {
		top, own, err := lb.Top(ctx, boardSize)
		return board{top, own}, err
	})
}

// Update implements Scene.
func (l *leaderboardScene) Update(m *SceneManager) error {
	ev := l.form.Update(l.mn.input(m))
	if ev.Kind == ui.EventBack || ev.Kind == ui.EventActivate && ev.Widget == l.done {
		if l.busy != nil {
			l.busy.stop()
		}
		m.GoTo(l.back)
		return nil
	}
	if l.busy == nil {
		return nil
	}
	b, err, done := l.busy.poll()
	if !done {
		return nil
	}
	l.busy = nil
	if err != nil {
		m.GoTo(newErrorScene(l.mn, "NO LEADERBOARD", err, func() Scene { l.load(); return l }, l.back))
		return nil
	}
	l.list.Rows = standingRows(b)
	for i, r := range l.list.Rows {
		if r.Highlight {
			l.list.Show(i)
		}
	}
	return nil
}

// standingRows lays the board out: one row per record, the player's own
// highlighted, and the own record after a gap when it is below the top.
func standingRows(b board) []ui.Row {
	row := func(s netplay.Standing) ui.Row {
		return ui.Row{Text: fmt.Sprintf("%4d  %-24s %5d", s.Rank, clip(s.Username, 24), s.Wins), Highlight: s.UserID != "" && s.UserID == b.own.UserID}
	}
	var rows []ui.Row
	found := false
	for _, s := range b.top {
		r := row(s)
		found = found || r.Highlight
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		rows = append(rows, ui.Row{Text: "NO WINS RECORDED YET"})
	}
	if !found && b.own.Rank > 0 {
		rows = append(rows, ui.Row{Text: "   ..."}, row(b.own))
	}
	return rows
}

// clip cuts s to n characters.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "~"
	}
	return s
}

// Draw implements Scene.
func (l *leaderboardScene) Draw(dst *ebiten.Image) {
	mn, th := l.mn, l.mn.theme
	mn.drawHeader(dst, "LEADERBOARD")
	th.DrawPanel(dst, image.Rect(100, 34, 380, 52+15*ui.RowHeight+6))
	th.DrawText(dst, fmt.Sprintf("%4s  %-24s %5s", "RANK", "PLAYER", "WINS"), 113, 34, 1, th.Dim)
	if l.busy != nil {
		th.DrawTextCentered(dst, "LOADING"+mn.busyDots(), dst.Bounds(), 100, 1, th.Dim)
	}
	l.form.Draw(dst, th)
}
