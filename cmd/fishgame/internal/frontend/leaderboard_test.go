package frontend

import (
	"fmt"
	"slices"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// topRecords returns n records ranked 1..n, user ids u1..un.
func topRecords(n int) []netplay.Standing {
	var out []netplay.Standing
	for i := range n {
		out = append(out, netplay.Standing{Rank: int64(i + 1), UserID: fmt.Sprintf("u%d", i+1), Username: fmt.Sprintf("fish%d", i+1), Wins: int64(100 - i)})
	}
	return out
}

func boardHarness(t *testing.T, b *fakeBoard) *harness {
	svc, accounts, _, _, _ := services()
	svc.Leaderboard = b
	accounts.user = &Profile{Username: "anna"}
	h := newHarness(t, svc)
	h.click(button(t, h.title.form, entryLeaderboard))
	h.script.Idle(1)
	h.play()
	return h
}

func highlighted(rows []ui.Row) []int {
	var out []int
	for i, r := range rows {
		if r.Highlight {
			out = append(out, i)
		}
	}
	return out
}

func TestLeaderboardTop20AndOwnRecord(t *testing.T) {
	top := topRecords(25)
	h := boardHarness(t, &fakeBoard{top: top, own: top[4]})
	l := current[*leaderboardScene](h)
	if len(l.rows) != boardSize {
		t.Fatalf("%d rows, want the top %d", len(l.rows), boardSize)
	}
	if got := highlighted(l.rows); !slices.Equal(got, []int{4}) {
		t.Errorf("highlighted rows %v, want the player's own, 4", got)
	}
	if want := "  5 fish5                  96"; l.rows[4].Text != want {
		t.Errorf("row 5 = %q, want %q", l.rows[4].Text, want)
	}

	h = boardHarness(t, &fakeBoard{top: top, own: netplay.Standing{Rank: 41, UserID: "me", Username: "anna", Wins: 1}})
	l = current[*leaderboardScene](h)
	rows := l.rows
	if len(rows) != boardSize+2 || rows[boardSize].Text != "..." || !rows[boardSize+1].Highlight {
		t.Errorf("own record below the top: rows end %+v, want the top, a gap and the own record highlighted", rows[boardSize-1:])
	}
	h.press(ui.KeyBack)
	current[*titleScene](h)
}

func TestLeaderboardEmptyAndError(t *testing.T) {
	h := boardHarness(t, &fakeBoard{})
	if rows := current[*leaderboardScene](h).rows; len(rows) != 1 || rows[0].Text != "NO WINS RECORDED YET" {
		t.Errorf("empty board rows %+v", rows)
	}
	b := &fakeBoard{err: plainError{"Server unreachable at 127.0.0.1:7350"}}
	h = boardHarness(t, b)
	if got := messageLines(h); !slices.Equal(got, []string{"Server unreachable at 127.0.0.1:7350"}) {
		t.Errorf("message %q", got)
	}
	b.err, b.top = nil, topRecords(3)
	h.press(ui.KeyEnter) // Retry
	h.script.Idle(1)
	h.play()
	if rows := current[*leaderboardScene](h).rows; len(rows) != 3 || b.calls != 2 {
		t.Errorf("after Retry: %d rows, %d reads; want 3 rows, 2 reads", len(rows), b.calls)
	}
}
