package frontend

import (
	"image"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
)

// fakeNet is a scripted netSource: the local player is slot 0.
type fakeNet struct {
	st    rollback.Stats
	peers map[int]rollback.PeerStats
	delay int
}

func (f *fakeNet) Slot() int             { return 0 }
func (f *fakeNet) Stats() rollback.Stats { return f.st }
func (f *fakeNet) InputDelay() int       { return f.delay }
func (f *fakeNet) PeerStats(slot int) (rollback.PeerStats, bool) {
	ps, ok := f.peers[slot]
	return ps, ok
}

// overlayRun plays one second of a 3-player match in which every tick
// rolls back 8 frames and each peer's traffic grows steadily, and returns
// the overlay after it.
func overlayRun(t *testing.T) (*netOverlay, *fakeNet) {
	t.Helper()
	src := &fakeNet{delay: 2, peers: map[int]rollback.PeerStats{
		0: {}, 1: {RTT: 42 * time.Millisecond, FramesAhead: 1}, 2: {RTT: 80 * time.Millisecond, FramesAhead: -2},
	}}
	links := []p2p.LinkStats{
		{Peer: 1, State: p2p.LinkDirect, Path: "srflx"},
		{Peer: 2, State: p2p.LinkRelay, Path: p2p.PathRelay},
	}
	calls := 0
	linkFn := func() []p2p.LinkStats { calls++; return links }
	o := newNetOverlay(3)
	for tick := range 61 {
		now := time.Duration(tick) * time.Second / 60
		o.update(now, src, linkFn)
		src.st.Frame++
		src.st.Rollbacks++
		src.st.RollbackFrames += 8
		src.st.MaxRollback = 8
		for slot := 1; slot <= 2; slot++ {
			ps := src.peers[slot]
			ps.BytesSent += 25 // 60 ticks × 25 B × 8 = 12 kbit/s
			ps.BytesReceived += 50
			src.peers[slot] = ps
		}
		links[0].PacketsIn += 9
		links[0].Lost++
	}
	if calls != 2 {
		t.Errorf("link stats asked %d times in a second, want 2 (start and end of the window)", calls)
	}
	return o, src
}

// TestOverlayFigures checks the figures a player reads in the overlay:
// per peer path, RTT, frames ahead, bandwidth and loss, and the session's
// rollbacks per second and input delay.
func TestOverlayFigures(t *testing.T) {
	o, _ := overlayRun(t)
	if !strings.Contains(o.header, "DELAY 2F") || !strings.Contains(o.header, "ROLLBACKS 60.0/S") || !strings.Contains(o.header, "MAX 8") {
		t.Errorf("header %q: want delay 2, 60 rollbacks/s, max 8", o.header)
	}
	if len(o.peers) != 2 {
		t.Fatalf("%d peer rows, want 2 (the local player has none)", len(o.peers))
	}
	for _, tt := range []struct {
		slot int
		want []string
	}{
		{1, []string{"P2 SRFLX", "RTT  42MS", "AHEAD +1", "UP 12.0", "DN 24.0", "LOSS 10.0%"}},
		{2, []string{"P3 SERVER RELAY", "RTT  80MS", "AHEAD -2", "LOSS 0.0%"}},
	} {
		line := o.peers[tt.slot-1].text
		for _, w := range tt.want {
			if !strings.Contains(line, w) {
				t.Errorf("row of P%d %q lacks %q", tt.slot+1, line, w)
			}
		}
	}
	for i, d := range o.depth[1:61] { // the first tick had none yet
		if d != 8 {
			t.Fatalf("graph sample %d = %d frames, want 8", i, d)
		}
	}
}

// TestOverlayDesync checks that a desync leaves a warning with the frame
// number, which a later one does not replace.
func TestOverlayDesync(t *testing.T) {
	o := newNetOverlay(2)
	o.noteDesync(rollback.Event{Kind: rollback.EventInterrupted, Peer: 1})
	if o.desync != "" {
		t.Fatalf("warning %q after an interruption", o.desync)
	}
	o.noteDesync(rollback.Event{Kind: rollback.EventDesync, Peer: 1, Frame: 1234})
	o.noteDesync(rollback.Event{Kind: rollback.EventDesync, Peer: 1, Frame: 1300})
	if want := "DESYNC WITH P2 AT FRAME 1234"; o.desync != want {
		t.Errorf("warning %q, want %q", o.desync, want)
	}
}

// TestOverlayPathNames checks the path names: host, srflx, TURN relay
// and server relay.
func TestOverlayPathNames(t *testing.T) {
	for path, want := range map[string]string{
		"host": "HOST", "srflx": "SRFLX", "relay": "TURN RELAY", p2p.PathRelay: "SERVER RELAY", "": "CONNECTING",
	} {
		if got := pathName(p2p.LinkStats{Path: path, State: p2p.LinkDirect}); got != want {
			t.Errorf("path %q shown as %q, want %q", path, got, want)
		}
	}
}

// TestOverlayDraws draws the overlay in the window, on and off, and checks
// that its text, its peers' colours, its graph and its warning show, and
// that nothing shows while it is off.
func TestOverlayDraws(t *testing.T) {
	if !inWindowProcess(t) {
		return
	}
	o, _ := overlayRun(t)
	o.noteDesync(rollback.Event{Kind: rollback.EventDesync, Peer: 2, Frame: 99})
	var text *textDrawer
	drawWith := func(on bool) func(*ebiten.Image) {
		return func(dst *ebiten.Image) {
			if text == nil {
				text = newTextDrawer()
			}
			o.on = on
			o.draw(dst, text)
		}
	}
	scene := &shotScene{draws: []func(*ebiten.Image){drawWith(false), drawWith(true)}}
	if err := Run(Options{Scale: 1, Frames: 30}, scene); err != nil {
		t.Fatal(err)
	}
	if len(scene.shots) != 2 {
		t.Fatalf("%d pictures drawn, want 2", len(scene.shots))
	}
	off, on := scene.shots[0], scene.shots[1]
	keepShot(t, "overlay.png", on)
	area := image.Rect(overlayX, overlayY, overlayX+overlayW, overlayY+o.height())
	if n := differing(on, off); n < 2000 {
		t.Errorf("overlay on differs from off in only %d pixels", n)
	}
	line := func(i int) image.Rectangle {
		return image.Rect(overlayX, overlayY+i*overlayLine, overlayX+overlayW, overlayY+(i+1)*overlayLine+2)
	}
	graphTop := overlayY + 3*overlayLine + 3
	for _, c := range []screenCheck{
		{"header", line(0), textWhite, 150},
		{"P2 row", line(1), SlotColor(1), 150},
		{"P3 row", line(2), SlotColor(2), 150},
		{"rollback graph", image.Rect(graphX, graphTop, graphX+overlayGraphW, graphTop+graphH+2), textGold, 500},
		{"desync warning", image.Rect(overlayX, graphTop+graphH, overlayX+overlayW, area.Max.Y+2), textError, 60},
	} {
		if n := count(on, c.r, c.c); n < c.min {
			t.Errorf("%s shows %d pixels of %v in %v, want at least %d", c.what, n, c.c, c.r, c.min)
		}
		if n := count(off, c.r, c.c); n >= c.min {
			t.Errorf("overlay off: %s region still shows %d pixels of %v", c.what, n, c.c)
		}
	}
}
