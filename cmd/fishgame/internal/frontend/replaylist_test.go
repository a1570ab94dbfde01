package frontend

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// TestReplayListOpensOrExplains opens the Replays entry of the title with
// a good and a bad file in the replay directory: the good one opens the
// viewer, the bad one an error screen that leads back to the list.
func TestReplayListOpensOrExplains(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	dir := filepath.Join(data, "fishgame", "replays")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "game", "testdata", "replays", "bots-2p-seed1.fgr"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a-bad.fgr"), []byte("not a replay"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b-good.fgr"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	svc, _, _, _, _ := services()
	h := newHarness(t, svc)
	if err := h.click(button(t, h.title.form, entryReplays)); err != nil {
		t.Fatal(err)
	}
	list := current[*replayListScene](h)
	if len(list.files) != 2 {
		t.Fatalf("list shows %d files, want 2", len(list.files))
	}
	if err := h.press(ui.KeyEnter); err != nil {
		t.Fatal(err)
	}
	msg := current[*messageScene](h)
	if msg.back != list {
		t.Errorf("the bad replay's error screen goes back to %T, want the list", msg.back)
	}
	h.goTo(list)
	if err := h.press(ui.KeyDown, ui.KeyEnter); err != nil {
		t.Fatal(err)
	}
	v := current[*ReplayViewer](h)
	if v.cfg.Exit != list {
		t.Errorf("the viewer's Exit is %T, want the list", v.cfg.Exit)
	}
}
