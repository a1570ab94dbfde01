package frontend

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/signaling"
)

// fakeReport is a leaderboard update in a chosen state.
type fakeReport struct {
	done chan struct{}
	u    netplay.LeaderboardUpdate
	err  error
}

func (r *fakeReport) Result() (netplay.LeaderboardUpdate, error) {
	select {
	case <-r.done:
		return r.u, r.err
	default:
		return netplay.LeaderboardUpdate{}, netplay.ErrReportPending
	}
}

// pending returns an update still running.
func pending() *fakeReport { return &fakeReport{done: make(chan struct{})} }

// finished returns an update that ended with u and err.
func finished(u netplay.LeaderboardUpdate, err error) *fakeReport {
	r := &fakeReport{done: make(chan struct{}), u: u, err: err}
	close(r.done)
	return r
}

// podium returns the top three records of a leaderboard where the local
// player, "u-me", is third.
func podium() (champ, other, me netplay.Standing) {
	return netplay.Standing{Rank: 1, UserID: "u-champ", Username: "zed", Wins: 9, Matches: 12},
		netplay.Standing{Rank: 2, UserID: "u-other", Username: "bert", Wins: 4, Matches: 9},
		netplay.Standing{Rank: 3, UserID: "u-me", Username: "anna", Wins: 3, Matches: 5}
}

func failed(cause error) error {
	return fmt.Errorf("%w: record result: %w", netplay.ErrLeaderboard, cause)
}

func TestBoardLines(t *testing.T) {
	unreachable := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	refused := &signaling.Error{Op: "write leaderboard record fish_game_wins", Status: 503, Code: 14, Message: "unavailable"}
	notTop := netplay.Standing{Rank: 12, UserID: "u-me", Username: "anna", Wins: 1, Matches: 1}
	champ, other, me := podium()
	tests := []struct {
		name string
		r    resultReport
		want []line
	}{
		{"the end is not final yet", nil, []line{{"UPDATING LEADERBOARD...", textDim}}},
		{"pending", pending(), []line{{"UPDATING LEADERBOARD...", textDim}}},
		{"won, in the top", finished(netplay.LeaderboardUpdate{Won: true, Recorded: true, Own: me, Top: []netplay.Standing{champ, other, me}}, nil), []line{
			{"YOUR WINS: 3 (+1)   RANK 3", textWhite},
			{" 1. zed                  9", textDim},
			{" 2. bert                 4", textDim},
			{" 3. anna                 3", textGold},
		}},
		{"lost, outside the top", finished(netplay.LeaderboardUpdate{Recorded: true, Own: notTop, Top: []netplay.Standing{champ, other}}, nil), []line{
			{"YOUR WINS: 1   RANK 12", textWhite},
			{" 1. zed                  9", textDim},
			{" 2. bert                 4", textDim},
		}},
		{"names the font cannot print, or too long", finished(netplay.LeaderboardUpdate{Recorded: true, Own: me, Top: []netplay.Standing{
			{Rank: 1, UserID: "u-x", Username: "Åsa_the_unbeatable_fish", Wins: 120}, {Rank: 2, UserID: "u-y", Username: "", Wins: 7}}}, nil), []line{
			{"YOUR WINS: 3   RANK 3", textWhite},
			{" 1. ?sa_the_unbeatab   120", textDim},
			{" 2. ?                    7", textDim},
		}},
		{"server down, won", finished(netplay.LeaderboardUpdate{Won: true}, failed(unreachable)), []line{
			{"LEADERBOARD UPDATE FAILED: SERVER UNREACHABLE", textError},
			{"YOUR WIN WAS NOT COUNTED", textDim},
		}},
		{"server refused, lost", finished(netplay.LeaderboardUpdate{}, failed(refused)), []line{
			{"LEADERBOARD UPDATE FAILED: SERVER ERROR 503", textError},
		}},
		{"server silent, won", finished(netplay.LeaderboardUpdate{Won: true}, failed(context.DeadlineExceeded)), []line{
			{"LEADERBOARD UPDATE FAILED: SERVER TIMED OUT", textError},
			{"YOUR WIN MAY NOT HAVE BEEN COUNTED", textDim},
		}},
		{"a player dropped out", unreported(fmt.Errorf("wrapped: %w", netplay.ErrPlayerDropped)), []line{
			{"NO LEADERBOARD UPDATE: A PLAYER DROPPED OUT", textDim},
		}},
		{"recorded, top not listed", finished(netplay.LeaderboardUpdate{Won: true, Recorded: true, Own: netplay.Standing{UserID: "u-me", Wins: 4}},
			fmt.Errorf("%w: list the top: %w", netplay.ErrLeaderboard, context.DeadlineExceeded)), []line{
			{"YOUR WINS: 4 (+1)", textWhite},
			{"TOP UNAVAILABLE: SERVER TIMED OUT", textError},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := boardLines(tt.r)
			if !slices.Equal(got, tt.want) {
				t.Errorf("boardLines() =\n%s\nwant\n%s", showLines(got), showLines(tt.want))
			}
			for _, l := range got {
				if w := textWidth(l.text); w > 300-12 {
					t.Errorf("line %q is %d px wide, wider than the match-end panel", l.text, w)
				}
			}
		})
	}
}

func showLines(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		fmt.Fprintf(&b, "  %q %v\n", l.text, l.c)
	}
	return b.String()
}

