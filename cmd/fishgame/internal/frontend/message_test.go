package frontend

import (
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

func TestMessageSceneRetryAndBack(t *testing.T) {
	h := newHarness(t, Services{})
	retried := &messageScene{}
	s := newErrorScene(h.mn, "COULD NOT JOIN", plainError{"The match is full."}, func() Scene { return retried }, h.title)
	if !s.box.Error || len(s.box.Buttons()) != 2 {
		t.Fatalf("error box: error colour %v, %d buttons; want Retry and Back", s.box.Error, len(s.box.Buttons()))
	}
	h.goTo(s)
	h.press(ui.KeyEnter)
	if h.m.current != retried {
		t.Errorf("Retry went to %T", h.m.current)
	}
	h.goTo(s)
	h.click(s.box.Buttons()[1])
	current[*titleScene](h)
	h.goTo(s)
	h.press(ui.KeyBack)
	current[*titleScene](h)
}
