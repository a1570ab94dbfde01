package frontend

import (
	"fmt"
	"image"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/fishgame/fishgame/game"
)

// ReplayConfig chooses the replay a ReplayViewer shows.
type ReplayConfig struct {
	// Replay is the recorded match.
	Replay game.Replay
	// Name labels it in the F3 overlay, such as its file name.
	Name string
	// Exit, when set, is the scene Esc goes to (the replay list) instead
	// of closing the window.
	Exit Scene
}

// replaySpeeds are the playback speeds in quarter frames per tick: 0.25×
// to 4×.
var replaySpeeds = [...]int{1, 2, 4, 8, 16}

// normalSpeed indexes 1× in replaySpeeds.
const normalSpeed = 2

// seekStep is how far Left and Right seek while playing: 5 seconds.
const seekStep = 5 * 60

// seekBar is where the clickable seek bar is drawn.
var seekBar = image.Rect(8, ScreenHeight-12, ScreenWidth-8, ScreenHeight-6)

// ReplayViewer is the scene that watches a replay: Space pauses, . and ,
// (or Right and Left while paused) step a frame, - and + change the speed,
// Left and Right seek 5 s, Home goes to the start, a click on the seek bar
// goes there, F3 shows the frame and checksum. It never closes the window
// on its own except by Esc without an Exit scene.
type ReplayViewer struct {
	cfg     ReplayConfig
	player  *replayPlayer
	view    *view
	paused  bool
	speed   int // index into replaySpeeds
	quarter int // quarter frames owed to the next step
	overlay bool
}

// NewReplayViewer opens cfg.Replay at its first frame, playing at 1× with
// sounds on sp.
func NewReplayViewer(cfg ReplayConfig, sp *Speaker) (*ReplayViewer, error) {
	p, err := newReplayPlayer(cfg.Replay)
	if err != nil {
		return nil, err
	}
	v := &ReplayViewer{cfg: cfg, player: p, view: newView(sp, cfg.Replay.Config.Seed), speed: normalSpeed}
	v.view.observe(&p.state)
	return v, nil
}

// State returns the state on screen.
func (v *ReplayViewer) State() *game.State { return &v.player.state }

// Update implements Scene.
func (v *ReplayViewer) Update(sm *SceneManager) error {
	if inpututil.IsKeyJustPressed(ebiten.KeyEscape) || inpututil.IsKeyJustPressed(ebiten.KeyQ) {
		if v.cfg.Exit == nil {
			return ebiten.Termination
		}
		sm.GoTo(v.cfg.Exit)
		return nil
	}
	pressed := inpututil.IsKeyJustPressed
	switch {
	case pressed(ebiten.KeySpace):
		v.togglePause()
	case pressed(ebiten.KeyF3):
		v.overlay = !v.overlay
	case pressed(ebiten.KeyMinus) || pressed(ebiten.KeyNumpadSubtract):
		v.changeSpeed(-1)
	case pressed(ebiten.KeyEqual) || pressed(ebiten.KeyNumpadAdd):
		v.changeSpeed(+1)
	case pressed(ebiten.KeyPeriod) || v.paused && pressed(ebiten.KeyRight):
		v.stepFrame(+1)
	case pressed(ebiten.KeyComma) || v.paused && pressed(ebiten.KeyLeft):
		v.stepFrame(-1)
	case pressed(ebiten.KeyRight):
		v.seek(v.player.frame() + seekStep)
	case pressed(ebiten.KeyLeft):
		v.seek(v.player.frame() - seekStep)
	case pressed(ebiten.KeyHome):
		v.seek(0)
	case pressed(ebiten.KeyEnd):
		v.seek(v.player.length())
	}
	if ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
		if x, y, ok := sm.toLogical(ebiten.CursorPosition()); ok {
			v.clickBar(x, y)
		}
	}
	v.tick()
	return nil
}

// togglePause pauses or resumes; resuming at the end starts over.
func (v *ReplayViewer) togglePause() {
	v.paused = !v.paused
	if !v.paused && v.player.atEnd() {
		v.seek(0)
	}
}

// changeSpeed moves d steps through replaySpeeds.
func (v *ReplayViewer) changeSpeed(d int) {
	v.speed = min(max(v.speed+d, 0), len(replaySpeeds)-1)
}

// stepFrame pauses and moves one frame forward (d = 1) or back (-1).
func (v *ReplayViewer) stepFrame(d int) {
	v.paused = true
	if d > 0 {
		if v.player.step() {
			v.view.observe(&v.player.state)
		}
		return
	}
	v.seek(v.player.frame() - 1)
}

