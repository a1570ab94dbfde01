package server

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/websocket"
)

func TestSocketConnect(t *testing.T) {
	ts := newTestServer(t)
	token, refresh := ts.authDevice(t, "device-ws-1", "walt")
	tests := []struct {
		name     string
		query    string
		header   http.Header
		wantCode int
	}{
		{"query token", "lang=en&status=false&format=json&token=" + token, nil, 101},
		{"bearer header", "format=json", http.Header{"Authorization": {"Bearer " + token}}, 101},
		{"no format", "token=" + token, nil, 101},
		{"bad token", "format=json&token=garbage", nil, 401},
		{"refresh token", "format=json&token=" + refresh, nil, 401},
		{"no token", "format=json", nil, 401},
		{"xml", "format=xml&token=" + token, nil, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, resp, err := ts.dial(t, tt.query, tt.header)
			if resp == nil {
				t.Fatalf("dial: %v", err)
			}
			if resp.StatusCode != tt.wantCode {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantCode)
			}
			if got := respText(resp); tt.wantCode == 401 && got != "Missing or invalid token" {
				t.Errorf("401 body = %q, want Missing or invalid token", got)
			}
		})
	}
}

// respText returns the trimmed body of a refused handshake.
func respText(resp *http.Response) string {
	b, _ := io.ReadAll(resp.Body)
	return strings.TrimSpace(string(b))
}

