package flow

import (
	"encoding/json"
	"fmt"

	"github.com/fishgame/fishgame/signaling"
)

// RoomState is where a player behind a share code is, as the player's
// lobby tells those who try the code.
type RoomState string

// The states a lobby publishes.
const (
	// InRoom: in the ready room, waiting for everyone to be ready.
	InRoom RoomState = "room"
	// Playing: the match has started; nobody can join it any more.
	Playing RoomState = "playing"
)

// maxStatusBytes bounds the status texts parseRoomStatus reads (Nakama
// allows 2048 characters).
const maxStatusBytes = 8 << 10

// roomStatus is the status text a lobby publishes while its player is
// behind a code: {"fishgame_room":{"code":..,"version":..,"state":..}}.
// Nakama hands a user's status to anyone following the user, so a joiner
// can read it from the user ids of the match's members.
type roomStatus struct {
	Code    ShareCode `json:"code"`
	Version string    `json:"version"`
	State   RoomState `json:"state"`
}

type roomStatusDoc struct {
	Room *roomStatus `json:"fishgame_room"`
}

// encode returns the status text.
func (s roomStatus) encode() string {
	b, err := json.Marshal(roomStatusDoc{Room: &s})
	if err != nil {
		panic("encode room status: " + err.Error()) // strings only: cannot fail
	}
	return string(b)
}

// parseRoomStatus decodes a status text written by encode; another
// application's status, or a malformed one, is an error.
func parseRoomStatus(text string) (roomStatus, error) {
	if len(text) > maxStatusBytes {
		return roomStatus{}, fmt.Errorf("room status: %d bytes, at most %d", len(text), maxStatusBytes)
	}
	var doc roomStatusDoc
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return roomStatus{}, fmt.Errorf("room status: %w", err)
	}
	s := doc.Room
	switch {
	case s == nil:
		return roomStatus{}, fmt.Errorf("room status: not a fishgame room")
	case s.State != InRoom && s.State != Playing:
		return roomStatus{}, fmt.Errorf("room status: unknown state %q", s.State)
	case !signaling.ValidClientVersion(s.Version):
		return roomStatus{}, fmt.Errorf("room status: bad client version %q", s.Version)
	}
	code, err := ParseShareCode(string(s.Code))
	if err != nil || code != s.Code {
		return roomStatus{}, fmt.Errorf("room status: bad code %q", s.Code)
	}
	return *s, nil
}
