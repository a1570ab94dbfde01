package frontend

import (
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

func TestMessageSceneRetryAndBack(t *testing.T) {
	h := newHarness(t, Services{})
	retried := &messageScene{}
	s := newErrorScene(h.mn, "COULD NOT JOIN", plainError{"The match is full."}, func() Scene { return retried }, h.title)
	if !s.box.Error || len(s.box.Buttons()) != 2 {
		t.Fatalf("error box: error colour %v, %d buttons; want Retry and Back", s.box.Error, len(s.box.Buttons()))
	}
	h.goTo(s)
	h.press(ui.KeyEnter)
	if h.m.current != retried {
		t.Errorf("Retry went to %T", h.m.current)
	}
	h.goTo(s)
	h.click(s.box.Buttons()[1])
	current[*titleScene](h)
	h.goTo(s)
	h.press(ui.KeyBack)
	current[*titleScene](h)
}

// expired is the error of a session that could not be refreshed.
type expired struct{}

func (expired) Error() string        { return "refresh session: token expired" }
func (expired) UserMessage() string  { return "Your session expired: log in again." }
func (expired) SessionExpired() bool { return true }

// TestSessionExpiryAsksForTheLoginThenGoesOn fails the leaderboard with an
// expired session: the connection screen says why, and after the login
// the leaderboard is read again and shown.
func TestSessionExpiryAsksForTheLoginThenGoesOn(t *testing.T) {
	b := &fakeBoard{err: expired{}, top: topRecords(3)}
	h := boardHarness(t, b)
	c := current[*connectionScene](h)
	if c.reason != "Your session expired: log in again." {
		t.Errorf("the connection screen says %q, want why", c.reason)
	}
	b.err = nil
	h.click(c.email)
	h.typeText("anna@example.com")
	h.press(ui.KeyTab)
	h.typeText("secret password")
	h.press(ui.KeyEnter)
	h.script.Idle(1)
	h.play()
	if rows := current[*leaderboardScene](h).rows; len(rows) != 3 || b.calls != 2 {
		t.Errorf("after the login: %d rows, %d reads; want the board read again", len(rows), b.calls)
	}
}
