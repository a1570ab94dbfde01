//go:build !headless

package main

import (
	"context"
	"sync"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/frontend"
	"github.com/fishgame/fishgame/signaling"
)

// logoutTimeout bounds telling the server the player logged out.
const logoutTimeout = 5 * time.Second

// menuAccounts is the Connection screen's frontend.Accounts on flow: it
// logs in to one server, remembers the login in a config dir when asked,
// and resumes a remembered one silently.
type menuAccounts struct {
	accts *flow.Accounts
	rem   *flow.Remember
	url   string

	mu    sync.Mutex
	sess  *signaling.Session
	guest bool
}

// newMenuAccounts logs in to the server at serverURL, remembering logins
// in dir.
func newMenuAccounts(serverURL, serverKey, dir string) (*menuAccounts, error) {
	a, err := flow.NewAccounts(serverURL, serverKey)
	if err != nil {
		return nil, err
	}
	return &menuAccounts{accts: a, rem: flow.NewRemember(dir), url: serverURL}, nil
}

// Resume logs in silently with the remembered login; nothing remembered
// leaves the player logged out.
func (a *menuAccounts) Resume(ctx context.Context) error {
	m, _ := a.rem.Load()
	sess, err := a.rem.Resume(ctx, a.accts, time.Now())
	if err != nil || sess == nil {
		return err
	}
	a.set(sess, m.Guest)
	return nil
}

func (a *menuAccounts) set(sess *signaling.Session, guest bool) frontend.Profile {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sess, a.guest = sess, guest
	return frontend.Profile{Username: sess.Username(), Guest: guest}
}

// Session returns the logged-in session, nil when nobody is.
func (a *menuAccounts) Session() *signaling.Session {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sess
}

func (a *menuAccounts) Current() (frontend.Profile, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess == nil {
		return frontend.Profile{}, false
	}
	return frontend.Profile{Username: a.sess.Username(), Guest: a.guest}, true
}

func (a *menuAccounts) Login(ctx context.Context, email, password string, remember bool) (frontend.Profile, error) {
	sess, err := a.accts.Login(ctx, email, password)
	return a.loggedIn(sess, err, false, remember)
}

func (a *menuAccounts) Create(ctx context.Context, email, password, username string, remember bool) (frontend.Profile, error) {
	sess, err := a.accts.Create(ctx, email, password, username)
	return a.loggedIn(sess, err, false, remember)
}

func (a *menuAccounts) Guest(ctx context.Context, remember bool) (frontend.Profile, error) {
	dev, err := a.rem.DeviceID()
	if err != nil {
		return frontend.Profile{}, err
	}
	sess, err := a.accts.Guest(ctx, dev)
	return a.loggedIn(sess, err, true, remember)
}

// loggedIn keeps or forgets a new session as remember says.
func (a *menuAccounts) loggedIn(sess *signaling.Session, err error, guest, remember bool) (frontend.Profile, error) {
	if err != nil {
		return frontend.Profile{}, err
	}
	if remember {
		err = a.rem.Keep(a.url, sess, guest)
	} else {
		err = a.rem.ForgetSession()
	}
	return a.set(sess, guest), err
}

func (a *menuAccounts) Logout() error {
	a.mu.Lock()
	sess := a.sess
	a.sess, a.guest = nil, false
	a.mu.Unlock()
	if sess == nil {
		return a.rem.Forget()
	}
	ctx, cancel := context.WithTimeout(context.Background(), logoutTimeout)
	defer cancel()
	return a.rem.LogOut(ctx, sess)
}
