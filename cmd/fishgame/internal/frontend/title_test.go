package frontend

import (
	"errors"
	"slices"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

func TestTitleEntriesFollowTheLogin(t *testing.T) {
	svc, accounts, _, _, _ := services()
	h := newHarness(t, svc)
	out := []string{entryLocal, entryOnline, entryLeaderboard, entryReplays, entrySettings, entryQuit}
	if got := buttonLabels(h.title.form); !slices.Equal(got, out) {
		t.Fatalf("logged out, the title shows %q, want %q", got, out)
	}
	accounts.user = &Profile{Username: "anna"}
	h.script.Idle(1)
	h.play()
	in := []string{entryLocal, entryOnline, entryLeaderboard, entryReplays, entrySettings, entryLogout, entryQuit}
	if got := buttonLabels(h.title.form); !slices.Equal(got, in) {
		t.Fatalf("logged in, the title shows %q, want %q", got, in)
	}
	if err := h.click(button(t, h.title.form, entryLogout)); err != nil {
		t.Fatal(err)
	}
	if _, ok := accounts.Current(); ok || !slices.Contains(accounts.calls, "logout") {
		t.Errorf("Log out left the player logged in (calls %q)", accounts.calls)
	}
	if got := buttonLabels(h.title.form); !slices.Equal(got, out) {
		t.Errorf("after Log out the title shows %q, want %q", got, out)
	}
}

func TestTitleKeyboardAndQuit(t *testing.T) {
	svc, _, _, _, _ := services()
	started := 0
	// Any scene stands for the match.
	svc.LocalMatch = func(Scene) (Scene, error) { started++; return &messageScene{}, nil }
	h := newHarness(t, svc)
	if err := h.press(ui.KeyEnter); err != nil {
		t.Fatal(err)
	}
	if started != 1 {
		t.Fatalf("Enter on the first entry started %d local matches, want 1", started)
	}
	h.goTo(h.title)
	// Up from the first entry wraps to Quit, as a gamepad's d-pad does.
	if err := h.press(ui.KeyUp, ui.KeyEnter); !errors.Is(err, ebiten.Termination) {
		t.Errorf("Quit = %v, want ebiten.Termination", err)
	}
}

func TestTitleLocalMatchFailureShowsMessage(t *testing.T) {
	svc, _, _, _, _ := services()
	svc.LocalMatch = func(Scene) (Scene, error) { return nil, plainError{"No map could be loaded."} }
	h := newHarness(t, svc)
	h.click(button(t, h.title.form, entryLocal))
	if got := messageLines(h); !slices.Equal(got, []string{"No map could be loaded."}) {
		t.Errorf("message = %q", got)
	}
	h.press(ui.KeyBack)
	current[*titleScene](h)
}

func TestTitleWithoutServicesSaysSo(t *testing.T) {
	h := newHarness(t, Services{})
	for _, entry := range []string{entryLocal, entryOnline, entryLeaderboard} {
		h.goTo(h.title)
		h.click(button(t, h.title.form, entry))
		if got := messageLines(h); !slices.Equal(got, []string{errNotAvailable.UserMessage()}) {
			t.Errorf("%s without its service: message %q", entry, got)
		}
		h.press(ui.KeyEnter) // OK
		current[*titleScene](h)
	}
}

func TestTitleOnlineLogsInFirst(t *testing.T) {
	svc, accounts, _, board, _ := services()
	h := newHarness(t, svc)
	h.click(button(t, h.title.form, entryOnline))
	c := current[*connectionScene](h)
	h.click(c.tabs) // the middle of the tabs: CREATE ACCOUNT
	h.click(c.tabs)
	h.press(ui.KeyRight) // the tabs keep the focus: PLAY AS GUEST
	if c.tabs.Selected != tabGuest {
		t.Fatalf("selected tab %d, want the guest tab", c.tabs.Selected)
	}
	h.click(c.submit)
	if !slices.Equal(accounts.calls, []string{"guest"}) {
		t.Errorf("calls %q, want a guest login", accounts.calls)
	}
	current[*lobbyScene](h)

	h.goTo(h.title)
	h.click(button(t, h.title.form, entryLeaderboard))
	current[*leaderboardScene](h) // logged in: straight there
	if board.calls != 1 {
		t.Errorf("the leaderboard was read %d times, want 1", board.calls)
	}
}
