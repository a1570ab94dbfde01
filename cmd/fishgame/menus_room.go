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

// menuRoom is the ready room's frontend.Room on a flow.Room.
//
// TODO(ready room): it lists only this player, and Ready starts at once.
// The members with their live status, symmetric Ready and the match start
// come from netplay's ready room (netplay.Room), which is not merged yet;
// Services.Play stays unwired until then.
type menuRoom struct {
	lobby *flow.Lobby
	room  flow.Room
	self  string
	sock  *signaling.Socket // the creator's, holding the match open

	mu    sync.Mutex
	ready bool
}

// newMenuRoom is the room r of lb. The creator of a private match creates
// it by its code's name on a socket of its own, so the code can be joined
// (until the ready room's netplay client does that).
func newMenuRoom(ctx context.Context, lb *flow.Lobby, r flow.Room, sess *signaling.Session) (*menuRoom, error) {
	mr := &menuRoom{lobby: lb, room: r, self: sess.Username()}
	if !r.Creator {
		return mr, nil
	}
	sock, err := sess.Dial(ctx, signaling.SocketConfig{})
	if err != nil {
		return nil, err
	}
	if _, err := sock.CreateMatch(ctx, r.Code.MatchName()); err != nil {
		sock.Close()
		return nil, err
	}
	mr.sock = sock
	return mr, nil
}

// Room returns the flow room, for the match start.
func (r *menuRoom) Room() flow.Room { return r.room }

func (r *menuRoom) Code() string { return r.room.Code.String() }

func (r *menuRoom) Poll() frontend.RoomState {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := frontend.StatusJoining
	if r.ready {
		st = frontend.StatusReady
	}
	return frontend.RoomState{
		Members: []frontend.Member{{Username: r.self, Self: true, Status: st}},
		Start:   r.ready,
	}
}

func (r *menuRoom) Ready(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ready = true
	return nil
}

func (r *menuRoom) Leave() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.lobby.ClearState(ctx)
	if r.sock != nil {
		r.sock.Close()
	}
}
