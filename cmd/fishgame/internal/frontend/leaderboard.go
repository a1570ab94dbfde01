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

// leaderboardScene lists the top 20 by wins with rank, username and wins
// in two columns of 10; the player's own record is highlighted, and shown
// under them when it is below the top.
type leaderboardScene struct {
	mn   *menus
	back Scene
	rows []ui.Row // the top, then a gap and the own record if it is below
	done *ui.Button
	form *ui.Form
	busy *task[board]
}

// Layout of the leaderboard: two columns of boardColumn rows.
const (
	boardColumn = boardSize / 2
	boardTop    = 54
	boardLeft   = 56
	boardGap    = 196
)

// newLeaderboardScene loads the leaderboard; Back goes to back.
func newLeaderboardScene(mn *menus, back Scene) *leaderboardScene {
	l := &leaderboardScene{
		mn: mn, back: back,
		done: &ui.Button{Label: "BACK", Rect: image.Rect(190, 226, 290, 244)},
	}
	l.form = ui.NewForm(l.done)
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
		m.GoTo(failScene(l.mn, "NO LEADERBOARD", err, func() Scene { l.load(); return l }, l.back))
		return nil
	}
	l.rows = standingRows(b)
	return nil
}

// standingRows lays the board out: one row per record, the player's own
// highlighted, and the own record after a gap when it is below the top.
func standingRows(b board) []ui.Row {
	row := func(s netplay.Standing) ui.Row {
		return ui.Row{Text: fmt.Sprintf("%3d %-20s %4d", s.Rank, clip(s.Username, 20), s.Wins), Highlight: s.UserID != "" && s.UserID == b.own.UserID}
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
		rows = append(rows, ui.Row{Text: "..."}, row(b.own))
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
	th.DrawPanel(dst, image.Rect(boardLeft-10, 36, ScreenWidth-boardLeft+10, 216))
	for col := range 2 {
		th.DrawText(dst, fmt.Sprintf("%3s %-20s %4s", "#", "PLAYER", "WINS"), boardLeft+col*boardGap+3, 38, 1, th.Dim)
	}
	if l.busy != nil {
		th.DrawTextCentered(dst, "LOADING"+mn.busyDots(), dst.Bounds(), 100, 1, th.Dim)
	}
	top := min(len(l.rows), boardSize)
	for col := range 2 {
		lo, hi := min(col*boardColumn, top), min((col+1)*boardColumn, top)
		x := boardLeft + col*boardGap
		list := ui.List{Rows: l.rows[lo:hi], Rect: image.Rect(x, boardTop, x+boardGap-14, boardTop+boardColumn*ui.RowHeight)}
		list.Draw(dst, th, false)
	}
	if rest := l.rows[top:]; len(rest) > 0 {
		x := boardLeft + boardGap/2
		list := ui.List{Rows: rest, Rect: image.Rect(x, boardTop+boardColumn*ui.RowHeight+4, x+boardGap-14, 214)}
		list.Draw(dst, th, false)
	}
	l.form.Draw(dst, th)
}