// clickBar seeks to the frame under (x, y) when it is on the seek bar.
func (v *ReplayViewer) clickBar(x, y int) {
	bar := seekBar.Inset(-3) // a little slack around the thin bar
	if !image.Pt(x, y).In(bar) {
		return
	}
	v.seek(barFrame(x, v.player.length()))
}

// barFrame is the frame at x on the seek bar of a replay of n frames.
func barFrame(x, n int) int {
	x = min(max(x, seekBar.Min.X), seekBar.Max.X)
	return (x - seekBar.Min.X) * n / seekBar.Dx()
}

// seek shows frame n, re-simulated silently from the nearest kept state.
func (v *ReplayViewer) seek(n int) {
	v.player.seek(n)
	v.quarter = 0
	v.view.reset()
	// The landing frame's events count as played: a seek makes no sound.
	v.view.filter.Fresh(nil, v.player.state.Events())
}

// tick plays this tick's share of frames at the current speed, and pauses
// at the end of the replay.
func (v *ReplayViewer) tick() {
	if v.paused {
		return
	}
	v.quarter += replaySpeeds[v.speed]
	for ; v.quarter >= 4; v.quarter -= 4 {
		if !v.player.step() {
			v.paused, v.quarter = true, 0
			return
		}
		v.view.observe(&v.player.state)
	}
}

// Draw implements Scene.
func (v *ReplayViewer) Draw(dst *ebiten.Image) {
	s := &v.player.state
	v.view.draw(dst, s, -1)
	if s.Phase() == game.PhaseMatchOver {
		v.view.hud.drawMatchOver(dst, s, nil, "HOME: WATCH AGAIN   ESC: LEAVE")
	}
	v.drawTransport(dst)
	if v.overlay {
		v.drawOverlay(dst)
	}
}

// drawTransport draws the seek bar, the time and the speed.
func (v *ReplayViewer) drawTransport(dst *ebiten.Image) {
	h := v.view.hud
	rect(dst, 0, float32(seekBar.Min.Y-12), ScreenWidth, float32(ScreenHeight-seekBar.Min.Y+12), hudBarColor)
	rect(dst, float32(seekBar.Min.X), float32(seekBar.Min.Y), float32(seekBar.Dx()), float32(seekBar.Dy()), pipEmpty)
	if n := v.player.length(); n > 0 {
		w := seekBar.Dx() * v.player.frame() / n
		rect(dst, float32(seekBar.Min.X), float32(seekBar.Min.Y), float32(w), float32(seekBar.Dy()), textGold)
	}
	state := speedLabel(replaySpeeds[v.speed])
	if v.paused {
		state = "PAUSED"
	}
	line := fmt.Sprintf("%s / %s  %s", clock(v.player.frame()), clock(v.player.length()), state)
	h.text.draw(dst, line, seekBar.Min.X, seekBar.Min.Y-14, 1, textWhite)
	help := "SPACE PAUSE  ,. STEP  -+ SPEED  F3 INFO"
	h.text.draw(dst, help, seekBar.Max.X-textWidth(help), seekBar.Min.Y-14, 1, textDim)
}

// drawOverlay draws the F3 box: frame, checksum and whether the recorded
// checksums matched so far.
func (v *ReplayViewer) drawOverlay(dst *ebiten.Image) {
	p := v.player
	lines := []line{
		{fmt.Sprintf("REPLAY %s", v.cfg.Name), textWhite},
		{fmt.Sprintf("FRAME %d / %d", p.frame(), p.length()), textWhite},
		{fmt.Sprintf("CHECKSUM %016x", p.state.Checksum()), textWhite},
		{fmt.Sprintf("SPEED %s  SNAPSHOTS %d", speedLabel(replaySpeeds[v.speed]), len(p.snaps)), textDim},
		{"RECORDED CHECKSUMS MATCH", textDim},
	}
	if m := p.mismatch; m != nil {
		lines[4] = line{fmt.Sprintf("DESYNC AT FRAME %d: %016x, RECORDED %016x", m.Frame, m.Got, m.Want), textError}
	}
	w := 0
	for _, l := range lines {
		w = max(w, textWidth(l.text))
	}
	rect(dst, 2, hudHeight+2, float32(w+8), float32(len(lines)*11+4), panelColor)
	for i, l := range lines {
		v.view.hud.text.draw(dst, l.text, 6, hudHeight+2+i*11, 1, l.c)
	}
}

// speedLabel names a speed of q quarter frames per tick: 0.25X to 4X.
func speedLabel(q int) string {
	switch q {
	case 1:
		return "0.25X"
	case 2:
		return "0.5X"
	}
	return fmt.Sprintf("%dX", q/4)
}

// clock formats n frames as minutes and seconds.
func clock(n int) string { return fmt.Sprintf("%d:%02d", n/3600, n/60%60) }
