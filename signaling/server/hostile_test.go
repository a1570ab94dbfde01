package server

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/gorilla/websocket"
)

// TestHostileInputLeavesOthersHealthy sends each kind of hostile input and
// checks that it gets Nakama's answer, and that afterwards two honest players
// in a match still relay to each other and the server still answers.
func TestHostileInputLeavesOthersHealthy(t *testing.T) {
	ts := newTestServer(t)
	a, b := ts.connect(t, "device-healthy-a"), ts.connect(t, "device-healthy-b")
	id := joinPair(t, a, b)
	nameA, nameB := a.username(t), b.username(t)
	selfB := b.request("sb", `{"cid":"sb","match_join":{"match_id":"`+id+`"}}`)["match"].(map[string]any)["self"].(map[string]any)
	sessionToken, _ := ts.authDevice(t, "device-hostile-token", "")

	closes := func(code int, reason string) func(*testing.T, *wsClient) {
		return func(t *testing.T, h *wsClient) {
			t.Helper()
			if ce := h.closeOf(); ce.Code != code || ce.Text != reason {
				t.Errorf("close = %d %q, want %d %q", ce.Code, ce.Text, code, reason)
			}
		}
	}
	// replies checks the next envelope (none when want is empty) and that
	// the socket still works.
	replies := func(want string) func(*testing.T, *wsClient) {
		return func(t *testing.T, h *wsClient) {
			t.Helper()
			if want != "" {
				wantShape(t, "reply", h.next(), want)
			}
			h.send(`{"cid":"p","ping":{}}`)
			wantShape(t, "ping afterwards", h.next(), `{"cid":"p","pong":{}}`)
		}
	}
	dataSend := func(extra string) string {
		return `{"match_data_send":{"match_id":"` + id + `","op_code":"1","data":"AAEC"` + extra + `}}`
	}
	tests := []struct {
		name   string
		member bool // the hostile socket joins the match first
		binary bool
		frame  string
		check  func(*testing.T, *wsClient)
	}{
		{"garbage JSON", true, false, strings.TrimSuffix(dataSend(""), "}}"), closes(1000, reasonMalformed)},
		{"not JSON", true, false, "\x00\xff garbage", closes(1000, reasonMalformed)},
		{"unknown field", true, false, dataSend(`,"bogus":1`), closes(1000, reasonMalformed)},
		{"unknown envelope field", true, false, `{"cid":"1","ping":{},"bogus":true}`, closes(1000, reasonMalformed)},
		{"non-base64 data", true, false, strings.Replace(dataSend(""), "AAEC", "@@@@", 1), closes(1000, reasonMalformed)},
		{"non-numeric op code", true, false, strings.Replace(dataSend(""), `"1"`, `"one"`, 1), closes(1000, reasonMalformed)},
		{"cid only", true, false, `{"cid":"1"}`, closes(1000, reasonProcessing)},
		{"binary frame", true, true, dataSend(""), closes(1000, reasonMessageType)},
		{"huge frame", true, false, strings.Replace(dataSend(""), "AAEC",
			base64.StdEncoding.EncodeToString(make([]byte, 4000)), 1), closes(websocket.CloseMessageTooBig, "")},
		{"data to a match you're not in", false, false, dataSend(""), replies("")},
		{"targeted data to a match you're not in", false, false, dataSend(`,"presences":[{"user_id":"` +
			selfB["user_id"].(string) + `","session_id":"` + selfB["session_id"].(string) + `"}]`), replies("")},
		{"data to a missing match", false, false, strings.Replace(dataSend(""), id, uuid.NewString()+".", 1), replies("")},
		{"join of a missing match", false, false, `{"cid":"j","match_join":{"match_id":"` + uuid.NewString() + `."}}`,
			replies(`{"cid":"j","error":{"code":4,"message":"Match not found"}}`)},
		{"session token as match token", false, false, `{"cid":"j","match_join":{"token":"` + sessionToken + `"}}`,
			replies(`{"cid":"j","error":{"code":3,"message":"Invalid match token"}}`)},
	}
	marker := 100
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := ts.connect(t, "device-hostile-"+strconv.Itoa(i))
			if tt.member {
				h.request("j", `{"cid":"j","match_join":{"match_id":"`+id+`"}}`)
			}
			typ := websocket.TextMessage
			if tt.binary {
				typ = websocket.BinaryMessage
			}
			if err := h.conn.WriteMessage(typ, []byte(tt.frame)); err != nil {
				t.Fatal(err)
			}
			tt.check(t, h)
			marker++
			checkRelay(t, a, b, id, marker, nameA)
			checkRelay(t, b, a, id, marker, nameB)
			if code, _ := ts.do(t, "GET", "/healthcheck", "", ""); code != 200 {
				t.Errorf("healthcheck = %d, want 200", code)
			}
		})
	}

	// Tokens that are not the server's: garbage, a refresh token, and one
	// signed with the default server key (the secret is never a constant).
	c := claims(t, sessionToken)
	forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"tid": c["tid"], "uid": c["uid"], "usn": c["usn"], "exp": c["exp"], "iat": c["iat"]}).SignedString([]byte(DefaultServerKey))
	if err != nil {
		t.Fatal(err)
	}
	_, refresh := ts.authDevice(t, "device-hostile-refresh", "")
	for _, tok := range []struct{ name, token string }{{"garbage", "not.a.jwt"}, {"refresh token", refresh}, {"forged", forged}} {
		if _, resp, _ := ts.dial(t, "format=json&token="+tok.token, nil); resp == nil || resp.StatusCode != 401 {
			t.Errorf("socket with a %s token: %v, want 401", tok.name, resp)
		}
		code, body := ts.do(t, "GET", "/v2/account", bearer(tok.token), "")
		if code != 401 {
			t.Errorf("account with a %s token = %d, want 401", tok.name, code)
		}
		wantShape(t, tok.name+" token", body, `{"code":16,"message":"Auth token invalid"}`)
	}
	checkRelay(t, a, b, id, marker+1, nameA)
}

