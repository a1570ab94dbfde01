package server

import (
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestHostileMatchesPerSocket: a socket is in at most MaxMatchesPerSocket
// matches at once, created or joined (20 sockets created 400,000 matches,
// +86 MB).
func TestHostileMatchesPerSocket(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MaxMatchesPerSocket = 3 })
	h, o := ts.connect(t, "device-matches-h"), ts.connect(t, "device-matches-o")
	matchID := func(m map[string]any) string {
		t.Helper()
		match, _ := m["match"].(map[string]any)
		if match == nil {
			t.Fatalf("reply = %v, want a match", m)
		}
		return match["match_id"].(string)
	}
	other := matchID(o.request("o", `{"cid":"o","match_create":{}}`))
	var first string
	for i := range 3 {
		id := matchID(h.request("c", `{"cid":"c","match_create":{}}`))
		if i == 0 {
			first = id
		}
	}
	const want = `{"cid":"x","error":{"code":3,"message":"Too many matches, at most 3 per socket"}}`
	wantShape(t, "create over the cap", h.request("x", `{"cid":"x","match_create":{}}`), want)
	wantShape(t, "join over the cap", h.request("x", `{"cid":"x","match_join":{"match_id":"`+other+`"}}`), want)
	// A match it is in already is no new one; leaving one makes room.
	matchID(h.request("r", `{"cid":"r","match_join":{"match_id":"`+first+`"}}`))
	h.request("l", `{"cid":"l","match_leave":{"match_id":"`+first+`"}}`)
	matchID(h.request("j", `{"cid":"j","match_join":{"match_id":"`+other+`"}}`))
}

// TestHostileSessionsPerUser: a new login beyond MaxSessionsPerUser ends
// the user's oldest session (50,000 logins of one device kept 50,000
// sessions).
func TestHostileSessionsPerUser(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MaxSessionsPerUser = 3 })
	var tokens, refreshes []string
	for range 5 {
		token, refresh := ts.authDevice(t, "device-sessions-1", "")
		tokens, refreshes = append(tokens, token), append(refreshes, refresh)
	}
	for i, token := range tokens {
		want := 200
		if i < 2 {
			want = 401
		}
		if code, body := ts.do(t, "GET", "/v2/account", bearer(token), ""); code != want {
			t.Errorf("account with session %d of 5 = %d %v, want %d", i+1, code, body, want)
		}
	}
	if code, _ := ts.do(t, "POST", "/v2/account/session/refresh", basic("defaultkey"), `{"token":"`+refreshes[0]+`"}`); code != 401 {
		t.Errorf("refresh of the ended oldest session = %d, want 401", code)
	}
	// Another user keeps its session.
	token, _ := ts.authDevice(t, "device-sessions-2", "")
	if code, _ := ts.do(t, "GET", "/v2/account", bearer(token), ""); code != 200 {
		t.Errorf("another user's account = %d, want 200", code)
	}
}

// login sends a device authentication from ip straight to the handler.
func login(ts *testServer, ip, device string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/v2/account/authenticate/device?create=true", strings.NewReader(`{"id":"`+device+`"}`))
	req.RemoteAddr = ip
	req.Header.Set("Authorization", basic("defaultkey"))
	rec := httptest.NewRecorder()
	ts.Handler().ServeHTTP(rec, req)
	return rec
}

const tooManyLogins = `{"code":8,"message":"Too many login attempts. Try again later."}`

// wantThrottled fails unless rec is the 429 of a throttled login.
func wantThrottled(t *testing.T, what string, code int, body map[string]any) {
	t.Helper()
	if code != 429 {
		t.Errorf("%s = %d %v, want 429", what, code, body)
		return
	}
	wantShape(t, what, body, tooManyLogins)
}

// TestHostileLoginFloodPerIP: one client IP (an IPv6 client by its /64)
// gets AuthIPBurst logins and then AuthIPRate a second, across accounts.
func TestHostileLoginFloodPerIP(t *testing.T) {
	clk := &clock{now: time.Now()}
	ts := newTestServer(t, func(c *Config) { c.Now = clk.Now; c.AuthIPRate = 1; c.AuthIPBurst = 3 })
	for _, ip := range []string{"192.0.2.1:1000", "[2001:db8:1:2::1]:1000"} {
		for i := range 3 {
			if rec := login(ts, ip, "device-ipflood-"+ip+strconv.Itoa(i)); rec.Code != 200 {
				t.Fatalf("login %d from %s = %d %s, want 200", i, ip, rec.Code, rec.Body)
			}
		}
	}
	for _, ip := range []string{"192.0.2.1:2000", "[2001:db8:1:2:ffff::9]:1000"} {
		rec := login(ts, ip, "device-ipflood-more")
		var body map[string]any
		jsonBody(t, rec, &body)
		wantThrottled(t, "login from "+ip+" over its burst", rec.Code, body)
		if got := rec.Header().Get("Retry-After"); got != "1" {
			t.Errorf("Retry-After = %q, want 1", got)
		}
	}
	if rec := login(ts, "198.51.100.7:1000", "device-ipflood-other"); rec.Code != 200 {
		t.Errorf("login from another IP = %d %s, want 200", rec.Code, rec.Body)
	}
	clk.advance(time.Second)
	if rec := login(ts, "192.0.2.1:1000", "device-ipflood-later"); rec.Code != 200 {
		t.Errorf("login a second later = %d %s, want 200", rec.Code, rec.Body)
	}
}

// TestHostilePasswordGuessing: one account (an email, or a device id) gets
// AuthAccountBurst logins and then AuthAccountRate a second, right password
// or wrong, from any IP (about 30 guesses a second went unthrottled).
func TestHostilePasswordGuessing(t *testing.T) {
	clk := &clock{now: time.Now()}
	ts := newTestServer(t, func(c *Config) { c.Now = clk.Now; c.AuthAccountRate = 1.0 / 60; c.AuthAccountBurst = 3 })
	path := "/v2/account/authenticate/email?create=true"
	email := func(password string) (int, map[string]any) {
		return ts.do(t, "POST", path, basic("defaultkey"), `{"email":"victim@example.com","password":"`+password+`"}`)
	}
	if code, body := email("correct horse"); code != 200 {
		t.Fatalf("sign-up = %d %v", code, body)
	}
	for _, guess := range []string{"password1", "letmein12"} {
		if code, body := email(guess); code != 401 {
			t.Fatalf("guess %q = %d %v, want 401", guess, code, body)
		}
	}
	code, body := email("correct horse")
	wantThrottled(t, "login over the account's burst", code, body)
	// Other accounts are not affected; the same device is limited too.
	for i := range 3 {
		ts.authDevice(t, "device-guessing-1", "")
		if i == 0 {
			ts.authDevice(t, "device-guessing-2", "")
		}
	}
	code, body = ts.do(t, "POST", "/v2/account/authenticate/device", basic("defaultkey"), `{"id":"device-guessing-1"}`)
	wantThrottled(t, "device login over the account's burst", code, body)
	clk.advance(time.Minute)
	if code, body := email("correct horse"); code != 200 {
		t.Errorf("login a minute later = %d %v, want 200", code, body)
	}
}

func jsonBody(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
}
