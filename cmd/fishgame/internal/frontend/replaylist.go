package frontend

import (
	"image"
	"os"
	"path/filepath"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
	"github.com/fishgame/fishgame/game"
)

// DefaultReplayDir is where the Replays screen looks for *.fgr files: the
// user data directory, $XDG_DATA_HOME/fishgame/replays, else
// ~/.local/share/fishgame/replays.
func DefaultReplayDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "fishgame", "replays")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".local", "share", "fishgame", "replays")
	}
	return "fishgame-replays"
}

// replayListScene lists the replay files of a directory; Enter or a click
// opens one in a ReplayViewer, which returns here.
type replayListScene struct {
	mn    *menus
	back  Scene
	dir   string
	files []string
	list  *ui.List
	done  *ui.Button
	form  *ui.Form
}

// newReplayListScene lists dir's *.fgr files by name; Back goes to back.
func newReplayListScene(mn *menus, dir string, back Scene) *replayListScene {
	files, _ := filepath.Glob(filepath.Join(dir, "*.fgr"))
	slices.Sort(files)
	l := &replayListScene{mn: mn, back: back, dir: dir, files: files,
		list: &ui.List{Rect: image.Rect(60, 40, ScreenWidth-60, 216)},
		done: &ui.Button{Label: labelBack, Rect: image.Rect(190, 226, 290, 244)}}
	for _, f := range files {
		l.list.Rows = append(l.list.Rows, ui.Row{Text: filepath.Base(f)})
	}
	if len(files) == 0 {
		l.list.Rows = []ui.Row{{Text: "NO REPLAYS IN " + dir}}
	}
	l.form = ui.NewForm(l.list, l.done)
	return l
}

// Update implements Scene.
func (l *replayListScene) Update(m *SceneManager) error {
	ev := l.form.Update(l.mn.input(m))
	switch {
	case ev.Kind == ui.EventBack || ev.Kind == ui.EventActivate && ev.Widget == l.done:
		m.GoTo(l.back)
	case ev.Kind == ui.EventActivate && ev.Widget == l.list && len(l.files) > 0:
		m.GoTo(l.open(l.files[l.list.Selected]))
	}
	return nil
}

// open returns the viewer of path, or the error screen saying why the
// file cannot be watched.
func (l *replayListScene) open(path string) Scene {
	data, err := os.ReadFile(path)
	if err == nil {
		var r game.Replay
		if r, err = game.ParseReplay(data); err == nil {
			var v *ReplayViewer
			if v, err = NewReplayViewer(ReplayConfig{Replay: r, Name: filepath.Base(path), Exit: l}, &Speaker{}); err == nil {
				return v
			}
		}
	}
	return newErrorScene(l.mn, "NO REPLAY", userError("The replay "+filepath.Base(path)+" cannot be read: "+err.Error()), nil, l)
}

// Draw implements Scene.
func (l *replayListScene) Draw(dst *ebiten.Image) {
	l.mn.drawHeader(dst, "REPLAYS")
	l.form.Draw(dst, l.mn.theme)
}
