//go:build !headless

package main

import (
	"context"
	"sync"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/frontend"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/signaling"
)

// menuRoom is the ready room's frontend.Room: netplay's ready room
// (members with their live status, symmetric Ready and the agreed start)
// on the match flow's lobby found. Services.Play, which would run the
// started game in the window, is not wired yet.
type menuRoom struct {
	lobby  *flow.Lobby
	code   string
	client *netplay.Client

	mu   sync.Mutex // the screen polls while Ready may come from another goroutine
	room *netplay.Room
}

// newMenuRoom joins the room r of lb on a netplay client of sess: the
// creator of a private match creates it by its code's name, the others
// join its id or the matchmaker's token.
func newMenuRoom(ctx context.Context, lb *flow.Lobby, r flow.Room, sess *signaling.Session, serverURL string) (*menuRoom, error) {
	client, err := netplay.Open(ctx, netplay.Config{URL: serverURL, ClientVersion: netplay.ClientVersion}, sess)
	if err != nil {
		return nil, err
	}
	var room *netplay.Room
	switch {
	case r.Creator:
		room, err = client.CreateRoom(ctx, r.Code.MatchName())
	case r.Token != "":
		room, err = client.JoinRoomToken(ctx, r.Token)
	default:
		room, err = client.JoinRoom(ctx, r.MatchID)
	}
	if err != nil {
		client.Close()
		return nil, err
	}
	return &menuRoom{lobby: lb, code: r.Code.String(), client: client, room: room}, nil
}

func (r *menuRoom) Code() string { return r.code }

func (r *menuRoom) Poll() frontend.RoomState {
	r.mu.Lock()
	defer r.mu.Unlock()
	started, err := r.room.Update()
	st := frontend.RoomState{Start: started, Err: err}
	for _, m := range r.room.Members() {
		st.Members = append(st.Members, frontend.Member{
			Slot: m.Slot, Username: m.Username, Self: m.Self,
			Status: screenStatus(m.Status), Path: m.Path, RTT: m.RTT,
		})
	}
	return st
}

// screenStatus is s as the ready room screen shows it; a member playing
// elsewhere or without a link is still connecting as far as this room goes.
func screenStatus(s netplay.MemberStatus) frontend.MemberStatus {
	switch s {
	case netplay.StatusJoining:
		return frontend.StatusJoining
	case netplay.StatusConnected:
		return frontend.StatusConnected
	case netplay.StatusReady:
		return frontend.StatusReady
	}
	return frontend.StatusConnecting
}

func (r *menuRoom) Ready(context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.room.SetReady(true)
	return nil
}

func (r *menuRoom) Leave() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.mu.Lock()
	r.room.Leave()
	r.mu.Unlock()
	r.client.Close()
	r.lobby.ClearState(ctx)
}
