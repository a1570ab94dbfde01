package signaling

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/gorilla/websocket"
	"github.com/heroiclabs/nakama-common/api"
	"github.com/heroiclabs/nakama-common/rtapi"
	"google.golang.org/protobuf/encoding/protojson"
)

// pipeNet serves an http.Handler over in-memory net.Pipe connections: no
// ports, and it works inside a synctest bubble.
type pipeNet struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
	srv    *http.Server
}

func newPipeNet(t *testing.T, h http.Handler) *pipeNet {
	t.Helper()
	pn := &pipeNet{conns: make(chan net.Conn), closed: make(chan struct{}), srv: &http.Server{Handler: h}}
	go pn.srv.Serve(pn)
	t.Cleanup(func() { pn.srv.Close() })
	return pn
}

func (pn *pipeNet) Accept() (net.Conn, error) {
	select {
	case c := <-pn.conns:
		return c, nil
	case <-pn.closed:
		return nil, net.ErrClosed
	}
}

func (pn *pipeNet) Close() error {
	pn.once.Do(func() { close(pn.closed) })
	return nil
}

func (pn *pipeNet) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 7350} }

func (pn *pipeNet) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case pn.conns <- server:
		return client, nil
	case <-pn.closed:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// client returns a Client for the pipe network, reading time from now.
func (pn *pipeNet) client(t *testing.T, now func() time.Time) *Client {
	t.Helper()
	tr := &http.Transport{DialContext: pn.dial}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := NewClient("http://127.0.0.1:7350", "defaultkey",
		WithHTTPClient(&http.Client{Transport: tr}),
		WithDialer(&websocket.Dialer{NetDialContext: pn.dial}),
		WithClock(now),
		WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fakeNakama reproduces the REST facts of docs/nakama-protocol.md and hands
// sockets to a test-provided script.
type fakeNakama struct {
	t             *testing.T
	now           func() time.Time
	expiry        time.Duration
	refreshExpiry time.Duration
	noRefresh     bool // sessions come without a refresh token
	key           []byte

	mu       sync.Mutex
	users    map[string]string // device id or email -> user id
	password map[string]string
	revoked  map[string]bool
	calls    map[string]int
	minted   int
	requests []*recorded
	ws       func(conn *websocket.Conn, token string)
}

type recorded struct {
	method, path, query, auth, body string
}

func newFakeNakama(t *testing.T, now func() time.Time) *fakeNakama {
	return &fakeNakama{
		t: t, now: now, expiry: 60 * time.Second, refreshExpiry: time.Hour, key: []byte("test-secret"),
		users: map[string]string{}, password: map[string]string{}, revoked: map[string]bool{}, calls: map[string]int{},
	}
}

func (f *fakeNakama) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

func (f *fakeNakama) last(path string) *recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.requests) - 1; i >= 0; i-- {
		if f.requests[i].path == path {
			return f.requests[i]
		}
	}
	return nil
}

// mint issues a token the way Nakama does: HS256, claims tid/uid/usn/exp/iat.
func (f *fakeNakama) mint(uid, tid string, life time.Duration) string {
	now := f.now()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"tid": tid, "uid": uid, "usn": "user-" + uid[:4], "iat": now.Unix(), "exp": now.Add(life).Unix(),
	})
	s, err := tok.SignedString(f.key)
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// verify checks a token's signature and expiry on the server's clock.
func (f *fakeNakama) verify(raw string) (jwt.MapClaims, bool) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return f.key, nil },
		jwt.WithTimeFunc(f.now))
	f.mu.Lock()
	defer f.mu.Unlock()
	return claims, err == nil && !f.revoked[raw]
}

