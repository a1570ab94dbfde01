//go:build !headless

package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/frontend"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/signaling"
)

// menuLobby is the lobby screen's frontend.Lobby on flow: one flow.Lobby
// per logged-in session, opened on first use.
type menuLobby struct {
	accts *menuAccounts
	log   *slog.Logger

	mu    sync.Mutex
	sess  *signaling.Session // the session lobby belongs to
	lobby *flow.Lobby
}

// open returns the lobby of the logged-in session.
func (l *menuLobby) open(ctx context.Context) (*flow.Lobby, error) {
	sess := l.accts.Session()
	if sess == nil {
		return nil, errLoggedOut
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lobby != nil && l.sess == sess && l.lobby.Err() == nil {
		return l.lobby, nil
	}
	if l.lobby != nil {
		l.lobby.Close()
	}
	lb, err := flow.OpenLobby(ctx, sess, flow.LobbyConfig{ClientVersion: netplay.ClientVersion, Logger: l.log})
	if err != nil {
		if ex := flow.Expired(err, sess.RefreshToken(), time.Now()); ex != nil {
			return nil, ex
		}
		return nil, err
	}
	l.sess, l.lobby = sess, lb
	return lb, nil
}

func (l *menuLobby) CreatePrivate(ctx context.Context) (frontend.Room, error) {
	lb, err := l.open(ctx)
	if err != nil {
		return nil, err
	}
	r, err := lb.CreatePrivate(ctx)
	if err != nil {
		return nil, err
	}
	return l.room(ctx, lb, r)
}

func (l *menuLobby) Join(ctx context.Context, code string) (frontend.Room, error) {
	c, err := flow.ParseShareCode(code)
	if err != nil {
		return nil, err
	}
	lb, err := l.open(ctx)
	if err != nil {
		return nil, err
	}
	r, err := lb.JoinCode(ctx, c)
	if err != nil {
		return nil, err
	}
	return l.room(ctx, lb, r)
}

func (l *menuLobby) Matchmake(ctx context.Context, players int) (frontend.Room, error) {
	lb, err := l.open(ctx)
	if err != nil {
		return nil, err
	}
	s, err := lb.Matchmake(ctx, flow.MinPlayers, players)
	if err != nil {
		return nil, err
	}
	select {
	case r := <-s.Found():
		return l.room(ctx, lb, r)
	case <-lb.Done():
		return nil, lb.Err()
	case <-ctx.Done():
		cctx, cancel := context.WithTimeout(context.Background(), logoutTimeout)
		defer cancel()
		if err := s.Cancel(cctx); err != nil {
			l.log.Warn("matchmaker ticket not removed", "err", err)
		}
		return nil, ctx.Err()
	}
}

// room is the ready room of r, or the error of opening it.
func (l *menuLobby) room(ctx context.Context, lb *flow.Lobby, r flow.Room) (frontend.Room, error) {
	mr, err := newMenuRoom(ctx, lb, r, l.accts.Session(), l.accts.url)
	if err != nil {
		return nil, err
	}
	return mr, nil
}
