package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/heroiclabs/nakama-common/api"
	"github.com/heroiclabs/nakama-common/rtapi"
	"golang.org/x/time/rate"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// newFakeSession returns a registered session without a connection: its
// outbound frames stay in its outbox (see drain).
func newFakeSession(srv *Server, username string) *session {
	sid := uuid.New()
	c := &session{
		srv:      srv,
		sid:      sid,
		id:       sid.String(),
		userID:   uuid.NewString(),
		username: username,
		limiter:  rate.NewLimiter(rate.Inf, 1),
		closeReq: make(chan closeRequest, 1),
		done:     make(chan struct{}),
		matches:  make(map[uuid.UUID]*match),
	}
	c.out.notify = make(chan struct{}, 1)
	c.out.limit = 1 << 20
	c.presence = appendPresence(nil, c.userID, c.id, c.username)
	srv.hub.register(c)
	return c
}

// drain empties a fake session's outbox and returns how many frames it held.
func (c *session) drain() int {
	q := c.out.take()
	n := len(q)
	c.out.done(q)
	return n
}

// envelopeSeeds are encoder outputs for every message kind the server handles.
func envelopeSeeds(t testing.TB) [][]byte {
	id := uuid.NewString() + "."
	envs := []*rtapi.Envelope{
		{Cid: "1", Message: &rtapi.Envelope_Ping{Ping: &rtapi.Ping{}}},
		{Message: &rtapi.Envelope_Pong{Pong: &rtapi.Pong{}}},
		{Cid: "2", Message: &rtapi.Envelope_MatchCreate{MatchCreate: &rtapi.MatchCreate{Name: "room"}}},
		{Cid: "3", Message: &rtapi.Envelope_MatchJoin{MatchJoin: &rtapi.MatchJoin{Id: &rtapi.MatchJoin_MatchId{MatchId: id}, Metadata: map[string]string{"k": "v"}}}},
		{Cid: "4", Message: &rtapi.Envelope_MatchJoin{MatchJoin: &rtapi.MatchJoin{Id: &rtapi.MatchJoin_Token{Token: "a.b.c"}}}},
		{Cid: "5", Message: &rtapi.Envelope_MatchLeave{MatchLeave: &rtapi.MatchLeave{MatchId: id}}},
		{Message: &rtapi.Envelope_MatchDataSend{MatchDataSend: &rtapi.MatchDataSend{MatchId: id, OpCode: 3, Data: []byte{0, 1, 2}, Reliable: true,
			Presences: []*rtapi.UserPresence{{UserId: uuid.NewString(), SessionId: uuid.NewString()}}}}},
		{Cid: "6", Message: &rtapi.Envelope_MatchmakerAdd{MatchmakerAdd: &rtapi.MatchmakerAdd{MinCount: 2, MaxCount: 4, Query: "+properties.region:eu properties.rank:>=3",
			StringProperties: map[string]string{"region": "eu"}, NumericProperties: map[string]float64{"rank": 4}, CountMultiple: wrapperspb.Int32(2)}}},
		{Cid: "7", Message: &rtapi.Envelope_MatchmakerRemove{MatchmakerRemove: &rtapi.MatchmakerRemove{Ticket: uuid.NewString()}}},
		{Cid: "8", Message: &rtapi.Envelope_StatusFollow{StatusFollow: &rtapi.StatusFollow{UserIds: []string{uuid.NewString()}, Usernames: []string{"bob"}}}},
		{Cid: "9", Message: &rtapi.Envelope_StatusUnfollow{StatusUnfollow: &rtapi.StatusUnfollow{UserIds: []string{uuid.NewString()}}}},
		{Cid: "10", Message: &rtapi.Envelope_StatusUpdate{StatusUpdate: &rtapi.StatusUpdate{Status: wrapperspb.String("x")}}},
		{Cid: "11", Message: &rtapi.Envelope_StatusUpdate{StatusUpdate: &rtapi.StatusUpdate{}}},
		{Cid: "12", Message: &rtapi.Envelope_Rpc{Rpc: &api.Rpc{Id: "ice_servers", Payload: "{}"}}},
		{Cid: "13", Message: &rtapi.Envelope_ChannelJoin{ChannelJoin: &rtapi.ChannelJoin{Target: "x", Type: 1}}},
		{Cid: "14"},
	}
	var out [][]byte
	for _, e := range envs {
		b, err := marshalOpts.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	for _, c := range fastPathCases {
		out = append(out, []byte(c.frame))
	}
	return out
}

// FuzzEnvelope feeds arbitrary frames to the socket pipeline: the fast path
// must agree with protojson, nothing may panic, and handle must report
// failure exactly when the session failed.
func FuzzEnvelope(f *testing.F) {
	for _, s := range envelopeSeeds(f) {
		f.Add(s)
	}
	ts := newTestServer(f)
	peer := newFakeSession(ts.Server, "peer")
	f.Fuzz(func(t *testing.T, frame []byte) {
		checkFastPath(t, frame)
		c := newFakeSession(ts.Server, "fuzz")
		// Put c in a match with a peer so relays have a receiver.
		m := c.srv.hub
		id := uuid.NewSHA1(uuid.NameSpaceDNS, []byte("fuzz"))
		m.join(peer, id, true, func(*match, []*session, bool) {})
		m.join(c, id, true, func(*match, []*session, bool) {})
		ok := c.handle(frame)
		if ok == c.failed.Load() {
			t.Fatalf("handle(%q) = %v, but failed = %v", frame, ok, c.failed.Load())
		}
		m.unregister(c)
		c.drain()
		peer.drain()
	})
}

// restRoutes are the endpoints FuzzREST drives; {id} takes the fuzzed id.
var restRoutes = []struct{ method, path string }{
	{"POST", "/v2/account/authenticate/device"},
	{"POST", "/v2/account/authenticate/email"},
	{"POST", "/v2/account/session/refresh"},
	{"POST", "/v2/session/logout"},
	{"GET", "/v2/account"},
	{"POST", "/v2/leaderboard/{id}"},
	{"GET", "/v2/leaderboard/{id}"},
	{"POST", "/v2/rpc/{id}"},
	{"GET", "/v2/rpc/{id}"},
	{"GET", "/healthcheck"},
	{"GET", "/v2/{id}"},
}

// FuzzREST sends arbitrary bodies, queries, path ids and Authorization
// headers to every REST endpoint: nothing may panic, and every answer is a
// JSON object, {"code":<number>,"message":<string>} for errors.
func FuzzREST(f *testing.F) {
	ts := newTestServer(f)
	token, refresh := ts.authDevice(f, "device-fuzz-rest", "fuzzer")
	// auth selects the header: none, the server key, a valid session, or
	// the fuzzed text as Basic, as Bearer or raw.
	header := func(auth uint8, text string) string {
		switch auth % 6 {
		case 1:
			return basic(DefaultServerKey)
		case 2:
			return bearer(token)
		case 3:
			return "Basic " + text
		case 4:
			return "Bearer " + text
		case 5:
			return text
		}
		return ""
	}
	for _, s := range []struct {
		route, auth         uint8
		id, query, text, in string
	}{
		{0, 1, "", "create=true&username=fuzzer2", "", `{"id":"device-fuzz-0001"}`},
		{0, 1, "", "create=false", "", `{"id":"device-fuzz-0001","vars":{"k":"v"},"bogus":1}`},
		{1, 1, "", "create=true", "", `{"email":"fuzz@example.com","password":"password123"}`},
		{1, 3, "", "", "ZGVmYXVsdGtleTo=", `{"email":"fuzz@example.com","password":"wrong-password"}`},
		{2, 1, "", "", "", `{"token":"` + refresh + `","vars":{}}`},
		{3, 4, "", "", "x.y.z", `{"token":"x","refresh_token":"y"}`},
		{4, 2, "", "", "", ""},
		{5, 2, WinsLeaderboard, "", "", `{"score":"1","subscore":"2","metadata":"{\"a\":1}","operator":"SET"}`},
		{5, 2, WinsLeaderboard, "", "", `{"score":"nan"}`},
		{6, 2, WinsLeaderboard, "limit=10&owner_ids=" + uuid.NewString(), "", ""},
		{6, 2, WinsLeaderboard, "limit=1&cursor=" + encodeCursor(1), "", ""},
		{6, 2, "nope", "cursor=%%%", "", ""},
		{7, 2, ICEServersRPC, "", "", `"{}"`},
		{7, 0, ICEServersRPC, "http_key=defaulthttpkey&unwrap", "", `{"raw":true}`},
		{8, 0, ICEServersRPC, "http_key=defaulthttpkey&payload=x", "", ""},
		{9, 0, "", "", "", ""},
		{10, 5, "nowhere", "", "\x00", "\xff"},
	} {
		f.Add(s.route, s.auth, s.id, s.query, s.text, []byte(s.in))
	}
	h := ts.Handler()
	f.Fuzz(func(t *testing.T, route, auth uint8, id, query, text string, body []byte) {
		r := restRoutes[int(route)%len(restRoutes)]
		req := httptest.NewRequest(r.method, strings.ReplaceAll(r.path, "{id}", url.PathEscape(id)), bytes.NewReader(body))
		req.URL.RawQuery = query
		if a := header(auth, text); a != "" {
			req.Header.Set("Authorization", a)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code/100 == 3 && rec.Header().Get("Location") != "" {
			return // ServeMux cleaning a path like /v2/leaderboard/.
		}
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %s?%s: %d %q is not a JSON object: %v", r.method, req.URL.Path, query, rec.Code, rec.Body, err)
		}
		if rec.Code == http.StatusOK {
			return
		}
		if _, ok := out["code"].(float64); !ok {
			t.Errorf("%s %s: error %d %v has no numeric code", r.method, req.URL.Path, rec.Code, out)
		}
		if _, ok := out["message"].(string); !ok {
			t.Errorf("%s %s: error %d %v has no message", r.method, req.URL.Path, rec.Code, out)
		}
	})
}
