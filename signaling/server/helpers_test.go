package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/crypto/bcrypt"
)

// testTimeout bounds every wait for a server reply in tests.
const testTimeout = 10 * time.Second

type testServer struct {
	*Server
	http *httptest.Server
	url  string
}

// newTestServer starts a server on a fresh data directory with minimum
// bcrypt cost, a short fatal-close delay and no automatic matchmaker ticks.
func newTestServer(t testing.TB, mutate ...func(*Config)) *testServer {
	t.Helper()
	cfg := Config{
		DataDir:            t.TempDir(),
		BcryptCost:         bcrypt.MinCost,
		CloseDelay:         time.Millisecond,
		MatchmakerInterval: time.Hour,
		Logger:             slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for _, m := range mutate {
		m(&cfg)
	}
	return startTestServer(t, cfg)
}

func startTestServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New() = %v", err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Close()
		hs.Close()
	})
	return &testServer{Server: s, http: hs, url: hs.URL}
}

// do sends a REST request and returns the status and decoded JSON body.
func (ts *testServer) do(t testing.TB, method, path, auth, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s %s: body %q is not a JSON object: %v", method, path, b, err)
	}
	return resp.StatusCode, out
}

func basic(key string) string    { return "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":")) }
func bearer(token string) string { return "Bearer " + token }

// authDevice authenticates (creating) a device user and returns its tokens.
func (ts *testServer) authDevice(t testing.TB, device, username string) (token, refresh string) {
	t.Helper()
	path := "/v2/account/authenticate/device?create=true"
	if username != "" {
		path += "&username=" + username
	}
	code, body := ts.do(t, "POST", path, basic("defaultkey"), `{"id":"`+device+`"}`)
	if code != 200 {
		t.Fatalf("authenticate %s = %d %v", device, code, body)
	}
	return body["token"].(string), body["refresh_token"].(string)
}

// claims decodes a JWT's claims without verifying it.
func claims(t testing.TB, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWT", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// wsClient is a raw realtime socket.
type wsClient struct {
	t    testing.TB
	conn *websocket.Conn
	name string // cached username
}

func timeNowPlus() time.Time { return time.Now().Add(testTimeout) }

func (ts *testServer) dial(t testing.TB, query string, header http.Header) (*wsClient, *http.Response, error) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(ts.url, "http") + "/ws?" + query
	conn, resp, err := websocket.DefaultDialer.Dial(u, header)
	if err != nil {
		return nil, resp, err
	}
	t.Cleanup(func() { conn.Close() })
	return &wsClient{t: t, conn: conn}, resp, nil
}

// connect opens a socket for a new device user (status=false).
func (ts *testServer) connect(t testing.TB, device string) *wsClient {
	t.Helper()
	token, _ := ts.authDevice(t, device, "")
	c, _, err := ts.dial(t, "lang=en&status=false&format=json&token="+token, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	return c
}

func (c *wsClient) send(msg string) {
	c.t.Helper()
	if err := c.conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		c.t.Fatalf("write %s: %v", msg, err)
	}
}

// next reads the next envelope.
func (c *wsClient) next() map[string]any {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(testTimeout))
	_, b, err := c.conn.ReadMessage()
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		c.t.Fatalf("envelope %q is not JSON: %v", b, err)
	}
	return m
}

// nextOf reads envelopes until one has the given message field, skipping others.
func (c *wsClient) nextOf(field string) map[string]any {
	c.t.Helper()
	for {
		m := c.next()
		if _, ok := m[field]; ok {
			return m
		}
	}
}

// request sends msg and returns the reply carrying cid, skipping other envelopes.
func (c *wsClient) request(cid, msg string) map[string]any {
	c.t.Helper()
	c.send(msg)
	for {
		m := c.next()
		if m["cid"] == cid {
			return m
		}
	}
}

// closeOf reads until the socket closes and returns the close error.
func (c *wsClient) closeOf() *websocket.CloseError {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(testTimeout))
	for {
		_, b, err := c.conn.ReadMessage()
		if err == nil {
			if bytes.Contains(b, []byte(`"error"`)) {
				c.t.Errorf("got envelope %s before a fatal close", b)
			}
			continue
		}
		var ce *websocket.CloseError
		if ok := asCloseError(err, &ce); !ok {
			c.t.Fatalf("socket ended with %v, want a close frame", err)
		}
		return ce
	}
}

func asCloseError(err error, target **websocket.CloseError) bool {
	ce, ok := err.(*websocket.CloseError)
	if ok {
		*target = ce
	}
	return ok
}

var (
	uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	jwtRe  = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)
	timeRe = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)

// normalize replaces ids, tokens and timestamps with placeholders ("<uuid>",
// "<uuid>." for match ids, "<jwt>", "<time>") so shapes compare exactly.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case string:
		switch {
		case uuidRe.MatchString(x):
			return "<uuid>"
		case strings.HasSuffix(x, ".") && uuidRe.MatchString(strings.TrimSuffix(x, ".")):
			return "<uuid>."
		case jwtRe.MatchString(x):
			return "<jwt>"
		case timeRe.MatchString(x):
			return "<time>"
		}
	}
	return v
}

// wantShape fails unless got, normalized, equals the JSON document want.
func wantShape(t testing.TB, what string, got any, want string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %s: %v", want, err)
	}
	if n := normalize(got); !reflect.DeepEqual(n, w) {
		gb, _ := json.Marshal(n)
		t.Errorf("%s = %s, want %s", what, gb, want)
	}
}
