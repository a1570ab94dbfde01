package frontend

import (
	"errors"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
)

// messageScene tells the player what went wrong, in plain words, with
// Retry (when the failed step can be tried again) and Back. No failure
// closes the window: every one ends here.
type messageScene struct {
	mn    *menus
	box   *ui.MessageBox
	retry func() Scene
	back  Scene
}

// Labels of the message screen's buttons.
const (
	labelRetry = "RETRY"
	labelBack  = "BACK"
	labelOK    = "OK"
)

// newErrorScene shows err's cause under title and logs its detail. Retry
// goes to the scene retry returns (no Retry button when retry is nil);
// Back, Esc and a gamepad's B go to back.
func newErrorScene(mn *menus, title string, err error, retry func() Scene, back Scene) *messageScene {
	mn.log.Error(title, "err", err)
	s := newMessageScene(mn, title, []string{plainWords(err)}, retry, back)
	s.box.Error = true
	return s
}

// expiredSession is an error saying the session could not be refreshed
// (its refresh token expired, or the server has a new secret): the player
// has to log in again.
type expiredSession interface {
	SessionExpired() bool
}

// failScene is where a failed online step goes: the connection screen,
// saying why, when the session expired, and after the login on to what
// retry returns (back without a retry), as the Fish Game's next_screen
// does; the error screen otherwise.
func failScene(mn *menus, title string, err error, retry func() Scene, back Scene) Scene {
	var ex expiredSession
	if !errors.As(err, &ex) || !ex.SessionExpired() || mn.svc.Accounts == nil {
		return newErrorScene(mn, title, err, retry, back)
	}
	mn.log.Warn("session expired", "err", err)
	next := retry
	if next == nil {
		next = func() Scene { return back }
	}
	return newConnectionScene(mn, plainWords(err), next, back)
}

// newMessageScene shows lines under title; the buttons are as in
// newErrorScene, with OK instead of Back when there is no Retry.
func newMessageScene(mn *menus, title string, lines []string, retry func() Scene, back Scene) *messageScene {
	buttons := []string{labelOK}
	if retry != nil {
		buttons = []string{labelRetry, labelBack}
	}
	var wrapped []string
	for _, l := range lines {
		wrapped = append(wrapped, wrap(l, 60)...)
	}
	return &messageScene{mn: mn, box: ui.NewMessageBox(ScreenWidth, ScreenHeight, title, wrapped, buttons...), retry: retry, back: back}
}

// Update implements Scene.
func (s *messageScene) Update(m *SceneManager) error {
	switch s.box.Update(s.mn.input(m)) {
	case labelRetry:
		m.GoTo(s.retry())
	case labelBack, labelOK:
		m.GoTo(s.back)
	}
	return nil
}

// Draw implements Scene.
func (s *messageScene) Draw(dst *ebiten.Image) {
	s.mn.drawBackground(dst)
	s.box.Draw(dst, s.mn.theme)
}

// wrap breaks s into lines of at most n characters at spaces.
func wrap(s string, n int) []string {
	var lines []string
	for len(s) > n {
		cut := n
		for cut > 0 && s[cut] != ' ' {
			cut--
		}
		if cut == 0 {
			cut = n
		}
		lines = append(lines, s[:cut])
		s = s[cut:]
		for len(s) > 0 && s[0] == ' ' {
			s = s[1:]
		}
	}
	return append(lines, s)
}
