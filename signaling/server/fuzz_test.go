package server

import (
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
