package frontend

import (
	"bytes"
	"context"
	"image"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// harness drives the menu screens without a window: a Script is the
// input, blocking calls run on the test's goroutine, and every scene
// starts at the title.
type harness struct {
	t      *testing.T
	mn     *menus
	script *ui.Script
	m      *SceneManager
	title  *titleScene
}

func newHarness(t *testing.T, svc Services) *harness {
	t.Helper()
	svc.Logger = slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	s := ui.NewScript()
	mn := newMenus(svc, scriptInput{s})
	mn.async = func(f func()) { f() }
	title := newTitle(mn)
	return &harness{t: t, mn: mn, script: s, m: &SceneManager{current: title}, title: title}
}

// play runs every scripted step, one tick each, then switches to the
// scene the last tick chose. It returns the last Update's error.
func (h *harness) play() error {
	h.t.Helper()
	var err error
	for h.script.Pending() > 0 {
		if err = h.m.update(); err != nil {
			break
		}
	}
	if h.m.next != nil {
		h.m.current, h.m.next = h.m.next, nil
	}
	return err
}

// press plays keys, one a tick.
func (h *harness) press(keys ...ui.Key) error {
	h.t.Helper()
	h.script.Press(keys...)
	return h.play()
}

// click clicks in the middle of w.
func (h *harness) click(w ui.Widget) error {
	h.t.Helper()
	r := w.Bounds()
	h.script.Click((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
	return h.play()
}

// typeText types s in one tick.
func (h *harness) typeText(s string) {
	h.t.Helper()
	h.script.Type(s)
	h.play()
}

// goTo puts s on screen.
func (h *harness) goTo(s Scene) { h.m.current, h.m.next = s, nil }

// current returns the scene on screen as a T, failing the test when it is
// another kind.
func current[T Scene](h *harness) T {
	h.t.Helper()
	s, ok := h.m.current.(T)
	if !ok {
		var want T
		h.t.Fatalf("scene on screen is %T, want %T", h.m.current, want)
	}
	return s
}

// messageLines returns the text of the message screen on screen, its
// wrapped lines joined again.
func messageLines(h *harness) []string {
	h.t.Helper()
	return []string{strings.Join(current[*messageScene](h).box.Lines, " ")}
}

// buttonLabels returns the labels of the buttons of a form.
func buttonLabels(f *ui.Form) []string {
	var out []string
	for _, w := range f.Widgets() {
		if b, ok := w.(*ui.Button); ok {
			out = append(out, b.Label)
		}
	}
	return out
}

// button returns the button labelled label in f.
func button(t *testing.T, f *ui.Form, label string) *ui.Button {
	t.Helper()
	for _, w := range f.Widgets() {
		if b, ok := w.(*ui.Button); ok && b.Label == label {
			return b
		}
	}
	t.Fatalf("no %q button among %q", label, buttonLabels(f))
	return nil
}

// plainError is an error with a message for the player, as the real
// services return.
type plainError struct{ msg string }

func (e plainError) Error() string       { return "technical: " + e.msg }
func (e plainError) UserMessage() string { return e.msg }

// fakeAccounts logs in whoever the test says.
type fakeAccounts struct {
	user     *Profile
	err      error // returned by the next login
	calls    []string
	remember bool
}

func (a *fakeAccounts) Current() (Profile, bool) {
	if a.user == nil {
		return Profile{}, false
	}
	return *a.user, true
}

func (a *fakeAccounts) done(p Profile, remember bool, call string) (Profile, error) {
	a.calls = append(a.calls, call)
	a.remember = remember
	if a.err != nil {
		return Profile{}, a.err
	}
	a.user = &p
	return p, nil
}

func (a *fakeAccounts) Login(_ context.Context, email, password string, remember bool) (Profile, error) {
	return a.done(Profile{Username: "anna"}, remember, "login "+email+" "+password)
}

func (a *fakeAccounts) Create(_ context.Context, email, password, username string, remember bool) (Profile, error) {
	return a.done(Profile{Username: username}, remember, "create "+email+" "+password+" "+username)
}

func (a *fakeAccounts) Guest(_ context.Context, remember bool) (Profile, error) {
	return a.done(Profile{Username: "guest-1", Guest: true}, remember, "guest")
}

func (a *fakeAccounts) Logout() error {
	a.calls = append(a.calls, "logout")
	a.user = nil
	return nil
}

// fakeLobby hands out room, or err; block makes Matchmake wait for its
// context and report the cancel on cancelled.
type fakeLobby struct {
	room      Room
	err       error
	calls     []string
	block     bool
	cancelled chan struct{}
}

func (l *fakeLobby) result(call string) (Room, error) {
	l.calls = append(l.calls, call)
	if l.err != nil {
		return nil, l.err
	}
	return l.room, nil
}

func (l *fakeLobby) Matchmake(ctx context.Context, players int) (Room, error) {
	if l.block {
		<-ctx.Done()
		close(l.cancelled)
		return nil, ctx.Err()
	}
	return l.result("matchmake " + string(rune('0'+players)))
}

func (l *fakeLobby) CreatePrivate(context.Context) (Room, error) { return l.result("create") }

func (l *fakeLobby) Join(_ context.Context, code string) (Room, error) {
	return l.result("join " + code)
}

// fakeRoom is a room whose state the test sets.
type fakeRoom struct {
	code     string
	state    RoomState
	readyErr error
	readied  bool
	left     bool
}

func (r *fakeRoom) Code() string    { return r.code }
func (r *fakeRoom) Poll() RoomState { return r.state }
func (r *fakeRoom) Leave()          { r.left = true }
func (r *fakeRoom) Ready(context.Context) error {
	if r.readyErr != nil {
		return r.readyErr
	}
	r.readied = true
	return nil
}

// twoFish is a room of the player and one other, connected directly.
func twoFish() *fakeRoom {
	return &fakeRoom{code: "K7M2QX", state: RoomState{Members: []Member{
		{Slot: 0, Username: "anna", Self: true, Status: StatusConnected},
		{Slot: 1, Username: "bert", Status: StatusConnected, Path: "direct", RTT: 23e6},
	}}}
}

// fakeBoard returns a fixed leaderboard.
type fakeBoard struct {
	top   []netplay.Standing
	own   netplay.Standing
	err   error
	calls int
}

func (b *fakeBoard) Top(_ context.Context, n int) ([]netplay.Standing, netplay.Standing, error) {
	b.calls++
	if b.err != nil {
		return nil, netplay.Standing{}, b.err
	}
	return b.top[:min(n, len(b.top))], b.own, nil
}

// fakeSettings keeps the settings in memory.
type fakeSettings struct {
	s     Settings
	saved []Settings
	err   error
}

func (f *fakeSettings) Load() Settings { return f.s }
func (f *fakeSettings) Save(s Settings) error {
	if f.err != nil {
		return f.err
	}
	f.saved = append(f.saved, s)
	f.s = s
	return nil
}

// services returns every service faked.
func services() (Services, *fakeAccounts, *fakeLobby, *fakeBoard, *fakeSettings) {
	a, l, b, s := &fakeAccounts{}, &fakeLobby{room: twoFish()}, &fakeBoard{}, &fakeSettings{s: Settings{ServerURL: "http://127.0.0.1:7350", ServerKey: "defaultkey", InputDelay: 2, Volume: 80, Scale: 3}}
	return Services{Accounts: a, Lobby: l, Leaderboard: b, Settings: s}, a, l, b, s
}

func TestWrap(t *testing.T) {
	got := wrap("one two three four", 9)
	if want := []string{"one two", "three", "four"}; !slices.Equal(got, want) {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}

func TestToLogical(t *testing.T) {
	m := &SceneManager{screen: image.Pt(1000, 600)} // scale 2, bars 20 and 30
	if x, y, ok := m.toLogical(20+2*10, 30+2*5); !ok || x != 10 || y != 5 {
		t.Errorf("toLogical = %d, %d, %v; want 10, 5 inside", x, y, ok)
	}
	if _, _, ok := m.toLogical(5, 5); ok {
		t.Errorf("a point on the black bar is inside the picture")
	}
}
