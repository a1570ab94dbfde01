package frontend

import (
	"strings"
	"testing"

	"github.com/fishgame/fishgame/game"
)

// TestViewRoundCaption checks that a round's start raises its caption
// once, even when the same Step's events are observed again.
func TestViewRoundCaption(t *testing.T) {
	s, err := game.New(game.Config{Players: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var r recorder
	v := newView(&r, 1)
	v.observe(&s)
	if !strings.HasPrefix(v.title, "ROUND 1 - ") || v.titleLeft != titleFrames {
		t.Fatalf("after the first round's start: title %q for %d frames, want \"ROUND 1 - ...\" for %d", v.title, v.titleLeft, titleFrames)
	}
	v.observe(&s) // the same events again, as while time sync holds a peer
	if v.titleLeft != titleFrames-1 {
		t.Errorf("titleLeft = %d after seeing the same events again, want %d", v.titleLeft, titleFrames-1)
	}
	starts := 0
	for _, k := range r.played {
		if k == SoundRoundStart {
			starts++
		}
	}
	if starts != 1 {
		t.Errorf("round start sound played %d times, want 1", starts)
	}
}
