package relayload

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"
)

// Frames as a stock Nakama 3.40 and fishgame server send them.
var (
	nakamaMatchData = `{"match_data":{"match_id":"0b5d3e8a-6d4f-4bfa-9c7e-3a1d2b4c5e6f.","presence":{"user_id":"6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","session_id":"7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e","username":"RMhQfCSdOp"},"op_code":"1","data":"AQAAAAAAAAACAAAAAwAAAA==","reliable":true}}`
	nakamaMatch     = `{"cid":"c1","match":{"match_id":"0b5d3e8a-6d4f-4bfa-9c7e-3a1d2b4c5e6f.","size":1,"self":{"user_id":"u","session_id":"s","username":"n"}}}`
	nakamaJoin      = `{"cid":"j2","match":{"match_id":"m.","presences":[{"user_id":"a","session_id":"b","username":"c"}],"self":{"user_id":"u","session_id":"s","username":"n"}}}`
	nakamaError     = `{"cid":"j2","error":{"code":4,"message":"Match not found"}}`
	nakamaPresence  = `{"match_presence_event":{"match_id":"m.","joins":[{"user_id":"a","session_id":"b","username":"c"}]}}`
)

func TestParseFrame(t *testing.T) {
	tests := []struct {
		name, in string
		want     serverFrame
	}{
		{"match data", nakamaMatchData, serverFrame{matchData: true,
			dataMatchID: []byte("0b5d3e8a-6d4f-4bfa-9c7e-3a1d2b4c5e6f."), data: []byte("AQAAAAAAAAACAAAAAwAAAA==")}},
		{"create reply", nakamaMatch, serverFrame{cid: []byte("c1"), match: true, matchID: []byte("0b5d3e8a-6d4f-4bfa-9c7e-3a1d2b4c5e6f.")}},
		{"join reply", nakamaJoin, serverFrame{cid: []byte("j2"), match: true, matchID: []byte("m.")}},
		{"error", nakamaError, serverFrame{cid: []byte("j2"), err: true, errMessage: []byte("Match not found")}},
		{"presence event", nakamaPresence, serverFrame{}},
		{"pong", `{"pong":{}}`, serverFrame{}},
		{"white space and escapes", " {\n\"match_data\" : { \"data\" : \"A\\/B\\u003d\" , \"match_id\":\"m\\\"\" } } ",
			serverFrame{matchData: true, dataMatchID: []byte(`m"`), data: []byte("A/B=")}},
		{"null fields", `{"cid":null,"match_data":null,"error":null}`, serverFrame{}},
		{"last repeat counts", `{"match":{"match_id":"a"},"match":{"size":2}}`, serverFrame{match: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFrame([]byte(tt.in))
			if err != nil {
				t.Fatalf("parseFrame(%s) = %v", tt.in, err)
			}
			if !sameFrame(got, tt.want) {
				t.Errorf("parseFrame(%s) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseFrameRefusesBadJSON(t *testing.T) {
	for _, in := range []string{
		``, `null`, `[]`, `{`, `{"cid"}`, `{"cid":1}`, `{"match_data":[]}`, `{"match_data":{"data":true}}`,
		`{"cid":"a\qb"}`, "{\"cid\":\"a\x01\"}", `{"x":1} {}`, `{"x":tru}`, `{"x":[1,]}`, `{"x":"\`,
		`{"x":` + string(bytes.Repeat([]byte("["), 100)) + `}`,
	} {
		if f, err := parseFrame([]byte(in)); !errors.Is(err, ErrBadFrame) {
			t.Errorf("parseFrame(%q) = %+v, %v, want ErrBadFrame", in, f, err)
		}
	}
}

func FuzzParseFrame(f *testing.F) {
	for _, s := range []string{nakamaMatchData, nakamaMatch, nakamaJoin, nakamaError, nakamaPresence,
		`{"match_data":{"data":"\u0041"},"x":[1,-2.5e3,true,false,null,{"a":[]}]}`} {
		f.Add([]byte(s))
	}
	f.Add(appendMatchDataSend(nil, quote("m."), make([]byte, MinPayload)))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := parseFrame(b)
		want, ok := referenceFrame(b)
		switch {
		case !ok || !utf8.Valid(b):
			// encoding/json refuses it, or replaces bad UTF-8: parseFrame
			// may go either way, as long as it does not panic.
		case errors.Is(err, errTooDeep):
		case err != nil:
			t.Fatalf("parseFrame(%q) = %v; encoding/json reads %+v", b, err, want)
		case !sameFrame(got, want):
			t.Fatalf("parseFrame(%q) = %+v; encoding/json reads %+v", b, got, want)
		}
	})
}

// referenceFrame reads the same fields as parseFrame with encoding/json
// (keys matched exactly, unlike a struct's case-insensitive match).
func referenceFrame(b []byte) (serverFrame, bool) {
	var top map[string]json.RawMessage
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) == 0 || t[0] != '{' || json.Unmarshal(b, &top) != nil {
		return serverFrame{}, false
	}
	ok := true
	str := func(raw json.RawMessage) []byte {
		var v string
		if raw != nil && json.Unmarshal(raw, &v) != nil {
			ok = false
		}
		return []byte(v)
	}
	obj := func(raw json.RawMessage) (map[string]json.RawMessage, bool) {
		var m map[string]json.RawMessage
		if raw != nil && json.Unmarshal(raw, &m) != nil {
			ok = false
		}
		return m, m != nil
	}
	var f serverFrame
	f.cid = str(top["cid"])
	var m map[string]json.RawMessage
	if m, f.matchData = obj(top["match_data"]); f.matchData {
		f.dataMatchID, f.data = str(m["match_id"]), str(m["data"])
	}
	if m, f.match = obj(top["match"]); f.match {
		f.matchID = str(m["match_id"])
	}
	if m, f.err = obj(top["error"]); f.err {
		f.errMessage = str(m["message"])
	}
	return f, ok
}

func sameFrame(a, b serverFrame) bool {
	return bytes.Equal(a.cid, b.cid) && a.matchData == b.matchData && bytes.Equal(a.dataMatchID, b.dataMatchID) &&
		bytes.Equal(a.data, b.data) && a.match == b.match && bytes.Equal(a.matchID, b.matchID) &&
		a.err == b.err && bytes.Equal(a.errMessage, b.errMessage)
}

func BenchmarkParseFrame(b *testing.B) {
	frame := []byte(nakamaMatchData)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseFrame(frame); err != nil {
			b.Fatal(err)
		}
	}
}
