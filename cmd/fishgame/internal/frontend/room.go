package frontend

import (
	"context"
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/ui"
	"github.com/fishgame/fishgame/game"
)

// Room is a match being formed: its members connect to each other, get
// ready, and the match starts on every peer at once when all present are
// ready and there are at least 2. Ready runs off the game loop while the
// screen polls, so the methods must be safe for concurrent use.
type Room interface {
	// Code returns the share code others join with, "" for a matchmade
	// room.
	Code() string
	// Poll returns the room as it is now. It never blocks.
	Poll() RoomState
	// Ready says the player is ready to start.
	Ready(ctx context.Context) error
	// Leave leaves the room; the others see the player go.
	Leave()
}

// RoomState is a Room at one moment.
type RoomState struct {
	// Members lists who is in the room, in slot order.
	Members []Member
	// Start reports that everyone is ready: the match begins.
	Start bool
	// Err, when set, is why the room failed (like "NAME runs version X,
	// you run Y: update to play together"); the player goes back to the
	// lobby.
	Err error
}

// Member is one player in a Room.
type Member struct {
	// Slot chooses the fish's colour and pattern.
	Slot     int
	Username string
	// Self marks the player at this screen.
	Self   bool
	Status MemberStatus
	// Path is how packets reach the member once connected: "direct",
	// "TURN relay" or "server relay"; RTT is the round trip on it.
	Path string
	RTT  time.Duration
}

// MemberStatus is how far a member got towards the match.
type MemberStatus uint8

// The statuses in order.
const (
	StatusJoining MemberStatus = iota
	StatusConnecting
	StatusConnected
	StatusReady
)

// roomScene is the ready room: every member with its fish, username and
// live status, the share code, Ready and Leave.
type roomScene struct {
	mn    *menus
	room  Room
	lobby Scene
	state RoomState
	ready *ui.Button
	leave *ui.Button
	form  *ui.Form
	busy  *task[struct{}]
	sent  bool // Ready went through
}

// newRoomScene shows room; leaving goes back to lobby.
func newRoomScene(mn *menus, room Room, lobby Scene) *roomScene {
	r := &roomScene{
		mn: mn, room: room, lobby: lobby,
		ready: &ui.Button{Label: "READY", Rect: image.Rect(140, 214, 235, 232)},
		leave: &ui.Button{Label: "LEAVE", Rect: image.Rect(245, 214, 340, 232)},
	}
	r.form = ui.NewForm(r.ready, r.leave)
	r.state = room.Poll()
	return r
}

// Update implements Scene.
func (r *roomScene) Update(m *SceneManager) error {
	ev := r.form.Update(r.mn.input(m))
	r.state = r.room.Poll()
	switch {
	case r.state.Err != nil:
		r.room.Leave()
		m.GoTo(failScene(r.mn, "CANNOT PLAY", r.state.Err, nil, r.lobby))
		return nil
	case r.state.Start:
		r.start(m)
		return nil
	}
	switch {
	case ev.Kind == ui.EventBack, ev.Kind == ui.EventActivate && ev.Widget == r.leave:
		if r.busy != nil {
			r.busy.stop()
		}
		r.room.Leave()
		m.GoTo(r.lobby)
		return nil
	case ev.Kind == ui.EventActivate && ev.Widget == r.ready && r.busy == nil && !r.sent:
		r.busy = startTask(r.mn.async, func(ctx context.Context) (struct{}, error) { return struct{}{}, r.room.Ready(ctx) })
	}
	if r.busy != nil {
		if _, err, done := r.busy.poll(); done {
			r.busy = nil
			if err != nil {
				r.room.Leave()
				m.GoTo(failScene(r.mn, "NOT READY", err, nil, r.lobby))
				return nil
			}
			r.sent = true
		}
	}
	r.ready.Disabled = r.busy != nil || r.sent
	if r.sent {
		r.ready.Label = "WAITING"
	}
	return nil
}

// start opens the match.
func (r *roomScene) start(m *SceneManager) {
	play := r.mn.svc.Play
	if play == nil {
		r.room.Leave()
		m.GoTo(newErrorScene(r.mn, "CANNOT PLAY", errNotAvailable, nil, r.lobby))
		return
	}
	s, err := play(r.room, r.lobby)
	if err != nil {
		r.room.Leave()
		m.GoTo(newErrorScene(r.mn, "MATCH DID NOT START", err, nil, r.lobby))
		return
	}
	m.GoTo(s)
}

// statusText says how far a member got.
func statusText(mb Member) (string, bool) {
	switch mb.Status {
	case StatusJoining:
		return "JOINING", false
	case StatusConnecting:
		return "CONNECTING", false
	case StatusConnected:
		if mb.Self {
			return "CONNECTED", false
		}
		return fmt.Sprintf("CONNECTED %s %dMS", strings.ToUpper(mb.Path), mb.RTT.Milliseconds()), false
	default:
		return "READY", true
	}
}

// roomRow is the height of a member's row.
const roomRow = 34

// roomTop is where the first member's row starts.
const roomTop = 56

// Draw implements Scene.
func (r *roomScene) Draw(dst *ebiten.Image) {
	mn, th := r.mn, r.mn.theme
	mn.drawHeader(dst, "READY ROOM")
	if code := r.room.Code(); code != "" {
		th.DrawTextCentered(dst, "SHARE CODE: "+code, dst.Bounds(), 34, 1, th.Accent)
	} else {
		th.DrawTextCentered(dst, "MATCHED BY THE SERVER", dst.Bounds(), 34, 1, th.Dim)
	}
	th.DrawPanel(dst, image.Rect(40, roomTop-4, 440, roomTop+game.MaxPlayers*roomRow))
	for i, mb := range r.state.Members {
		y := roomTop + i*roomRow
		mn.drawFish(dst, mb.Slot, 52, y, 2, false)
		name, c := mb.Username, th.Text
		if mb.Self {
			name, c = name+" (YOU)", th.Accent
		}
		th.DrawText(dst, name, 92, y, 1, c)
		th.DrawText(dst, SlotName(mb.Slot), 92, y+13, 1, SlotColor(mb.Slot))
		st, ready := statusText(mb)
		sc := th.Dim
		if ready {
			sc = th.Accent
		}
		th.DrawText(dst, st, 430-ui.TextWidth(st), y+6, 1, sc)
	}
	for i := len(r.state.Members); i < game.MaxPlayers; i++ {
		th.DrawText(dst, "- OPEN -", 92, roomTop+i*roomRow+6, 1, th.Dim)
	}
	r.form.Draw(dst, th)
	mn.drawFooter(dst, "THE MATCH STARTS WHEN EVERYONE (2 OR MORE) IS READY")
}