func writeErr(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"code":%d,"message":%q}`, code, msg)
}

func (f *fakeNakama) session(w http.ResponseWriter, uid string, created bool) {
	f.mu.Lock()
	f.minted++
	tid := fmt.Sprintf("tid-%d", f.minted)
	f.mu.Unlock()
	as := &api.Session{Created: created, Token: f.mint(uid, tid, f.expiry)}
	if !f.noRefresh {
		as.RefreshToken = f.mint(uid, tid, f.refreshExpiry)
	}
	b, _ := marshalOpts.Marshal(as)
	w.Write(b)
}

func (f *fakeNakama) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.calls[r.URL.Path]++
	f.requests = append(f.requests, &recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Authorization"), string(body)})
	f.mu.Unlock()

	basic := func() bool {
		if u, p, ok := r.BasicAuth(); !ok || u != "defaultkey" || p != "" {
			writeErr(w, 401, 16, "Server key invalid")
			return false
		}
		return true
	}
	bearer := func() (jwt.MapClaims, bool) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			writeErr(w, 401, 16, "Auth token required")
			return nil, false
		}
		c, valid := f.verify(tok)
		if !valid {
			writeErr(w, 401, 16, "Auth token invalid")
			return nil, false
		}
		return c, true
	}
	switch {
	case r.URL.Path == "/v2/account/authenticate/device" || r.URL.Path == "/v2/account/authenticate/email":
		if !basic() {
			return
		}
		var key, pw string
		if strings.HasSuffix(r.URL.Path, "device") {
			var d api.AccountDevice
			if err := unmarshalOpts.Unmarshal(body, &d); err != nil || len(d.Id) < 10 {
				writeErr(w, 400, 3, "Device ID invalid, must be 10-128 bytes.")
				return
			}
			key = d.Id
		} else {
			var e api.AccountEmail
			if err := unmarshalOpts.Unmarshal(body, &e); err != nil {
				writeErr(w, 400, 3, "Invalid email address format.")
				return
			}
			key, pw = e.Email, e.Password
		}
		f.mu.Lock()
		uid, ok := f.users[key]
		wrongPw := ok && f.password[key] != pw
		create := r.URL.Query().Get("create") != "false"
		username := r.URL.Query().Get("username")
		taken := false
		if !ok && username == "taken" {
			taken = true
		}
		if !ok && create && !taken {
			uid = fmt.Sprintf("%08x-0000-4000-8000-000000000000", len(f.users)+1)
			f.users[key], f.password[key] = uid, pw
		}
		f.mu.Unlock()
		switch {
		case wrongPw:
			writeErr(w, 401, 16, "Invalid credentials.")
		case taken:
			writeErr(w, 409, 6, "Username is already in use.")
		case !ok && !create:
			writeErr(w, 404, 5, "User account not found.")
		default:
			f.session(w, uid, !ok)
		}
	case r.URL.Path == "/v2/account/session/refresh":
		if !basic() {
			return
		}
		var req api.SessionRefreshRequest
		unmarshalOpts.Unmarshal(body, &req)
		c, ok := f.verify(req.Token)
		if !ok {
			writeErr(w, 401, 16, "Refresh token invalid or expired.")
			return
		}
		// A new session token; as on Nakama, the refresh token is not
		// rotated. (A fresh tid keeps tokens minted within one second
		// distinct, which the revocation tests rely on.)
		f.mu.Lock()
		f.minted++
		tid := fmt.Sprintf("tid-%d", f.minted)
		f.mu.Unlock()
		as := &api.Session{Token: f.mint(c["uid"].(string), tid, f.expiry), RefreshToken: req.Token}
		b, _ := marshalOpts.Marshal(as)
		w.Write(b)
	case r.URL.Path == "/v2/session/logout":
		if _, ok := bearer(); !ok {
			return
		}
		var req api.SessionLogoutRequest
		unmarshalOpts.Unmarshal(body, &req)
		f.mu.Lock()
		f.revoked[req.Token], f.revoked[req.RefreshToken] = true, true
		f.mu.Unlock()
		w.Write([]byte("{}"))
	case r.URL.Path == "/v2/account":
		c, ok := bearer()
		if !ok {
			return
		}
		fmt.Fprintf(w, `{"user":{"id":%q,"username":%q,"lang_tag":"en","metadata":"{}","create_time":"2026-11-24T01:00:00Z","update_time":"2026-11-24T01:00:00Z","future_field":1},"wallet":"{}","devices":[{"id":"device-0001"}]}`,
			c["uid"], c["usn"])
	case strings.HasPrefix(r.URL.Path, "/v2/leaderboard/"):
		c, ok := bearer()
		if !ok {
			return
		}
		id := strings.TrimPrefix(r.URL.Path, "/v2/leaderboard/")
		if id != "fish_game_wins" {
			writeErr(w, 404, 5, "Leaderboard not found.")
			return
		}
		if r.Method == "POST" {
			fmt.Fprintf(w, `{"leaderboard_id":"fish_game_wins","owner_id":%q,"username":%q,"score":"2","num_score":2,"metadata":"{}","create_time":"2026-11-24T01:00:00Z","update_time":"2026-11-24T01:00:00Z","max_num_score":1000000}`, c["uid"], c["usn"])
			return
		}
		fmt.Fprintf(w, `{"records":[{"leaderboard_id":"fish_game_wins","owner_id":%q,"username":%q,"score":"2","num_score":2,"metadata":"{}","rank":"1","max_num_score":1000000}],"next_cursor":"abc"}`, c["uid"], c["usn"])
	case strings.HasPrefix(r.URL.Path, "/v2/rpc/"):
		if _, ok := bearer(); !ok {
			return
		}
		var payload string
		if err := json.Unmarshal(body, &payload); err != nil {
			writeErr(w, 400, 3, "Unable to unmarshal payload")
			return
		}
		b, _ := json.Marshal(map[string]string{"payload": "echo:" + payload})
		w.Write(b)
	case r.URL.Path == "/ws":
		q := r.URL.Query()
		c, ok := f.verify(q.Get("token"))
		if !ok || q.Get("format") != "json" {
			http.Error(w, "Missing or invalid token", 401)
			return
		}
		_ = c
		conn, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		if f.ws != nil {
			f.ws(conn, q.Get("token"))
		}
	default:
		writeErr(w, 404, 5, "Not found")
	}
}

// readEnv reads one envelope from the client, strictly as Nakama does.
func readEnv(t *testing.T, conn *websocket.Conn) (*rtapi.Envelope, error) {
	_, data, err := conn.ReadMessage()
	if err != nil {
		return nil, err
	}
	env := new(rtapi.Envelope)
	if err := (protojsonStrict).Unmarshal(data, env); err != nil {
		t.Errorf("client sent %s: %v", data, err)
		return nil, err
	}
	return env, nil
}

// writeEnv sends a JSON envelope to the client.
func writeEnv(conn *websocket.Conn, env *rtapi.Envelope) error {
	b, err := marshalOpts.Marshal(env)
	if err != nil {
		return err
	}
	return conn.WriteMessage(websocket.TextMessage, b)
}

var protojsonStrict = protojson.UnmarshalOptions{}
