package flow

import "testing"

func TestRoomStatusRoundTrip(t *testing.T) {
	for _, s := range []roomStatus{
		{Code: "K7M2QX", Version: "0.2.0", State: InRoom},
		{Code: "ZZZZZZ", Version: "1.0_beta", State: Playing},
	} {
		got, err := parseRoomStatus(s.encode())
		if err != nil || got != s {
			t.Errorf("parseRoomStatus(%s) = %+v, %v, want %+v", s.encode(), got, err, s)
		}
	}
}

func TestRoomStatusRefused(t *testing.T) {
	for _, text := range []string{
		"", "in-lobby", "{}", `{"fishgame_room":null}`, `[1]`,
		`{"fishgame_room":{"code":"K7M2QX","version":"0.2.0","state":"lobby"}}`,
		`{"fishgame_room":{"code":"K7M2QX","version":"","state":"room"}}`,
		`{"fishgame_room":{"code":"K7M2QX","version":"0 2","state":"room"}}`,
		`{"fishgame_room":{"code":"k7m2qx","version":"0.2.0","state":"room"}}`,
		`{"fishgame_room":{"code":"K7M2Q0","version":"0.2.0","state":"room"}}`,
	} {
		if s, err := parseRoomStatus(text); err == nil {
			t.Errorf("parseRoomStatus(%q) = %+v, want an error", text, s)
		}
	}
}

func FuzzParseRoomStatus(f *testing.F) {
	f.Add(roomStatus{Code: "K7M2QX", Version: "0.2.0", State: InRoom}.encode())
	f.Add(`{"fishgame_room":{}}`)
	f.Add("in-lobby")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := parseRoomStatus(text)
		if err != nil {
			return
		}
		if again, err := parseRoomStatus(s.encode()); err != nil || again != s {
			t.Fatalf("parseRoomStatus(%q) = %+v, whose encoding parses as %+v, %v", text, s, again, err)
		}
	})
}
