package frontend

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// screenCheck is a region of a screen that must show at least min pixels
// of a colour.
type screenCheck struct {
	what string
	r    image.Rectangle
	c    color.RGBA
	min  int
}

// TestMenuScreensDraw draws every menu screen in the window, writes each
// picture (to FISHGAME_SHOT_DIR when set) and checks it: it differs from
// the bare sea behind it, its text is drawn where it belongs, and the
// ready room shows each member's fish in its colour and no other fish.
func TestMenuScreensDraw(t *testing.T) {
	if !inWindowProcess(t) {
		return
	}
	svc, accounts, _, board, _ := services()
	accounts.user = &Profile{Username: "anna"}
	top := topRecords(25)
	board.top, board.own = top, netplay.Standing{Rank: 41, UserID: "me", Username: "anna", Wins: 1}
	h := newHarness(t, svc)
	mn := h.mn

	login := newConnectionScene(mn, "", nil, h.title)
	login.email.SetText("anna@example.com")
	login.password.SetText("secret password")
	create := newConnectionScene(mn, "", nil, h.title)
	create.tabs.Select(tabCreate)
	create.layout()
	guest := newConnectionScene(mn, "", nil, h.title)
	guest.tabs.Select(tabGuest)
	guest.layout()
	failed := newConnectionScene(mn, "", nil, h.title)
	failed.failure = "Wrong e-mail or password"
	lobby := newLobbyScene(mn)
	room := newRoomScene(mn, twoFish(), lobby)
	leaders := newLeaderboardScene(mn, h.title)
	if err := leaders.Update(h.m); err != nil || len(leaders.rows) == 0 {
		t.Fatalf("the leaderboard did not load: %v", err)
	}
	errScene := newErrorScene(mn, "COULD NOT JOIN", plainError{"The match is full."}, func() Scene { return lobby }, lobby)

	header := image.Rect(0, 8, ScreenWidth, 8+32)
	white, accent := mn.theme.Text, mn.theme.Accent
	screens := []struct {
		name   string
		scene  Scene
		checks []screenCheck
	}{
		{"title", h.title, []screenCheck{
			{"gold title letters", image.Rect(0, 20, ScreenWidth, 60), textGold, 300},
			{"orange fish", image.Rect(0, 100, 120, 180), SlotColor(0), 200},
			{"blue fish", image.Rect(360, 100, ScreenWidth, 180), SlotColor(1), 200},
			{"focused entry", image.Rect(150, 80, 330, 104), accent, 40},
			{"entries", image.Rect(150, 104, 330, 230), white, 150},
		}},
		{"connection-login", login, []screenCheck{
			{"header", header, white, 150},
			{"selected tab", login.tabs.Rect, white, 20},
			{"typed e-mail", login.email.Rect, white, 60},
			{"masked password", login.password.Rect, white, 30},
		}},
		{"connection-create", create, []screenCheck{{"header", header, white, 150}, {"username label", image.Rect(100, 130, 200, 148), textDim, 20}}},
		{"connection-guest", guest, []screenCheck{{"header", header, white, 150}, {"guest text", image.Rect(60, 86, 420, 140), white, 150}}},
		{"connection-error", failed, []screenCheck{{"error line", image.Rect(0, 226, ScreenWidth, 244), textError, 60}}},
		{"lobby", lobby, []screenCheck{{"header", header, white, 150}, {"players stepper", lobby.players.Rect, white, 30}}},
		{"room", room, []screenCheck{
			{"share code", image.Rect(0, 32, ScreenWidth, 50), accent, 60},
			{"anna's fish", image.Rect(40, roomTop, 90, roomTop+roomRow), SlotColor(0), 60},
			{"bert's fish", image.Rect(40, roomTop+roomRow, 90, roomTop+2*roomRow), SlotColor(1), 60},
			{"bert's status", image.Rect(300, roomTop+roomRow, 440, roomTop+2*roomRow), textDim, 40},
		}},
		{"leaderboard", leaders, []screenCheck{{"header", header, white, 150}, {"rows", image.Rect(40, boardTop, 440, boardTop+boardColumn*ui.RowHeight), white, 1500}, {"own record", image.Rect(40, 180, 440, 214), accent, 60}}},
		{"settings", newSettingsMenu(mn, h.title), []screenCheck{{"header", header, white, 150}, {"server URL", image.Rect(40, 56, 230, 72), white, 60}}},
		{"error", errScene, []screenCheck{{"cause", image.Rect(0, 100, ScreenWidth, 170), textError, 60}}},
	}
	scene := &shotScene{draws: []func(*ebiten.Image){mn.drawBackground}}
	for _, s := range screens {
		scene.draws = append(scene.draws, s.scene.Draw)
	}
	if err := Run(Options{Scale: 1, Frames: 60}, scene); err != nil {
		t.Fatal(err)
	}
	if len(scene.shots) != len(scene.draws) {
		t.Fatalf("%d pictures drawn, want %d", len(scene.shots), len(scene.draws))
	}
	bare := scene.shots[0]
	for i, s := range screens {
		img := scene.shots[i+1]
		keepShot(t, "screen-"+s.name+".png", img)
		if n := differing(img, bare); n < 3000 {
			t.Errorf("%s: only %d pixels differ from the bare sea: blank screen", s.name, n)
		}
		for _, c := range s.checks {
			if n := count(img, c.r, c.c); n < c.min {
				t.Errorf("%s: %s shows %d pixels of %v in %v, want at least %d", s.name, c.what, n, c.c, c.r, c.min)
			}
		}
	}
	roomShot := scene.shots[7]
	panel := image.Rect(40, roomTop-4, 440, roomTop+4*roomRow)
	for slot := 2; slot < 4; slot++ {
		if n := count(roomShot, panel, SlotColor(slot)); n > 0 {
			t.Errorf("room of 2: %d pixels of fish %d's colour, want none", n, slot+1)
		}
	}
}

// differing counts the pixels where a and b differ.
func differing(a, b *image.RGBA) int {
	n := 0
	for i := 0; i < len(a.Pix); i += 4 {
		if [4]byte(a.Pix[i:i+4]) != [4]byte(b.Pix[i:i+4]) {
			n++
		}
	}
	return n
}

// keepShot writes img to FISHGAME_SHOT_DIR when it is set, to look at.
func keepShot(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	dir := os.Getenv("FISHGAME_SHOT_DIR")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(png.Encode(f, img), f.Close()); err != nil {
		t.Fatal(err)
	}
}
