package flow

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// The interfaces the menu screens look for (frontend's plainwords.go and
// message.go).
type (
	userMessager   interface{ UserMessage() string }
	sessionExpirer interface{ SessionExpired() bool }
)

// playerSees returns what a menu screen makes of err: the text it shows,
// whether it shows the error's own text, and whether it sends the player
// to the Connection screen.
func playerSees(err error) (text string, own, expired bool) {
	var um userMessager
	if errors.As(err, &um) {
		text, own = um.UserMessage(), true
	}
	var se sessionExpirer
	expired = errors.As(err, &se) && se.SessionExpired()
	return text, own, expired
}

func TestWrongPasswordShowsItsTextAndKeepsTheSession(t *testing.T) {
	ctx := context.Background()
	a := newAccounts(t, startServer(t))
	if _, err := a.Create(ctx, "alice@example.com", "password123", "alice"); err != nil {
		t.Fatal(err)
	}
	_, err := a.Login(ctx, "alice@example.com", "wrong-password")
	text, own, expired := playerSees(fmt.Errorf("login: %w", err))
	if !own || text != "Wrong e-mail or password" || expired {
		t.Fatalf("a wrong password shows %q (own text %v, expired %v), want its own text and no expiry", text, own, expired)
	}
}

func TestRefusedResumeSendsThePlayerToLogIn(t *testing.T) {
	ctx := context.Background()
	sess, err := newAccounts(t, startServer(t)).Create(ctx, "alice@example.com", "password123", "alice")
	if err != nil {
		t.Fatal(err)
	}
	reset := startServer(t) // another secret, as a reset server has
	r := NewRemember(loginDir(t))
	if err := r.Keep(reset, sess, false); err != nil {
		t.Fatal(err)
	}
	_, err = r.Resume(ctx, newAccounts(t, reset), time.Now())
	text, own, expired := playerSees(fmt.Errorf("resume: %w", err))
	if !own || text != textLoginRefused || !expired {
		t.Fatalf("a refused resume shows %q (own text %v, expired %v), want %q and the Connection screen", text, own, expired, textLoginRefused)
	}
}
