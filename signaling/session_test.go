package signaling

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 24, 1, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// restFixture is a fake server and a client sharing a fake clock.
type restFixture struct {
	clock  *fakeClock
	server *fakeNakama
	client *Client
	net    *pipeNet
}

func newRESTFixture(t *testing.T) *restFixture {
	t.Helper()
	clock := newFakeClock()
	srv := newFakeNakama(t, clock.Now)
	pn := newPipeNet(t, srv)
	return &restFixture{clock: clock, server: srv, client: pn.client(t, clock.Now), net: pn}
}

func TestAuthenticateDeviceWire(t *testing.T) {
	f := newRESTFixture(t)
	ctx := context.Background()
	s, err := f.client.AuthenticateDevice(ctx, "device-0001", true, "alice")
	if err != nil {
		t.Fatal(err)
	}
	req := f.server.last("/v2/account/authenticate/device")
	if req.method != "POST" || req.query != "create=true&username=alice" {
		t.Errorf("request = %s ?%s, want POST ?create=true&username=alice", req.method, req.query)
	}
	if req.auth != "Basic ZGVmYXVsdGtleTo=" { // defaultkey:
		t.Errorf("Authorization = %q, want Basic defaultkey:", req.auth)
	}
	if strings.ReplaceAll(req.body, " ", "") != `{"id":"device-0001"}` {
		t.Errorf("body = %s, want {\"id\":\"device-0001\"}", req.body)
	}
	if !s.Created() || s.UserID() == "" || !strings.HasPrefix(s.Username(), "user-") {
		t.Errorf("session created=%v uid=%q usn=%q, want created with ids from the JWT", s.Created(), s.UserID(), s.Username())
	}
	again, err := f.client.AuthenticateDevice(ctx, "device-0001", false, "")
	if err != nil {
		t.Fatal(err)
	}
	if again.Created() || again.UserID() != s.UserID() {
		t.Errorf("second login created=%v uid=%q, want existing account %q", again.Created(), again.UserID(), s.UserID())
	}
	if q := f.server.last("/v2/account/authenticate/device").query; q != "create=false" {
		t.Errorf("query = %q, want create=false (Nakama creates by default)", q)
	}
}

func TestAuthenticateErrors(t *testing.T) {
	f := newRESTFixture(t)
	ctx := context.Background()
	if _, err := f.client.AuthenticateEmail(ctx, "bob@example.com", "password123", true, "bob"); err != nil {
		t.Fatal(err)
	}
	req := f.server.last("/v2/account/authenticate/email")
	if req.query != "create=true&username=bob" || strings.ReplaceAll(req.body, " ", "") != `{"email":"bob@example.com","password":"password123"}` {
		t.Errorf("email request ?%s %s, want ?create=true&username=bob and the email and password", req.query, req.body)
	}
	badKey, err := NewClient("http://127.0.0.1:7350", "wrongkey", WithHTTPClient(f.client.http), WithClock(f.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		login       func() error
		status      int
		code        int
		credentials bool
		is          []error
	}{
		{"wrong password", func() error {
			_, err := f.client.AuthenticateEmail(ctx, "bob@example.com", "nope-nope", false, "")
			return err
		}, 401, 16, true, []error{ErrUnauthorized}},
		{"email in use", func() error {
			_, err := f.client.AuthenticateEmail(ctx, "bob@example.com", "another-pw", true, "bob2")
			return err
		}, 401, 16, true, []error{ErrUnauthorized}},
		{"username taken", func() error {
			_, err := f.client.AuthenticateEmail(ctx, "carol@example.com", "password123", true, "taken")
			return err
		}, 409, 6, true, nil},
		{"unknown account", func() error {
			_, err := f.client.AuthenticateDevice(ctx, "device-unknown", false, "")
			return err
		}, 404, 5, false, []error{ErrNotFound}},
		{"server key", func() error {
			_, err := badKey.AuthenticateDevice(ctx, "device-0001", true, "")
			return err
		}, 401, 16, false, []error{ErrUnauthorized}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.login()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *Error", err)
			}
			if e.Status != tt.status || e.Code != tt.code || e.Message == "" {
				t.Errorf("error = %+v, want status %d code %d with a message", e, tt.status, tt.code)
			}
			if got := errors.Is(err, ErrInvalidCredentials); got != tt.credentials {
				t.Errorf("errors.Is(%v, ErrInvalidCredentials) = %v, want %v", err, got, tt.credentials)
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false, want true", err, target)
				}
			}
		})
	}
	if _, err := f.client.AuthenticateDevice(ctx, "short", true, ""); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("AuthenticateDevice(short id) = %v, want ErrInvalidArgument before any request", err)
	}
}

