package frontend

import (
	"image"
	"testing"
)

// TestReplayViewerWindowSeekEqualsPlay draws, in the window, a viewer that
// seeked to frame N and one that played there tick by tick: the two show
// the same checksum, and the picture has the world in it, not a blank.
func TestReplayViewerWindowSeekEqualsPlay(t *testing.T) {
	if !inWindowProcess(t) {
		return
	}
	r := goldenReplay(t, "bots-4p-seed7.fgr")
	const n = 2*snapshotEvery + 37
	seeked, err := NewReplayViewer(ReplayConfig{Replay: r}, &Speaker{})
	if err != nil {
		t.Fatal(err)
	}
	played, err := NewReplayViewer(ReplayConfig{Replay: r}, &Speaker{})
	if err != nil {
		t.Fatal(err)
	}
	seeked.seek(n + snapshotEvery) // past N and back, across a snapshot
	seeked.seek(n)
	seeked.overlay = true
	scene := &shotScene{}
	scene.draws = append(scene.draws, seeked.Draw, played.Draw)
	// Tick the played viewer to N before its picture is taken.
	for played.player.frame() < n {
		played.tick()
	}
	if err := Run(Options{Scale: 1, Frames: 10}, scene); err != nil {
		t.Fatal(err)
	}
	if len(scene.shots) != 2 {
		t.Fatalf("%d pictures drawn, want 2", len(scene.shots))
	}
	if a, b := seeked.State().Checksum(), played.State().Checksum(); a != b || seeked.player.frame() != n || played.player.frame() != n {
		t.Errorf("seeked to frame %d: checksum %016x; played to frame %d: %016x; want frame %d both, equal", seeked.player.frame(), a, played.player.frame(), b, n)
	}
	for i, img := range scene.shots {
		colours := map[[4]uint8]bool{}
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y += 3 {
			for x := b.Min.X; x < b.Max.X; x += 3 {
				c := img.RGBAAt(x, y)
				colours[[4]uint8{c.R, c.G, c.B, c.A}] = true
			}
		}
		if len(colours) < 20 {
			t.Errorf("picture %d has %d colours, want the world drawn", i, len(colours))
		}
		for slot := range r.Config.Players {
			if c := count(img, image.Rect(0, 0, ScreenWidth, hudHeight), SlotColor(slot)); c == 0 {
				t.Errorf("picture %d: no pixel of fish %d's colour in the score bar", i, slot+1)
			}
		}
	}
	if d := differing(scene.shots[0], scene.shots[1]); d == 0 {
		t.Error("the F3 overlay left the seeked picture identical to the played one")
	}
}