func TestSocketStatusOnConnectAndPing(t *testing.T) {
	ts := newTestServer(t)
	token, _ := ts.authDevice(t, "device-ws-2", "wilma")
	c, _, err := ts.dial(t, "lang=en&status=true&format=json&token="+token, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantShape(t, "status on connect", c.next(),
		`{"status_presence_event":{"joins":[{"user_id":"<uuid>","session_id":"<uuid>","username":"wilma","status":""}]}}`)
	wantShape(t, "pong", c.request("p1", `{"cid":"p1","ping":{}}`), `{"cid":"p1","pong":{}}`)
	c.send(`{"ping":{}}`)
	wantShape(t, "pong without cid", c.next(), `{"pong":{}}`)
}

// joinPair creates a match with a and joins b; it returns the match id after
// both have seen every presence event.
func joinPair(t *testing.T, a, b *wsClient) string {
	t.Helper()
	m := a.request("m1", `{"cid":"m1","match_create":{}}`)
	id := m["match"].(map[string]any)["match_id"].(string)
	a.nextOf("match_presence_event") // own join
	b.request("j1", `{"cid":"j1","match_join":{"match_id":"`+id+`"}}`)
	a.nextOf("match_presence_event")
	b.nextOf("match_presence_event") // own join
	return id
}

func TestMatchCreateJoinLeave(t *testing.T) {
	ts := newTestServer(t)
	a, b := ts.connect(t, "device-match-a"), ts.connect(t, "device-match-b")
	created := a.request("m1", `{"cid":"m1","match_create":{}}`)
	wantShape(t, "create", created, `{"cid":"m1","match":{"match_id":"<uuid>.","size":1,
		"self":{"user_id":"<uuid>","session_id":"<uuid>","username":"`+created["match"].(map[string]any)["self"].(map[string]any)["username"].(string)+`"}}}`)
	id := created["match"].(map[string]any)["match_id"].(string)
	wantShape(t, "own join event", a.nextOf("match_presence_event"),
		`{"match_presence_event":{"match_id":"<uuid>.","joins":[{"user_id":"<uuid>","session_id":"<uuid>","username":"`+
			created["match"].(map[string]any)["self"].(map[string]any)["username"].(string)+`"}]}}`)
	nameA, nameB := a.username(t), b.username(t)
	joined := b.request("j1", `{"cid":"j1","match_join":{"match_id":"`+id+`","metadata":{"k":"v"}}}`)
	wantShape(t, "join", joined, `{"cid":"j1","match":{"match_id":"<uuid>.","size":1,
		"presences":[{"user_id":"<uuid>","session_id":"<uuid>","username":"`+nameA+`"}],
		"self":{"user_id":"<uuid>","session_id":"<uuid>","username":"`+nameB+`"}}}`)
	if jm := joined["match"].(map[string]any); jm["match_id"] != id {
		t.Errorf("join reply match_id = %v, want %v", jm["match_id"], id)
	}
	ev := a.nextOf("match_presence_event")
	wantShape(t, "join event", ev, `{"match_presence_event":{"match_id":"<uuid>.",
		"joins":[{"user_id":"<uuid>","session_id":"<uuid>","username":"`+nameB+`"}]}}`)
	b.nextOf("match_presence_event") // b sees its own join too

	cases := []struct{ name, msg, want string }{
		{"missing match", `{"cid":"e1","match_join":{"match_id":"` + uuid.NewString() + `."}}`, `{"cid":"e1","error":{"code":4,"message":"Match not found"}}`},
		{"invalid id", `{"cid":"e2","match_join":{"match_id":"not-a-match"}}`, `{"cid":"e2","error":{"code":3,"message":"Invalid match ID"}}`},
		{"authoritative id", `{"cid":"e3","match_join":{"match_id":"` + uuid.NewString() + `.node1"}}`, `{"cid":"e3","error":{"code":4,"message":"Match not found"}}`},
		{"bad token", `{"cid":"e4","match_join":{"token":"garbage"}}`, `{"cid":"e4","error":{"code":3,"message":"Invalid match token"}}`},
		{"nothing", `{"cid":"e5","match_join":{}}`, `{"cid":"e5","error":{"code":3,"message":"No match ID or token found"}}`},
	}
	for _, c := range cases {
		wantShape(t, c.name, b.request(strings.Split(c.msg, `"`)[3], c.msg), c.want)
	}

	wantShape(t, "leave", b.request("l1", `{"cid":"l1","match_leave":{"match_id":"`+id+`"}}`), `{"cid":"l1"}`)
	wantShape(t, "leave event", a.nextOf("match_presence_event"), `{"match_presence_event":{"match_id":"<uuid>.",
		"leaves":[{"user_id":"<uuid>","session_id":"<uuid>","username":"`+nameB+`"}]}}`)
}

func TestNamedMatch(t *testing.T) {
	ts := newTestServer(t)
	a, b := ts.connect(t, "device-named-a"), ts.connect(t, "device-named-b")
	ma := a.request("m1", `{"cid":"m1","match_create":{"name":"room-x"}}`)["match"].(map[string]any)
	mb := b.request("m1", `{"cid":"m1","match_create":{"name":"room-x"}}`)["match"].(map[string]any)
	want := uuid.NewSHA1(uuid.NameSpaceDNS, []byte("room-x")).String() + "."
	if ma["match_id"] != want || mb["match_id"] != want {
		t.Errorf("named match ids = %v, %v, want %v", ma["match_id"], mb["match_id"], want)
	}
	if len(mb["presences"].([]any)) != 1 {
		t.Errorf("second creator sees presences %v, want the first", mb["presences"])
	}
}

func TestMatchDataRelay(t *testing.T) {
	ts := newTestServer(t)
	a, b, c := ts.connect(t, "device-relay-a"), ts.connect(t, "device-relay-b"), ts.connect(t, "device-relay-c")
	outsider := ts.connect(t, "device-relay-x")
	id := joinPair(t, a, b)
	c.request("j1", `{"cid":"j1","match_join":{"match_id":"`+id+`"}}`)
	c.nextOf("match_presence_event")
	a.nextOf("match_presence_event")
	b.nextOf("match_presence_event")
	selfB := b.request("j2", `{"cid":"j2","match_join":{"match_id":"`+id+`"}}`)["match"].(map[string]any)["self"].(map[string]any)

	// Read a's username first: its request would skip (and so hide) an ack
	// of the cid below.
	nameA := a.username(t)
	data := base64.StdEncoding.EncodeToString([]byte("hello"))
	a.send(`{"cid":"ignored","match_data_send":{"match_id":"` + id + `","op_code":"7","data":"` + data + `","reliable":true}}`)
	for _, r := range []*wsClient{b, c} {
		wantShape(t, "match_data", r.nextOf("match_data"), `{"match_data":{"match_id":"<uuid>.","presence":
			{"user_id":"<uuid>","session_id":"<uuid>","username":"`+nameA+`"},"op_code":"7","data":"`+data+`","reliable":true}}`)
	}
	// Targeted at b only, empty data: c must not get it; data is omitted.
	a.send(`{"match_data_send":{"match_id":"` + id + `","op_code":2,"presences":[{"user_id":"` + selfB["user_id"].(string) +
		`","session_id":"` + selfB["session_id"].(string) + `"}]}}`)
	wantShape(t, "targeted", b.nextOf("match_data"), `{"match_data":{"match_id":"<uuid>.","presence":
		{"user_id":"<uuid>","session_id":"<uuid>","username":"`+nameA+`"},"op_code":"2"}}`)
	// An outsider's data reaches nobody; then a marker from a proves order.
	outsider.send(`{"match_data_send":{"match_id":"` + id + `","op_code":"9","data":"` + data + `"}}`)
	a.send(`{"match_data_send":{"match_id":"` + id + `","op_code":"3"}}`)
	for _, r := range []*wsClient{b, c} {
		if got := r.nextOf("match_data")["match_data"].(map[string]any)["op_code"]; got != "3" {
			t.Errorf("next match_data op_code = %v, want the marker 3 (outsider data leaked or targeted data misrouted)", got)
		}
	}
	// The sender never gets its own data; ping proves nothing else was queued.
	a.send(`{"cid":"p","ping":{}}`)
	if m := a.next(); m["pong"] == nil {
		t.Errorf("a got %v, want only the pong", m)
	}
	// An invalid match id gets an error without cid.
	a.send(`{"cid":"x","match_data_send":{"match_id":"bogus","op_code":"1"}}`)
	wantShape(t, "invalid match id", a.next(), `{"error":{"code":3,"message":"Invalid match ID"}}`)

	// Disconnecting counts as a leave.
	c.conn.Close()
	ev := a.nextOf("match_presence_event")["match_presence_event"].(map[string]any)
	if ev["leaves"] == nil {
		t.Errorf("disconnect event = %v, want a leave", ev)
	}
}

// username returns the username of the socket's user via a match_create.
func (c *wsClient) username(t *testing.T) string {
	t.Helper()
	if c.name != "" {
		return c.name
	}
	m := c.request("u", `{"cid":"u","match_create":{}}`)["match"].(map[string]any)
	c.name = m["self"].(map[string]any)["username"].(string)
	id := m["match_id"].(string)
	c.request("ul", `{"cid":"ul","match_leave":{"match_id":"`+id+`"}}`)
	return c.name
}

func TestFatalCloses(t *testing.T) {
	ts := newTestServer(t)
	tests := []struct {
		name     string
		frame    string
		binary   bool
		wantCode int
		reason   string
	}{
		{"garbage", `{"match_create":`, false, 1000, reasonMalformed},
		{"not json", `hello`, false, 1000, reasonMalformed},
		{"unknown field", `{"cid":"1","match_create":{},"bogus":1}`, false, 1000, reasonMalformed},
		{"unknown inner field", `{"match_create":{"bogus":1}}`, false, 1000, reasonMalformed},
		{"bad base64", `{"match_data_send":{"match_id":"x.","op_code":"1","data":"!!!"}}`, false, 1000, reasonMalformed},
		{"non-numeric op code", `{"match_data_send":{"match_id":"x.","op_code":"abc"}}`, false, 1000, reasonMalformed},
		{"cid only", `{"cid":"1"}`, false, 1000, reasonProcessing},
		{"empty object", `{}`, false, 1000, reasonProcessing},
		{"binary frame", `{"ping":{}}`, true, 1000, reasonMessageType},
		{"too big", `{"cid":"` + strings.Repeat("x", 5000) + `","ping":{}}`, false, 1009, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ts.connect(t, "device-fatal-"+strings.ReplaceAll(tt.name, " ", "-"))
			typ := websocket.TextMessage
			if tt.binary {
				typ = websocket.BinaryMessage
			}
			if err := c.conn.WriteMessage(typ, []byte(tt.frame)); err != nil {
				t.Fatal(err)
			}
			ce := c.closeOf()
			if ce.Code != tt.wantCode || ce.Text != tt.reason {
				t.Errorf("close = %d %q, want %d %q", ce.Code, ce.Text, tt.wantCode, tt.reason)
			}
		})
	}
}