func TestParseErrorBody(t *testing.T) {
	tests := []struct {
		body string
		code int
		msg  string
	}{
		{`{"code":5,"message":"Leaderboard not found."}`, 5, "Leaderboard not found."},
		{`{"error":"Auth token invalid","code":16,"message":"Auth token invalid"}`, 16, "Auth token invalid"},
		{`{"error":"only error","code":13}`, 13, "only error"},
		{"<html>bad gateway</html>", 0, "<html>bad gateway</html>"},
		{"", 0, ""},
	}
	for _, tt := range tests {
		e := parseErrorBody("op", 502, []byte(tt.body), false)
		if e.Code != tt.code || e.Message != tt.msg || e.Status != 502 {
			t.Errorf("parseErrorBody(%q) = %+v, want code %d message %q", tt.body, e, tt.code, tt.msg)
		}
		if e.Error() == "" {
			t.Errorf("parseErrorBody(%q).Error() is empty", tt.body)
		}
	}
}

func TestSessionRefreshesBeforeExpiry(t *testing.T) {
	f := newRESTFixture(t)
	ctx := context.Background()
	s, err := f.client.AuthenticateDevice(ctx, "device-0001", true, "")
	if err != nil {
		t.Fatal(err)
	}
	first, _ := s.Token(ctx)
	f.clock.Advance(30 * time.Second)
	if _, err := s.Account(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.server.count("/v2/account/session/refresh"); n != 0 {
		t.Errorf("refreshes after 30 s = %d, want 0", n)
	}
	f.clock.Advance(20 * time.Second) // 50 s of 60: inside the refresh margin
	if _, err := s.Account(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.server.count("/v2/account/session/refresh"); n != 1 {
		t.Errorf("refreshes after 50 s = %d, want 1", n)
	}
	if n := f.server.count("/v2/account"); n != 2 {
		t.Errorf("account calls = %d, want 2 (no 401 retry needed)", n)
	}
	if tok, _ := s.Token(ctx); tok == first {
		t.Error("Token() after refresh returned the first token")
	}
	req := f.server.last("/v2/account/session/refresh")
	if req.auth != "Basic ZGVmYXVsdGtleTo=" || !strings.HasPrefix(strings.ReplaceAll(req.body, " ", ""), `{"token":"ey`) {
		t.Errorf("refresh request auth %q body %s, want Basic defaultkey: and {\"token\":<refresh JWT>}", req.auth, req.body)
	}
	before, _ := s.Token(ctx)
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.Token(ctx); after == before || f.server.count("/v2/account/session/refresh") != 2 {
		t.Error("Refresh did not replace a fresh token")
	}
	// Long idle: the session token is long dead, the refresh token alive.
	f.clock.Advance(10 * time.Minute)
	if _, err := s.Account(ctx); err != nil {
		t.Fatalf("Account after 10 min idle = %v, want a refreshed token", err)
	}
	if n := f.server.count("/v2/account/authenticate/device"); n != 1 {
		t.Errorf("logins = %d, want 1 (refresh was enough)", n)
	}
}

func TestSessionRetriesOnceOn401(t *testing.T) {
	f := newRESTFixture(t)
	ctx := context.Background()
	s, err := f.client.AuthenticateDevice(ctx, "device-0001", true, "")
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := s.Token(ctx)
	f.server.mu.Lock()
	f.server.revoked[tok] = true // the server forgot it, the claims say valid
	f.server.mu.Unlock()
	if _, err := s.Account(ctx); err != nil {
		t.Fatalf("Account with a revoked token = %v, want success after refresh", err)
	}
	if n := f.server.count("/v2/account"); n != 2 {
		t.Errorf("account calls = %d, want 2 (401 then retry)", n)
	}
	if n := f.server.count("/v2/account/session/refresh"); n != 1 {
		t.Errorf("refreshes = %d, want 1", n)
	}
}

func TestSessionLogsInAgain(t *testing.T) {
	tests := []struct {
		name      string
		noRefresh bool // the server gives no refresh token
		setup     func(f *restFixture, s *Session)
	}{
		{"refresh token expired", false, func(f *restFixture, s *Session) { f.clock.Advance(2 * time.Hour) }},
		{"refresh token refused", false, func(f *restFixture, s *Session) {
			f.server.mu.Lock()
			f.server.revoked[s.refresh.raw] = true
			f.server.mu.Unlock()
			f.clock.Advance(time.Minute)
		}},
		{"no refresh token", true, func(f *restFixture, s *Session) { f.clock.Advance(50 * time.Second) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newRESTFixture(t)
			f.server.noRefresh = tt.noRefresh
			ctx := context.Background()
			s, err := f.client.AuthenticateEmail(ctx, "bob@example.com", "password123", true, "bob")
			if err != nil {
				t.Fatal(err)
			}
			tt.setup(f, s)
			a, err := s.Account(ctx)
			if err != nil {
				t.Fatalf("Account = %v, want success after logging in again", err)
			}
			if a.GetUser().GetId() != s.UserID() {
				t.Errorf("account id %q, want %q", a.GetUser().GetId(), s.UserID())
			}
			if n := f.server.count("/v2/account/authenticate/email"); n != 2 {
				t.Errorf("logins = %d, want 2", n)
			}
		})
	}
}

// TestSessionKeepsRefreshTokenExpiry: Nakama returns the same refresh token
// from a refresh, so its expiry must stay the one it had at login, not move
// forward by the time of the refresh. Past it, the session logs in again
// without first trying a refresh the server would refuse.
func TestSessionKeepsRefreshTokenExpiry(t *testing.T) {
	f := newRESTFixture(t)
	ctx := context.Background()
	s, err := f.client.AuthenticateDevice(ctx, "device-0001", true, "")
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(50 * time.Second)
	if _, err := s.Account(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.server.count("/v2/account/session/refresh"); n != 1 {
		t.Fatalf("refreshes after 50 s = %d, want 1", n)
	}
	f.clock.Advance(time.Hour - 40*time.Second) // 10 s past the refresh token's expiry
	if _, err := s.Account(ctx); err != nil {
		t.Fatalf("Account after the refresh token expired = %v, want a new login", err)
	}
	if n := f.server.count("/v2/account/session/refresh"); n != 1 {
		t.Errorf("refreshes = %d, want still 1 (the refresh token is known to be expired)", n)
	}
	if n := f.server.count("/v2/account/authenticate/device"); n != 2 {
		t.Errorf("logins = %d, want 2", n)
	}
}

func TestSessionConcurrentRenewal(t *testing.T) {
	f := newRESTFixture(t)
	ctx := context.Background()
	s, err := f.client.AuthenticateDevice(ctx, "device-0001", true, "")
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(55 * time.Second)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := s.Account(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := f.server.count("/v2/account/session/refresh"); n != 1 {
		t.Errorf("refreshes = %d, want 1 shared by 8 callers", n)
	}
}

func TestLogout(t *testing.T) {
	f := newRESTFixture(t)
	ctx := context.Background()
	s, err := f.client.AuthenticateDevice(ctx, "device-0001", true, "")
	if err != nil {
		t.Fatal(err)
	}
	tok, ref := s.tok.raw, s.refresh.raw
	if err := s.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	req := f.server.last("/v2/session/logout")
	if req.auth != "Bearer "+tok || !strings.Contains(req.body, tok) || !strings.Contains(req.body, ref) {
		t.Errorf("logout request auth %q body %s, want Bearer and both tokens", req.auth, req.body)
	}
	if _, err := s.Account(ctx); !errors.Is(err, ErrLoggedOut) {
		t.Errorf("Account after Logout = %v, want ErrLoggedOut", err)
	}
	if _, err := s.Dial(ctx, SocketConfig{}); !errors.Is(err, ErrLoggedOut) {
		t.Errorf("Dial after Logout = %v, want ErrLoggedOut", err)
	}
}

func TestLeaderboardAndRPCWire(t *testing.T) {
	f := newRESTFixture(t)
	ctx := context.Background()
	s, err := f.client.AuthenticateDevice(ctx, "device-0001", true, "")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.WriteLeaderboardRecord(ctx, "fish_game_wins", 1)
	if err != nil {
		t.Fatal(err)
	}
	if body := f.server.last("/v2/leaderboard/fish_game_wins").body; strings.ReplaceAll(body, " ", "") != `{"score":"1"}` {
		t.Errorf("write body = %s, want {\"score\":\"1\"} (int64 as string)", body)
	}
	if rec.Score != 2 || rec.NumScore != 2 || rec.OwnerId != s.UserID() || rec.GetUsername().GetValue() == "" {
		t.Errorf("record = %v, want score 2 owned by us", rec)
	}
	list, err := s.ListLeaderboardRecords(ctx, "fish_game_wins", 10, "")
	if err != nil {
		t.Fatal(err)
	}
	if q := f.server.last("/v2/leaderboard/fish_game_wins").query; q != "limit=10" {
		t.Errorf("list query = %q, want limit=10", q)
	}
	if len(list.Records) != 1 || list.Records[0].Rank != 1 || list.NextCursor != "abc" {
		t.Errorf("list = %v, want one record of rank 1 and a cursor", list)
	}
	if _, err := s.ListLeaderboardRecords(ctx, "missing", 10, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("ListLeaderboardRecords(missing) = %v, want ErrNotFound", err)
	}
	out, err := s.RPC(ctx, "ice_servers", `{"a":"b"}`)
	if err != nil {
		t.Fatal(err)
	}
	if body := f.server.last("/v2/rpc/ice_servers").body; body != `"{\"a\":\"b\"}"` {
		t.Errorf("rpc body = %s, want a JSON string", body)
	}
	if out != `echo:{"a":"b"}` {
		t.Errorf("RPC = %q, want the payload", out)
	}
	a, err := s.Account(ctx)
	if err != nil {
		t.Fatalf("Account with an unknown field = %v, want it ignored", err)
	}
	if a.GetUser().GetLangTag() != "en" || len(a.Devices) != 1 {
		t.Errorf("account = %v", a)
	}
}

func TestNewClientURLs(t *testing.T) {
	tests := []struct {
		in, ws string
		ok     bool
	}{
		{"http://127.0.0.1:7350", "ws://127.0.0.1:7350/ws", true},
		{"https://nakama.example.com/", "wss://nakama.example.com/ws", true},
		{"https://example.com/nakama", "wss://example.com/nakama/ws", true},
		{"ftp://example.com", "", false},
		{"127.0.0.1:7350", "", false},
		{"http://", "", false},
	}
	for _, tt := range tests {
		c, err := NewClient(tt.in, "defaultkey")
		if (err == nil) != tt.ok {
			t.Errorf("NewClient(%q) error = %v, want ok %v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		u := *c.base
		u.Scheme = map[string]string{"http": "ws", "https": "wss"}[u.Scheme]
		if got := u.String() + "/ws"; got != tt.ws {
			t.Errorf("NewClient(%q) socket url = %q, want %q", tt.in, got, tt.ws)
		}
	}
}

func TestBadServerResponses(t *testing.T) {
	tests := []struct {
		name string
		body string
		want error
	}{
		{"not json", "<html>ok</html>", ErrBadResponse},
		{"wrong types", `{"token":12}`, ErrBadResponse},
		{"no token", `{"created":true}`, ErrInvalidToken},
		{"garbage token", `{"token":"a.b.c","refresh_token":"x"}`, ErrInvalidToken},
		{"too large", `{"token":"` + strings.Repeat("a", maxResponseBody) + `"}`, ErrBadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pn := newPipeNet(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, tt.body)
			}))
			c := pn.client(t, time.Now)
			if _, err := c.AuthenticateDevice(context.Background(), "device-0001", true, ""); !errors.Is(err, tt.want) {
				t.Errorf("AuthenticateDevice with a %s reply = %v, want %v", tt.name, err, tt.want)
			}
		})
	}
}