// checkRelay sends match data with op code op from one member to the match
// and fails unless the next match data the other gets is exactly that.
func checkRelay(t *testing.T, from, to *wsClient, matchID string, op int, fromName string) {
	t.Helper()
	from.send(`{"match_data_send":{"match_id":"` + matchID + `","op_code":"` + strconv.Itoa(op) + `","data":"AAEC"}}`)
	wantShape(t, "relay between honest members", to.nextOf("match_data"), `{"match_data":{"match_id":"<uuid>.",
		"presence":{"user_id":"<uuid>","session_id":"<uuid>","username":"`+fromName+`"},"op_code":"`+strconv.Itoa(op)+`","data":"AAEC"}}`)
}

// TestHostileLongPassword: bcrypt refuses passwords over 72 bytes. A longer
// one must get a 400 with a message, on sign-up and on login, never a 500
// and an ERROR log.
func TestHostileLongPassword(t *testing.T) {
	var logs bytes.Buffer
	ts := newTestServer(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	path := "/v2/account/authenticate/email?create=true"
	const want = `{"code":3,"message":"Password must be at most 72 bytes long."}`
	long := strings.Repeat("p", 73)
	code, body := ts.do(t, "POST", path, basic("defaultkey"), `{"email":"long@example.com","password":"`+long+`"}`)
	if code != 400 {
		t.Errorf("sign-up with a 73-byte password = %d %v, want 400", code, body)
	}
	wantShape(t, "sign-up with a 73-byte password", body, want)
	// An existing account: the login must be refused the same way.
	if code, body := ts.do(t, "POST", path, basic("defaultkey"), `{"email":"long@example.com","password":"`+long[:72]+`"}`); code != 200 {
		t.Fatalf("sign-up with a 72-byte password = %d %v, want 200", code, body)
	}
	code, body = ts.do(t, "POST", path, basic("defaultkey"), `{"email":"long@example.com","password":"`+long+`"}`)
	if code != 400 {
		t.Errorf("login with a 73-byte password = %d %v, want 400", code, body)
	}
	wantShape(t, "login with a 73-byte password", body, want)
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("long passwords logged an error:\n%s", logs.String())
	}
}