// finishedMatch plays a bots-only match of players fish to its end.
func finishedMatch(t *testing.T, players int) game.State {
	t.Helper()
	s, err := game.New(game.Config{Players: players, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	bots := make([]*bot.Bot, players)
	for i := range bots {
		bots[i] = bot.New(7, i)
	}
	for range 60 * 60 * 10 {
		if _, over := s.Winner(); over {
			return s
		}
		var in [game.MaxPlayers]game.Input
		for i, b := range bots {
			in[i] = b.Input(&s)
		}
		s.Step(in)
	}
	t.Fatalf("no winner after %d frames", s.Frame())
	return s
}

// shotScene draws one picture per tick and keeps each one's pixels.
type shotScene struct {
	draws []func(dst *ebiten.Image)
	shots []*image.RGBA
}

func (s *shotScene) Update(*SceneManager) error {
	if len(s.shots) == len(s.draws) {
		return ebiten.Termination
	}
	return nil
}

func (s *shotScene) Draw(dst *ebiten.Image) {
	i := len(s.shots)
	if i == len(s.draws) {
		return
	}
	s.draws[i](dst)
	img := image.NewRGBA(dst.Bounds())
	dst.ReadPixels(img.Pix)
	s.shots = append(s.shots, img)
}

// count counts the pixels of colour c inside r.
func count(img *image.RGBA, r image.Rectangle, c color.RGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y) == c {
				n++
			}
		}
	}
	return n
}

// windowChildEnv marks the child process that opens the window.
const windowChildEnv = "FISHGAME_FRONTEND_WINDOW_TEST"

// TestMatchEndScreenshot draws the end of a 3-fish match as a local match
// shows it and as an online one does while the leaderboard updates, after
// it failed and once it is done, and reads the pictures back: the winner's
// title is in its colour every time, the table of wins is there, and below
// it the leaderboard part shows (dim waiting text, the error colour, the
// player's own row in gold), only online.
//
// Ebitengine runs one game per process, and no image can be made after it
// ended, so the test runs itself in a child process.
func TestMatchEndScreenshot(t *testing.T) {
	needDisplay(t)
	if os.Getenv(windowChildEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMatchEndScreenshot$", "-test.v")
		cmd.Env = append(os.Environ(), windowChildEnv+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("window test process: %v\n%s", err, out)
		}
		return
	}
	s := finishedMatch(t, 3)
	winner, _ := s.Winner()
	h := &hud{text: newTextDrawer(), sprites: newSprites()}
	champ, other, me := podium()
	done := finished(netplay.LeaderboardUpdate{Won: true, Recorded: true, Own: me, Top: []netplay.Standing{champ, other, me}}, nil)
	fail := finished(netplay.LeaderboardUpdate{Won: true}, failed(context.DeadlineExceeded))
	boards := []struct {
		name  string
		lines []line
	}{
		{"local", nil},
		{"pending", boardLines(pending())},
		{"failed", boardLines(fail)},
		{"done", boardLines(done)},
	}
	scene := &shotScene{}
	for _, b := range boards {
		scene.draws = append(scene.draws, func(dst *ebiten.Image) { h.drawMatchOver(dst, &s, b.lines, "ESC: LEAVE") })
	}
	if err := Run(Options{Scale: 1, Frames: 30}, scene); err != nil {
		t.Fatal(err)
	}
	if len(scene.shots) != len(boards) {
		t.Fatalf("%d pictures drawn, want %d", len(scene.shots), len(boards))
	}
	for i, b := range boards {
		img := scene.shots[i]
		if dir := os.Getenv("FISHGAME_SHOT_DIR"); dir != "" {
			// Keep the pictures to look at, as the play tests do.
			f, err := os.Create(filepath.Join(dir, "match-end-"+b.name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			if err := errors.Join(png.Encode(f, img), f.Close()); err != nil {
				t.Fatal(err)
			}
		}
		hgt := 76 + 16*s.Players()
		if len(b.lines) > 0 {
			hgt += 6 + boardLineHeight*len(b.lines)
		}
		top := (ScreenHeight - hgt) / 2
		title := image.Rect(0, top, ScreenWidth, top+40)
		table := image.Rect(0, top+42, ScreenWidth, top+42+16*s.Players())
		section := image.Rect(0, table.Max.Y+2, ScreenWidth, top+hgt-22)
		if n := count(img, title, SlotColor(winner)); n < 40 {
			t.Errorf("%s: the title shows %d pixels of the winner's colour, want its name in it", b.name, n)
		}
		for slot := range s.Players() {
			row := image.Rect(0, table.Min.Y+16*slot, ScreenWidth, table.Min.Y+16*slot+16)
			if n := count(img, row, SlotColor(slot)); n < 20 {
				t.Errorf("%s: table row %d shows %d pixels of fish %d's colour, want its icon and pips", b.name, slot, n, slot+1)
			}
		}
		want := map[string]color.RGBA{"pending": textDim, "failed": textError, "done": textGold}
		for name, c := range want {
			n := count(img, section, c)
			if name == b.name && n < 20 {
				t.Errorf("%s: the leaderboard part shows %d pixels of %v, want its text", b.name, n, c)
			}
			if b.name == "local" && n > 0 {
				t.Errorf("local: %d pixels of %v under the table, want no leaderboard", n, c)
			}
		}
	}
}
