package signaling

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/heroiclabs/nakama-common/api"
	"google.golang.org/protobuf/proto"
)

// Session is an authenticated user. It keeps its token fresh: a token is
// refreshed before it expires and after a 401, and when the refresh token is
// gone or refused the session logs in again with the credentials it was
// created with. Every method is safe for concurrent use.
type Session struct {
	c     *Client
	login func(context.Context) (*api.Session, error)
	renew chan struct{} // a one-slot lock serializing token renewal

	mu        sync.Mutex
	tok       token
	refresh   token // zero when the server gave none
	created   bool
	loggedOut bool
}

// newSession logs in and returns a session that logs in again the same way
// when it has to.
func (c *Client) newSession(ctx context.Context, login func(context.Context) (*api.Session, error)) (*Session, error) {
	as, err := login(ctx)
	if err != nil {
		return nil, err
	}
	s := &Session{c: c, login: login, renew: make(chan struct{}, 1), created: as.GetCreated()}
	if err := s.set(as); err != nil {
		return nil, err
	}
	return s, nil
}

// set installs the tokens of a fresh api.Session.
func (s *Session) set(as *api.Session) error {
	now := s.c.now()
	tok, err := parseToken(as.GetToken(), now)
	if err != nil {
		return fmt.Errorf("session token: %w", err)
	}
	// A missing or unreadable refresh token only means logging in again
	// instead of refreshing.
	ref, err := parseToken(as.GetRefreshToken(), now)
	if err != nil {
		ref = token{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ref.raw == s.refresh.raw {
		// Nakama does not rotate refresh tokens: keep the expiry computed
		// when it was issued rather than moving it to now.
		ref = s.refresh
	}
	s.tok, s.refresh = tok, ref
	return nil
}

// UserID returns the account's user id (the token's uid claim).
func (s *Session) UserID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok.claims.UserID
}

// Username returns the account's username (the token's usn claim).
func (s *Session) Username() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok.claims.Username
}

// Created reports whether authenticating created the account.
func (s *Session) Created() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.created
}

// Token returns a session token that is not about to expire, refreshing or
// logging in again first when needed.
func (s *Session) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	tok, out := s.tok, s.loggedOut
	s.mu.Unlock()
	if out {
		return "", ErrLoggedOut
	}
	if !tok.stale(s.c.now()) {
		return tok.raw, nil
	}
	return s.renewFrom(ctx, tok.raw)
}

// Refresh replaces the session token now, with the refresh token or, when
// that is refused, by logging in again.
func (s *Session) Refresh(ctx context.Context) error {
	s.mu.Lock()
	old := s.tok.raw
	s.mu.Unlock()
	_, err := s.renewFrom(ctx, old)
	return err
}

// renewFrom replaces the session token old and returns the new one. When
// another caller already replaced old, its result is used.
func (s *Session) renewFrom(ctx context.Context, old string) (string, error) {
	select {
	case s.renew <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("renew session: %w", context.Cause(ctx))
	}
	defer func() { <-s.renew }()

	s.mu.Lock()
	cur, ref, out := s.tok, s.refresh, s.loggedOut
	s.mu.Unlock()
	switch {
	case out:
		return "", ErrLoggedOut
	case cur.raw != old:
		return cur.raw, nil
	}

	if ref.raw != "" && s.c.now().Before(ref.expires) {
		as, err := s.c.refresh(ctx, ref.raw)
		if err == nil {
			if err := s.set(as); err != nil {
				return "", err
			}
			return s.current(), nil
		}
		if !errors.Is(err, ErrUnauthorized) && !isStatus(err, http.StatusNotFound) {
			return "", err
		}
		s.c.log.Info("nakama refresh token refused, logging in again", "user_id", cur.claims.UserID, "err", err)
	}
	as, err := s.login(ctx)
	if err != nil {
		return "", fmt.Errorf("log in again: %w", err)
	}
	if err := s.set(as); err != nil {
		return "", err
	}
	return s.current(), nil
}

// current returns the current session token as is.
func (s *Session) current() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok.raw
}

// call sends an authorized REST request with a fresh token; on a 401 it
// renews the token and retries once.
func (s *Session) call(ctx context.Context, call restCall, out proto.Message) error {
	tok, err := s.Token(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", call.op, err)
	}
	call.bearer = tok
	err = s.c.do(ctx, call, out)
	if !isStatus(err, http.StatusUnauthorized) {
		return err
	}
	if call.bearer, err = s.renewFrom(ctx, tok); err != nil {
		return fmt.Errorf("%s: %w", call.op, err)
	}
	return s.c.do(ctx, call, out)
}

// Logout revokes the session and refresh tokens on the server. The session
// is unusable afterwards (ErrLoggedOut), even when the server could not be
// told.
func (s *Session) Logout(ctx context.Context) error {
	const op = "logout"
	s.mu.Lock()
	if s.loggedOut {
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	// Make sure the token is valid so the server accepts the logout, then
	// revoke what we hold.
	if _, err := s.Token(ctx); err != nil {
		s.markLoggedOut()
		return fmt.Errorf("%s: %w", op, err)
	}
	s.mu.Lock()
	req := &api.SessionLogoutRequest{Token: s.tok.raw, RefreshToken: s.refresh.raw}
	s.mu.Unlock()
	s.markLoggedOut()
	b, err := marshal(op, req)
	if err != nil {
		return err
	}
	return s.c.do(ctx, restCall{op: op, method: "POST", path: "/v2/session/logout", bearer: req.Token, body: b}, nil)
}

func (s *Session) markLoggedOut() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loggedOut = true
}
