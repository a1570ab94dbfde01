package frontend

import (
	"fmt"
	"slices"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// lobbyHarness opens the lobby with a player logged in.
func lobbyHarness(t *testing.T) (*harness, *lobbyScene, *fakeLobby) {
	svc, accounts, lobby, _, _ := services()
	accounts.user = &Profile{Username: "anna"}
	h := newHarness(t, svc)
	h.click(button(t, h.title.form, entryOnline))
	return h, current[*lobbyScene](h), lobby
}

func TestLobbyMatchmakerShowsTimeAndCancels(t *testing.T) {
	h, l, lobby := lobbyHarness(t)
	lobby.block, lobby.cancelled = true, make(chan struct{})
	l.mn.async = func(f func()) { go f() }                     // Matchmake blocks until cancelled
	h.press(ui.KeyDown, ui.KeyRight, ui.KeyRight, ui.KeyRight) // to PLAYERS: 2 -> 4, stops there
	if l.players.Value != 4 {
		t.Fatalf("players = %d, want 4", l.players.Value)
	}
	h.click(l.run)
	if l.busy == nil {
		t.Fatal("FIND did not start the matchmaker")
	}
	h.script.Idle(150)
	h.play()
	if got := elapsed(l.searched); got != "0:02" {
		t.Errorf("after 151 ticks the lobby shows %s searching, want 0:02", got)
	}
	if got := buttonLabels(l.form); !slices.Equal(got, []string{"CANCEL"}) {
		t.Fatalf("while searching the lobby offers %q, want only CANCEL", got)
	}
	h.press(ui.KeyEnter)
	<-lobby.cancelled // the ticket's context was cancelled
	if l.busy != nil {
		t.Errorf("Cancel left the search running")
	}
	current[*lobbyScene](h)
	h.press(ui.KeyBack)
	current[*titleScene](h)
}

func TestLobbyCreatePrivateOpensTheRoom(t *testing.T) {
	h, l, lobby := lobbyHarness(t)
	h.press(ui.KeyRight, ui.KeyTab, ui.KeyEnter)
	if !slices.Equal(lobby.calls, []string{"create"}) {
		t.Errorf("calls %q, want create", lobby.calls)
	}
	r := current[*roomScene](h)
	if r.room.Code() != "K7M2QX" || r.lobby != l {
		t.Errorf("room code %q, back to %T; want K7M2QX and the lobby", r.room.Code(), r.lobby)
	}
}

func TestLobbyJoinByCodeErrors(t *testing.T) {
	for _, msg := range []string{
		"No match with the code K7M2QX.",
		"The match is full.",
		"The match has already started.",
		"That match runs version 1.2, you run 1.3: update to play together.",
	} {
		h, l, lobby := lobbyHarness(t)
		lobby.err = plainError{msg}
		h.click(l.tabs) // the middle tab...
		h.press(ui.KeyRight)
		if l.form.Focused() != l.code {
			t.Fatalf("the join tab focuses %T, want the code field", l.form.Focused())
		}
		h.script.SetClipboard(" k7m-2qx\n")
		h.press(ui.KeyPaste, ui.KeyEnter)
		if got := messageLines(h); !slices.Equal(got, []string{msg}) {
			t.Errorf("join failing with %q shows %q", msg, got)
		}
		lobby.err = nil
		h.press(ui.KeyEnter) // Retry
		h.script.Idle(1)
		h.play()
		if want := []string{"join K7M2QX", "join K7M2QX"}; !slices.Equal(lobby.calls, want) {
			t.Errorf("calls %q, want %q: the pasted code, then the retry", lobby.calls, want)
		}
		current[*roomScene](h)
	}
}

func TestLobbyFailureBack(t *testing.T) {
	h, l, lobby := lobbyHarness(t)
	lobby.err = fmt.Errorf("form match: %w", netplay.ErrMatchFull)
	h.click(l.run)
	if got := messageLines(h); !slices.Equal(got, []string{"The match is full."}) {
		t.Errorf("message %q", got)
	}
	h.press(ui.KeyBack)
	if current[*lobbyScene](h) != l {
		t.Errorf("Back went to another lobby")
	}
}

func TestNormalizeCode(t *testing.T) {
	if got := normalizeCode(" k7m-2qx "); got != "K7M2QX" {
		t.Errorf("normalizeCode = %q, want K7M2QX", got)
	}
}