// TestHostileScoreOverflow: incr and decr saturate at the int64 range; a
// score never wraps to the other end.
func TestHostileScoreOverflow(t *testing.T) {
	ts := newTestServer(t)
	token, _ := ts.authDevice(t, "device-overflow-1", "")
	path := "/v2/leaderboard/" + WinsLeaderboard
	write := func(body string) string {
		t.Helper()
		code, out := ts.do(t, "POST", path, bearer(token), body)
		if code != 200 {
			t.Fatalf("write %s = %d %v", body, code, out)
		}
		return out["score"].(string)
	}
	const maxScore, minScore = "9223372036854775807", "-9223372036854775808"
	if got := write(`{"score":"` + maxScore + `"}`); got != maxScore {
		t.Fatalf("first incr = %s, want %s", got, maxScore)
	}
	for _, body := range []string{`{"score":"1"}`, `{"score":"` + maxScore + `"}`} {
		if got := write(body); got != maxScore {
			t.Errorf("incr %s at the maximum = %s, want it to stay %s", body, got, maxScore)
		}
	}
	// decr of the most negative score would be a + 2^63: it saturates too.
	if got := write(`{"score":"` + minScore + `","operator":"DECREMENT"}`); got != maxScore {
		t.Errorf("decr %s at the maximum = %s, want %s", minScore, got, maxScore)
	}
	if got := write(`{"score":"` + minScore + `","operator":"SET"}`); got != minScore {
		t.Fatalf("set = %s, want %s", got, minScore)
	}
	if got := write(`{"score":"-1"}`); got != minScore {
		t.Errorf("incr -1 at the minimum = %s, want it to stay %s", got, minScore)
	}
}

// TestHostileInvisibleUsername: usernames with control, format (invisible
// or bidirectional) or space characters would impersonate other players;
// they are refused with 400.
func TestHostileInvisibleUsername(t *testing.T) {
	ts := newTestServer(t)
	const want = `{"code":3,"message":"Username invalid, no spaces or control characters allowed."}`
	for i, name := range []string{
		"ad\u200bmin", // zero width space (Cf)
		"\u202enimda", // right-to-left override (Cf)
		"admin\u2066", // left-to-right isolate (Cf)
		"ad\ufeffmin", // zero width no-break space / BOM (Cf)
		"ad\u0085min", // next line (Cc, outside ASCII)
		"ad\u00a0min", // no-break space
		"ad\u3000min", // ideographic space
		"admin\u2028", // line separator
		"ad\u00admin", // soft hyphen (Cf)
	} {
		path := "/v2/account/authenticate/device?create=true&username=" + url.QueryEscape(name)
		code, body := ts.do(t, "POST", path, basic("defaultkey"), `{"id":"device-invisible-`+strconv.Itoa(i)+`"}`)
		if code != 400 {
			t.Errorf("username %+q = %d %v, want 400", name, code, body)
			continue
		}
		wantShape(t, fmt.Sprintf("username %+q", name), body, want)
	}
	// Letters of any script are still welcome.
	ts.authDevice(t, "device-invisible-ok", url.QueryEscape("Ünïcødé-名前"))
}

// TestHostileDataFiles: the database and its WAL files are 0600, a wider
// existing data directory is tightened to 0700, and a 0-byte database in an
// existing directory is refused instead of silently starting over.
func TestHostileDataFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, func(c *Config) { c.DataDir = dir })
	ts.authDevice(t, "device-datafiles-1", "")
	for _, name := range []string{dir, filepath.Join(dir, dbFile), filepath.Join(dir, dbFile+"-wal"), filepath.Join(dir, dbFile+"-shm")} {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s mode = %v, want no access for others", name, fi.Mode().Perm())
		}
	}
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, dbFile), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := New(Config{DataDir: empty, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err == nil {
		s.Close()
		t.Errorf("New with a 0-byte database = nil error, want a refusal")
	}
}