// TestFrameSizeLimit checks Nakama's default inbound limit at its boundary:
// a 4096-byte frame is served, a 4097-byte one closes the socket with 1009.
func TestFrameSizeLimit(t *testing.T) {
	ts := newTestServer(t)
	c := ts.connect(t, "device-frame-limit")
	frame := func(n int) (string, string) {
		cid := strings.Repeat("x", n-len(`{"cid":"","ping":{}}`))
		return cid, `{"cid":"` + cid + `","ping":{}}`
	}
	cid, f := frame(DefaultMaxMessageSize)
	if len(f) != DefaultMaxMessageSize {
		t.Fatalf("frame of %d bytes, want %d", len(f), DefaultMaxMessageSize)
	}
	if m := c.request(cid, f); m["pong"] == nil {
		t.Errorf("%d-byte ping = %v, want a pong", len(f), m)
	}
	_, f = frame(DefaultMaxMessageSize + 1)
	c.send(f)
	if ce := c.closeOf(); ce.Code != websocket.CloseMessageTooBig {
		t.Errorf("%d-byte frame: close %d %q, want 1009", len(f), ce.Code, ce.Text)
	}
}

func TestUnrecognizedMessage(t *testing.T) {
	ts := newTestServer(t)
	c := ts.connect(t, "device-unrec-1")
	c.send(`{"cid":"u1","channel_join":{"target":"room","type":1}}`)
	wantShape(t, "unrecognized", c.next(), `{"cid":"u1","error":{"code":1,"message":"Unrecognized message."}}`)
	c.conn.SetReadDeadline(timeNowPlus())
	_, _, err := c.conn.ReadMessage()
	var ce *websocket.CloseError
	if !asCloseError(err, &ce) || ce.Code != 1000 || ce.Text != reasonProcessing {
		t.Errorf("after unrecognized message: %v, want close 1000 %q", err, reasonProcessing)
	}
}

