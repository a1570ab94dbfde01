package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/uuid"
	"github.com/heroiclabs/nakama-common/rtapi"
)

// fastPathCases are match_data_send frames; fast says whether the fast path
// must take them (otherwise protojson decides).
var fastPathCases = []struct {
	frame string
	fast  bool
}{
	{`{"match_data_send":{"match_id":"6f1c2a8e-4a47-4f4e-9d0e-2b2c1d3e4f50.","op_code":"1","data":"AAECAw=="}}`, true},
	{`{"match_data_send":{"match_id":"6f1c2a8e-4a47-4f4e-9d0e-2b2c1d3e4f50.","op_code":1,"data":"AAECAw==","reliable":true}}`, true},
	{` { "match_data_send" : { "data" : "QQ==" , "op_code" : "-42" , "match_id" : "x." , "reliable" : false } } `, true},
	{`{"match_data_send":{}}`, true},
	{`{"match_data_send":{"match_id":"m.","data":""}}`, true},
	{`{"match_data_send":{"match_id":"m.","op_code":"0"}}`, true},
	{`{"match_data_send":{"match_id":"m.","op_code":"-0"}}`, true},
	{`{"match_data_send":{"match_id":"m.","op_code":"999999999999999999"}}`, true},
	// Forms left to protojson.
	{`{"cid":"1","match_data_send":{"match_id":"m."}}`, false},
	{`{"match_data_send":{"matchId":"m."}}`, false},
	{`{"match_data_send":{"match_id":"m.","op_code":"01"}}`, false},
	{`{"match_data_send":{"match_id":"m.","op_code":1.0}}`, false},
	{`{"match_data_send":{"match_id":"m.","op_code":1e2}}`, false},
	{`{"match_data_send":{"match_id":"m.","op_code":"1e2"}}`, false},
	{`{"match_data_send":{"match_id":"m.","op_code":"9223372036854775807"}}`, false},
	{`{"match_data_send":{"match_id":"m.","op_code":"abc"}}`, false},
	{`{"match_data_send":{"match_id":"m.","data":"QQ"}}`, false},
	{`{"match_data_send":{"match_id":"m.","data":"QR=="}}`, false},
	{`{"match_data_send":{"match_id":"m.","data":"-_-_"}}`, false},
	{`{"match_data_send":{"match_id":"m.","data":"QQ==QUFB"}}`, false},
	{`{"match_data_send":{"match_id":"m.","data":"!!!!"}}`, false},
	{`{"match_data_send":{"match_id":"m\u002e"}}`, false},
	{`{"match_data_send":{"match_id":"m.","match_id":"n."}}`, false},
	{`{"match_data_send":{"match_id":"m.","presences":[{"user_id":"5f6c3c39-1b0d-4f6a-b54b-4d4f4cdbd6d1","session_id":"0A5D2B3C-9b51-4e8e-8d0a-7c3b3bb1c2a4"}]}}`, true},
	{`{"match_data_send":{"presences":[{"session_id":"0a5d2b3c-9b51-4e8e-8d0a-7c3b3bb1c2a4","username":"x","user_id":"5f6c3c39-1b0d-4f6a-b54b-4d4f4cdbd6d1"},{"user_id":"5f6c3c39-1b0d-4f6a-b54b-4d4f4cdbd6d1","session_id":"5f6c3c39-1b0d-4f6a-b54b-4d4f4cdbd6d1"}],"match_id":"m."}}`, true},
	{`{"match_data_send":{"match_id":"m.","presences":[]}}`, false},
	{`{"match_data_send":{"match_id":"m.","presences":[{"user_id":"5f6c3c39-1b0d-4f6a-b54b-4d4f4cdbd6d1"}]}}`, false},
	{`{"match_data_send":{"match_id":"m.","presences":[{"user_id":"nope","session_id":"0a5d2b3c-9b51-4e8e-8d0a-7c3b3bb1c2a4"}]}}`, false},
	{`{"match_data_send":{"match_id":"m.","presences":[{"user_id":"5f6c3c39-1b0d-4f6a-b54b-4d4f4cdbd6d1","session_id":"0a5d2b3c-9b51-4e8e-8d0a-7c3b3bb1c2a4","status":"x"}]}}`, false},
	{`{"match_data_send":{"match_id":"m.","reliable":null}}`, false},
	{`{"match_data_send":{"match_id":"m.","bogus":1}}`, false},
	{`{"match_data_send":{"match_id":"m."},"ping":{}}`, false},
	{`{"match_data_send":{"match_id":"m."}}x`, false},
	{`{"match_data_send":{"match_id":"m.",}}`, false},
	{`{"match_data_send":{"match_id":"é."}}`, false},
}

