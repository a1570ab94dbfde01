package frontend

import (
	"slices"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// roomHarness opens the ready room of twoFish from the lobby.
func roomHarness(t *testing.T, play func(Room, Scene) (Scene, error)) (*harness, *roomScene, *fakeRoom) {
	svc, accounts, lobby, _, _ := services()
	svc.Play = play
	accounts.user = &Profile{Username: "anna"}
	h := newHarness(t, svc)
	h.click(button(t, h.title.form, entryOnline))
	h.click(current[*lobbyScene](h).run)
	return h, current[*roomScene](h), lobby.room.(*fakeRoom)
}

func TestRoomReadyThenStart(t *testing.T) {
	var played Room
	match := &messageScene{} // stands for the match scene
	h, r, room := roomHarness(t, func(rm Room, back Scene) (Scene, error) { played = rm; return match, nil })
	h.press(ui.KeyEnter) // READY has the focus
	if !room.readied || !r.ready.Disabled {
		t.Fatalf("Ready: sent %v, button disabled %v; want both", room.readied, r.ready.Disabled)
	}
	if got, _ := statusText(room.state.Members[1]); got != "CONNECTED DIRECT 23MS" {
		t.Errorf("the other's status reads %q", got)
	}
	room.state.Members[0].Status = StatusReady
	room.state.Members[1].Status = StatusReady
	room.state.Start = true
	h.script.Idle(1)
	h.play()
	if played != room || h.m.current != match {
		t.Errorf("all ready: played %v, on screen %T; want the room's match", played, h.m.current)
	}
}

func TestRoomLeave(t *testing.T) {
	h, r, room := roomHarness(t, nil)
	h.click(r.leave)
	if !room.left {
		t.Errorf("Leave did not leave the room")
	}
	current[*lobbyScene](h)
}

func TestRoomErrorsGoBackToTheLobby(t *testing.T) {
	for _, tt := range []struct {
		name string
		set  func(*fakeRoom)
		want string
	}{
		{"version", func(r *fakeRoom) {
			r.state.Err = plainError{"bert runs version 1.2, you run 1.3: update to play together"}
		}, "bert runs version 1.2, you run 1.3: update to play together"},
		{"ready refused", func(r *fakeRoom) { r.readyErr = plainError{"The server is gone."} }, "The server is gone."},
		{"no match scene", func(r *fakeRoom) { r.state.Start = true }, errNotAvailable.UserMessage()},
	} {
		h, _, room := roomHarness(t, nil)
		tt.set(room)
		h.press(ui.KeyEnter)
		if got := messageLines(h); !slices.Equal(got, []string{tt.want}) {
			t.Errorf("%s: message %q, want %q", tt.name, got, tt.want)
		}
		if !room.left {
			t.Errorf("%s: the room was not left", tt.name)
		}
		h.press(ui.KeyEnter)
		current[*lobbyScene](h)
	}
}