func TestRateLimit(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MessageRate, c.MessageBurst = 1, 5 })
	c := ts.connect(t, "device-rate-1")
	for range 20 {
		if c.conn.WriteMessage(websocket.TextMessage, []byte(`{"match_data_send":{"match_id":"`+uuid.NewString()+`.","op_code":"1"}}`)) != nil {
			break
		}
	}
	if ce := c.closeOf(); ce.Code != websocket.ClosePolicyViolation || ce.Text != reasonRateLimit {
		t.Errorf("flood close = %d %q", ce.Code, ce.Text)
	}
}

func TestSocketRPC(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.ICE.ExtraSTUN = []string{"stun:stun.example.org:3478"} })
	c := ts.connect(t, "device-rpc-ws")
	wantShape(t, "rpc", c.request("r1", `{"cid":"r1","rpc":{"id":"ice_servers","payload":"{}"}}`),
		`{"cid":"r1","rpc":{"id":"ice_servers","payload":"{\"ice_servers\":[{\"urls\":[\"stun:stun.example.org:3478\"]}]}"}}`)
	wantShape(t, "unknown rpc", c.request("r2", `{"cid":"r2","rpc":{"id":"nope"}}`),
		`{"cid":"r2","error":{"code":6,"message":"RPC function not found"}}`)
}

func TestServerPings(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.PingPeriod, c.PongWait = 10*time.Millisecond, time.Minute })
	c := ts.connect(t, "device-pings-1")
	pinged := make(chan struct{}, 1)
	c.conn.SetPingHandler(func(string) error {
		select {
		case pinged <- struct{}{}:
		default:
		}
		return nil
	})
	go c.conn.ReadMessage() // control frames are handled while reading
	select {
	case <-pinged:
	case <-time.After(testTimeout):
		t.Fatal("no WebSocket ping from the server")
	}
}

func TestSlowReaderIsDroppedOthersUnaffected(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.SendQueue, c.MessageRate, c.MessageBurst = 8, 1e6, 1e6 })
	sender, slow, fast := ts.connect(t, "device-slow-sender"), ts.connect(t, "device-slow-reader"), ts.connect(t, "device-slow-fast")
	id := joinPair(t, sender, slow)
	fast.request("j", `{"cid":"j","match_join":{"match_id":"`+id+`"}}`)
	fast.nextOf("match_presence_event")
	sender.nextOf("match_presence_event")
	slow.nextOf("match_presence_event")
	self := slow.request("again", `{"cid":"again","match_join":{"match_id":"`+id+`"}}`)["match"].(map[string]any)["self"].(map[string]any)
	// slow never reads again. The sender floods it alone until its socket
	// buffers and queue overflow and the server drops it.
	payload := base64.StdEncoding.EncodeToString(make([]byte, 2500))
	msg := []byte(`{"match_data_send":{"match_id":"` + id + `","op_code":"1","data":"` + payload + `","presences":[{"user_id":"` +
		self["user_id"].(string) + `","session_id":"` + self["session_id"].(string) + `"}]}}`)
	stop := make(chan struct{})
	flooded := make(chan struct{})
	go func() {
		defer close(flooded)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if sender.conn.WriteMessage(websocket.TextMessage, msg) != nil {
				return
			}
		}
	}()
	ev := fast.nextOf("match_presence_event")["match_presence_event"].(map[string]any)
	close(stop)
	<-flooded
	if ev["leaves"] == nil {
		t.Fatalf("fast got %v, want slow's leave", ev)
	}
	// The others still relay to each other.
	sender.send(`{"match_data_send":{"match_id":"` + id + `","op_code":"2","data":"AAEC"}}`)
	if got := fast.nextOf("match_data")["match_data"].(map[string]any)["op_code"]; got != "2" {
		t.Errorf("relay after dropping the slow reader: op_code %v", got)
	}
}

func TestSilentSocketTimesOut(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.PingPeriod, c.PongWait = 10*time.Millisecond, 100*time.Millisecond })
	a, silent := ts.connect(t, "device-timeout-a"), ts.connect(t, "device-timeout-b")
	joinPair(t, a, silent)
	// silent stops reading, so it answers no pings; a keeps reading (and
	// so answers pings) and must see silent leave.
	ev := a.nextOf("match_presence_event")["match_presence_event"].(map[string]any)
	if ev["leaves"] == nil {
		t.Errorf("got %v, want the silent socket's leave", ev)
	}
}