// checkFastPath fails if the fast path accepts frame with a result that
// differs from protojson's, or if protojson rejects what it accepted.
func checkFastPath(t testing.TB, frame []byte) (fast bool) {
	d, ok := parseDataSendFast(frame)
	if !ok {
		return false
	}
	var env rtapi.Envelope
	if err := socketUnmarshal.Unmarshal(frame, &env); err != nil {
		t.Fatalf("fast path accepted %q, protojson rejects it: %v", frame, err)
	}
	m := env.GetMatchDataSend()
	if m == nil || env.Cid != "" {
		t.Fatalf("fast path accepted %q, protojson decodes %v", frame, &env)
	}
	slow := dataSend{matchID: m.MatchId, opCode: m.OpCode, reliable: m.Reliable}
	if len(m.Data) > 0 {
		slow.data64 = []byte(encodeStd(m.Data))
	}
	for _, p := range m.Presences {
		slow.targets = append(slow.targets, uuid.MustParse(p.SessionId))
	}
	slow.filtered = len(slow.targets) > 0
	if !reflect.DeepEqual(d.targets, slow.targets) || d.filtered != slow.filtered || d.matchID != slow.matchID || d.opCode != slow.opCode ||
		!bytes.Equal(d.data64, slow.data64) || d.reliable != slow.reliable {
		t.Fatalf("fast path decodes %q as %+v, protojson as %+v", frame, d, slow)
	}
	// The relayed frame must equal protojson's encoding of the same message.
	presence := appendPresence(nil, "5f6c3c39-1b0d-4f6a-b54b-4d4f4cdbd6d1", "0a5d2b3c-9b51-4e8e-8d0a-7c3b3bb1c2a4", `fin"\ny`)
	got := appendMatchData(nil, &d, presence)
	want, err := marshalOpts.Marshal(&rtapi.Envelope{Message: &rtapi.Envelope_MatchData{MatchData: &rtapi.MatchData{
		MatchId: m.MatchId, OpCode: m.OpCode, Data: m.Data, Reliable: m.Reliable,
		Presence: &rtapi.UserPresence{UserId: "5f6c3c39-1b0d-4f6a-b54b-4d4f4cdbd6d1", SessionId: "0a5d2b3c-9b51-4e8e-8d0a-7c3b3bb1c2a4", Username: `fin"\ny`},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("relayed frame %q is not JSON: %v", got, err)
	}
	json.Unmarshal(want, &w)
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("relayed frame = %s, protojson = %s", got, want)
	}
	return true
}

func TestFastPathMatchesProtojson(t *testing.T) {
	for _, c := range fastPathCases {
		if got := checkFastPath(t, []byte(c.frame)); got != c.fast {
			t.Errorf("parseDataSendFast(%s) took = %v, want %v", c.frame, got, c.fast)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "ctl\x00\x1f\t\n\r", "ünï😀", "bad\xffutf8", "<&>"} {
		var got string
		if err := json.Unmarshal(appendJSONString(nil, s), &got); err != nil {
			t.Errorf("appendJSONString(%q) = invalid JSON: %v", s, err)
			continue
		}
		want := string(bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
		if got != want {
			t.Errorf("appendJSONString(%q) decodes to %q, want %q", s, got, want)
		}
	}
}

func TestFrames(t *testing.T) {
	for _, n := range []int{0, 1, 125, 126, 65535, 65536, 1 << 20} {
		payload := make([]byte, n)
		f := makeFrame(finText, payload)
		h := f[:len(f)-n]
		if h[0] != 0x81 {
			t.Errorf("header(%d)[0] = %#x, want 0x81", n, h[0])
		}
		var got int
		switch l := int(h[1]); {
		case l < 126:
			got = l
		case l == 126:
			got = int(h[2])<<8 | int(h[3])
		default:
			for _, b := range h[2:10] {
				got = got<<8 | int(b)
			}
		}
		if got != n {
			t.Errorf("header(%d) encodes length %d", n, got)
		}
	}
}

// encodeStd returns b as padded standard base64.
func encodeStd(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
