package signaling_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heroiclabs/nakama-common/rtapi"
	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/signaling"
	"github.com/fishgame/fishgame/signaling/server"
)

// e2eWait bounds every wait for the server; tests never sleep.
const e2eWait = 10 * time.Second

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// e2e is an embedded server behind one loopback URL that survives restarts,
// with a clock shared by server and clients.
type e2e struct {
	t     *testing.T
	clock *clock
	cfg   server.Config
	cur   atomic.Pointer[server.Server]
	http  *httptest.Server
}

func newE2E(t *testing.T, mutate ...func(*server.Config)) *e2e {
	t.Helper()
	e := &e2e{t: t, clock: &clock{t: time.Now()}}
	e.cfg = server.Config{
		DataDir:            t.TempDir(),
		BcryptCost:         bcrypt.MinCost,
		MatchmakerInterval: 20 * time.Millisecond,
		CloseDelay:         time.Millisecond,
		Logger:             slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:                e.clockNow,
	}
	for _, m := range mutate {
		m(&e.cfg)
	}
	e.start()
	e.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.cur.Load().Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		e.cur.Load().Close()
		e.http.Close()
	})
	return e
}

func (e *e2e) clockNow() time.Time { return e.clock.Now() }

func (e *e2e) start() {
	e.t.Helper()
	srv, err := server.New(e.cfg)
	if err != nil {
		e.t.Fatalf("server.New = %v", err)
	}
	e.cur.Store(srv)
}

// restart closes the server (sockets, database) and opens the same data
// directory again behind the same URL.
func (e *e2e) restart() {
	e.t.Helper()
	if err := e.cur.Load().Close(); err != nil {
		e.t.Fatalf("Close = %v", err)
	}
	e.start()
}

func (e *e2e) client() *signaling.Client {
	e.t.Helper()
	c, err := signaling.NewClient(e.http.URL, "defaultkey",
		signaling.WithHTTPClient(e.http.Client()), signaling.WithClock(e.clock.Now),
		signaling.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// player is an authenticated user with an open socket.
type player struct {
	name string
	sess *signaling.Session
	sock *signaling.Socket
}

func (e *e2e) player(name string) *player {
	e.t.Helper()
	ctx := context.Background()
	sess, err := e.client().AuthenticateDevice(ctx, "device-"+name+"-0000", true, name)
	if err != nil {
		e.t.Fatalf("authenticate %s: %v", name, err)
	}
	sock, err := sess.Dial(ctx, signaling.SocketConfig{})
	if err != nil {
		e.t.Fatalf("dial %s: %v", name, err)
	}
	e.t.Cleanup(func() { sock.Close() })
	return &player{name: name, sess: sess, sock: sock}
}

// next returns the next event accepted by keep, failing after e2eWait.
func (p *player) next(t *testing.T, what string, keep func(*rtapi.Envelope) bool) *rtapi.Envelope {
	t.Helper()
	timeout := time.After(e2eWait)
	for {
		select {
		case env, ok := <-p.sock.Events():
			if !ok {
				t.Fatalf("%s: socket closed waiting for %s: %v", p.name, what, p.sock.Err())
			}
			if keep(env) {
				return env
			}
		case <-timeout:
			t.Fatalf("%s: no %s within %v", p.name, what, e2eWait)
		}
	}
}

func isData(env *rtapi.Envelope) bool { return env.GetMatchData() != nil }

func TestE2EAuthentication(t *testing.T) {
	e := newE2E(t)
	c := e.client()
	ctx := context.Background()
	bob, err := c.AuthenticateEmail(ctx, "bob@example.com", "password123", true, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if !bob.Created() || bob.Username() != "bob" || bob.UserID() == "" {
		t.Errorf("session created=%v username=%q id=%q, want a new account bob", bob.Created(), bob.Username(), bob.UserID())
	}
	a, err := bob.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.GetUser().GetId() != bob.UserID() || a.GetUser().GetUsername() != "bob" || a.GetEmail() != "bob@example.com" {
		t.Errorf("account = %v, want bob's", a)
	}
	again, err := c.AuthenticateEmail(ctx, "bob@example.com", "password123", false, "")
	if err != nil || again.Created() || again.UserID() != bob.UserID() {
		t.Errorf("login again = %v, %v; want the same account, not created", again, err)
	}

	tests := []struct {
		name  string
		login func() error
		want  error
	}{
		{"wrong password", func() error {
			_, err := c.AuthenticateEmail(ctx, "bob@example.com", "wrong-password", false, "")
			return err
		}, signaling.ErrInvalidCredentials},
		{"email in use", func() error {
			_, err := c.AuthenticateEmail(ctx, "bob@example.com", "other-password", true, "bobby")
			return err
		}, signaling.ErrInvalidCredentials},
		{"username in use", func() error {
			_, err := c.AuthenticateEmail(ctx, "carol@example.com", "password123", true, "bob")
			return err
		}, signaling.ErrInvalidCredentials},
		{"unknown device", func() error {
			_, err := c.AuthenticateDevice(ctx, "device-nobody-000", false, "")
			return err
		}, signaling.ErrNotFound},
	}
	for _, tt := range tests {
		err := tt.login()
		var apiErr *signaling.Error
		if !errors.Is(err, tt.want) || !errors.As(err, &apiErr) || apiErr.Code == 0 || apiErr.Message == "" {
			t.Errorf("%s: %v, want %v with a server code and message", tt.name, err, tt.want)
		}
	}
	badKey, _ := signaling.NewClient(e.http.URL, "wrongkey", signaling.WithHTTPClient(e.http.Client()))
	if _, err := badKey.AuthenticateDevice(ctx, "device-0000000001", true, ""); !errors.Is(err, signaling.ErrUnauthorized) ||
		errors.Is(err, signaling.ErrInvalidCredentials) {
		t.Errorf("wrong server key = %v, want ErrUnauthorized only", err)
	}

	if err := bob.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.Account(ctx); !errors.Is(err, signaling.ErrLoggedOut) {
		t.Errorf("Account after logout = %v, want ErrLoggedOut", err)
	}
}

func TestE2ETokenExpiry(t *testing.T) {
	e := newE2E(t, func(c *server.Config) {
		c.TokenExpiry = time.Second
		c.RefreshTokenExpiry = 5 * time.Second
	})
	ctx := context.Background()
	c := e.client()
	s, err := c.AuthenticateDevice(ctx, "device-expiry-0000", true, "expiry")
	if err != nil {
		t.Fatal(err)
	}
	sock, err := s.Dial(ctx, signaling.SocketConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	first, err := s.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 { // the server would refuse each earlier token now
		e.clock.Advance(2 * time.Second)
		if _, err := s.Account(ctx); err != nil {
			t.Fatalf("Account %d s later = %v, want a refreshed token", 2*(i+1), err)
		}
	}
	if tok, _ := s.Token(ctx); tok == first {
		t.Error("token never changed across expiries")
	}
	e.clock.Advance(time.Minute) // the refresh token is dead too: log in again
	if _, err := s.WriteLeaderboardRecord(ctx, server.WinsLeaderboard, 1); err != nil {
		t.Errorf("write after the refresh token expired = %v, want a new login", err)
	}
	if err := sock.Ping(ctx); err != nil {
		t.Errorf("socket opened with an expired token = %v, want it working (tokens are checked at connect)", err)
	}
	next, err := sock.Redial(ctx)
	if err != nil {
		t.Fatalf("Redial with a fresh token = %v", err)
	}
	defer next.Close()
	if err := next.Ping(ctx); err != nil {
		t.Errorf("Ping on the redialed socket = %v", err)
	}
}

func TestE2EMatchAndTargetedData(t *testing.T) {
	e := newE2E(t)
	ctx := context.Background()
	a, b, c := e.player("alice"), e.player("bob"), e.player("carol")

	m, err := a.sock.CreateMatch(ctx, "room-x")
	if err != nil {
		t.Fatal(err)
	}
	if again, err := b.sock.CreateMatch(ctx, "room-x"); err != nil || again.MatchId != m.MatchId {
		t.Errorf("named match created twice = %v, %v; want the same id %s", again.GetMatchId(), err, m.MatchId)
	} else if err := b.sock.LeaveMatch(ctx, m.MatchId); err != nil {
		t.Fatal(err)
	}
	mb, err := b.sock.JoinMatch(ctx, m.MatchId, map[string]string{"k": "v"})
	if err != nil {
		t.Fatal(err)
	}
	mc, err := c.sock.JoinMatch(ctx, m.MatchId, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(mc.Presences) != 2 {
		t.Errorf("carol's join lists %d others, want alice and bob", len(mc.Presences))
	}
	if _, err := c.sock.JoinMatch(ctx, "00000000-0000-0000-0000-000000000000.", nil); err == nil {
		t.Error("join of a missing match succeeded")
	} else if re := (*signaling.RealtimeError)(nil); !errors.As(err, &re) || re.Code != 4 {
		t.Errorf("join of a missing match = %v, want realtime error 4", err)
	}

	fa, err := signaling.NewFilter(m, "1.0")
	if err != nil {
		t.Fatal(err)
	}
	fb, _ := signaling.NewFilter(mb, "1.0")
	fc, _ := signaling.NewFilter(mc, "1.0")
	// alice learns of bob and carol from presence events.
	for fa.Len() < 3 {
		env := a.next(t, "presence", func(env *rtapi.Envelope) bool { return env.GetMatchPresenceEvent() != nil })
		fa.Update(env.GetMatchPresenceEvent(), time.Now())
	}
	bobP, _ := fa.Member(mb.Self.SessionId)

	// An offer too big for one frame goes to bob only, in chunks.
	sdp := bigOffer()
	if err := a.sock.SendDescription(ctx, m.MatchId, signaling.OpOffer, bobP, 7, sdp); err != nil {
		t.Fatal(err)
	}
	if err := a.sock.SendRelay(ctx, m.MatchId, mc.Self, []byte("for carol")); err != nil {
		t.Fatal(err)
	}
	var got signaling.Message
	for got.SDP == "" {
		env := b.next(t, "offer", isData)
		msg, ok, err := fb.Accept(env.GetMatchData(), time.Now())
		if err != nil {
			t.Fatalf("bob's filter: %v", err)
		}
		if ok {
			got = msg
		}
	}
	if got.SDP != sdp || got.Op != signaling.OpOffer || got.From.SessionId != m.Self.SessionId || got.DescriptionID != 7 {
		t.Errorf("bob got op %d id %d from %s (%d bytes), want alice's %d-byte offer 7",
			got.Op, got.DescriptionID, got.From.GetSessionId(), len(got.SDP), len(sdp))
	}
	env := c.next(t, "relay", isData)
	msg, ok, err := fc.Accept(env.GetMatchData(), time.Now())
	if err != nil || !ok || msg.Op != signaling.OpRelay || string(msg.Packet) != "for carol" {
		t.Errorf("carol's first match data = %+v, %v, %v; want only the relay addressed to her", msg, ok, err)
	}

	// bob answers with a candidate for alice, then says bye to everyone.
	aliceP, _ := fb.Member(m.Self.SessionId)
	mid, mline := "0", uint16(0)
	cand := signaling.Candidate{Candidate: "candidate:1 1 udp 2130706431 10.0.0.2 50000 typ host", SDPMid: &mid, SDPMLineIndex: &mline}
	if err := b.sock.SendCandidate(ctx, m.MatchId, aliceP, cand); err != nil {
		t.Fatal(err)
	}
	if err := b.sock.SendBye(ctx, m.MatchId, signaling.ByeFailed, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []int64{signaling.OpCandidate, signaling.OpBye} {
		env := a.next(t, "bob's signal", isData)
		msg, ok, err := fa.Accept(env.GetMatchData(), time.Now())
		if err != nil || !ok || msg.Op != want || msg.From.SessionId != mb.Self.SessionId {
			t.Fatalf("alice got %+v, %v, %v; want op %d from bob", msg, ok, err, want)
		}
		if want == signaling.OpCandidate && (msg.Candidate.Candidate != cand.Candidate || *msg.Candidate.SDPMid != "0") {
			t.Errorf("candidate = %+v, want %+v", msg.Candidate, cand)
		}
		if want == signaling.OpBye && msg.Reason.String() != "connection failed" {
			t.Errorf("bye reason = %v, want connection failed", msg.Reason)
		}
	}
	if env := c.next(t, "bob's bye", isData); env.GetMatchData().OpCode != signaling.OpBye {
		t.Errorf("carol got op %d first, want only the broadcast bye (the candidate was for alice)", env.GetMatchData().OpCode)
	}

	// A broadcast hello reaches both, and a version mismatch is explicit.
	if err := a.sock.SendHello(ctx, m.MatchId, "2.0"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		pl *player
		f  *signaling.Filter
	}{{b, fb}, {c, fc}} {
		env := p.pl.next(t, "hello", isData)
		_, _, err := p.f.Accept(env.GetMatchData(), time.Now())
		var ve *signaling.VersionError
		if !errors.As(err, &ve) || ve.Remote != "2.0" || ve.Username != "alice" {
			t.Errorf("%s: hello 2.0 = %v, want a *VersionError from alice", p.pl.name, err)
		}
	}

	if err := c.sock.LeaveMatch(ctx, m.MatchId); err != nil {
		t.Fatal(err)
	}
	leave := b.next(t, "carol's leave", func(env *rtapi.Envelope) bool {
		ev := env.GetMatchPresenceEvent()
		return ev != nil && len(ev.Leaves) == 1 && ev.Leaves[0].SessionId == mc.Self.SessionId
	})
	fb.Update(leave.GetMatchPresenceEvent(), time.Now())
	if _, ok := fb.Member(mc.Self.SessionId); ok {
		t.Error("carol still a member for bob after leaving")
	}
}

// bigOffer is a non-trickle offer of about 5 KB.
func bigOffer() string {
	var b strings.Builder
	b.WriteString("v=0\r\no=- 4215775240449105457 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n")
	b.WriteString("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sctp-port:5000\r\n")
	for i := range 64 {
		fmt.Fprintf(&b, "a=candidate:%d 1 udp %d 10.1.%d.%d %d typ host\r\n", 3000000000+i, 2130706431-i, i/4, i, 40000+i)
	}
	return b.String()
}

func TestE2EMatchmaker(t *testing.T) {
	e := newE2E(t)
	ctx := context.Background()
	a, b, c := e.player("alice"), e.player("bob"), e.player("carol")
	req := func(skill float64, version string) signaling.MatchmakerRequest {
		return signaling.MatchmakerRequest{
			Query: "+properties.region:eu +properties.skill:>=5", MinCount: 2, MaxCount: 2,
			StringProperties: map[string]string{"region": "eu"}, NumericProperties: map[string]float64{"skill": skill},
			ClientVersion: version,
		}
	}
	tc, err := c.sock.AddMatchmaker(ctx, req(10, "0.9")) // another version: never matched with them
	if err != nil {
		t.Fatal(err)
	}
	ta, err := a.sock.AddMatchmaker(ctx, req(10, "1.0"))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.sock.AddMatchmaker(ctx, req(7, "1.0"))
	if err != nil {
		t.Fatal(err)
	}
	matched := func(p *player, ticket string) *rtapi.MatchmakerMatched {
		env := p.next(t, "matchmaker matched", func(env *rtapi.Envelope) bool { return env.GetMatchmakerMatched() != nil })
		mm := env.GetMatchmakerMatched()
		if mm.Ticket != ticket || len(mm.Users) != 2 || mm.GetToken() == "" {
			t.Fatalf("%s matched = %v, want ticket %s with 2 users and a token", p.name, mm, ticket)
		}
		for _, u := range mm.Users {
			if u.StringProperties["client_version"] != "1.0" {
				t.Errorf("%s matched with %v, want only client_version 1.0", p.name, u)
			}
		}
		return mm
	}
	ma, mb := matched(a, ta), matched(b, tb)
	ja, err := a.sock.JoinMatchToken(ctx, ma.GetToken(), nil)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := b.sock.JoinMatchToken(ctx, mb.GetToken(), map[string]string{"slot": "x"})
	if err != nil {
		t.Fatal(err)
	}
	if ja.MatchId != jb.MatchId {
		t.Errorf("matched players joined %s and %s, want the same match", ja.MatchId, jb.MatchId)
	}
	if err := c.sock.RemoveMatchmaker(ctx, tc); err != nil {
		t.Errorf("remove carol's unmatched ticket = %v", err)
	}
	var re *signaling.RealtimeError
	if err := a.sock.RemoveMatchmaker(ctx, ta); !errors.As(err, &re) || re.Code != 3 {
		t.Errorf("remove a matched ticket = %v, want realtime error 3", err)
	}
}

func TestE2ELeaderboardAndRPC(t *testing.T) {
	e := newE2E(t)
	ctx := context.Background()
	p := e.player("alice")
	for want := int64(1); want <= 2; want++ {
		rec, err := p.sess.WriteLeaderboardRecord(ctx, server.WinsLeaderboard, 1)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Score != want || rec.OwnerId != p.sess.UserID() {
			t.Errorf("write %d: record %v, want score %d (incr)", want, rec, want)
		}
	}
	list, err := p.sess.ListLeaderboardRecords(ctx, server.WinsLeaderboard, 10, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Records) != 1 || list.Records[0].Rank != 1 || list.Records[0].GetUsername().GetValue() != "alice" {
		t.Errorf("list = %v, want alice at rank 1", list)
	}
	bob := e.player("bob")
	if _, err := bob.sess.WriteLeaderboardRecord(ctx, server.WinsLeaderboard, 1); err != nil {
		t.Fatal(err)
	}
	top, err := bob.sess.ListLeaderboardRecords(ctx, server.WinsLeaderboard, 1, "", bob.sess.UserID())
	if err != nil {
		t.Fatal(err)
	}
	if len(top.Records) != 1 || top.Records[0].OwnerId != p.sess.UserID() {
		t.Errorf("top 1 = %v, want alice only", top.Records)
	}
	if len(top.OwnerRecords) != 1 || top.OwnerRecords[0].OwnerId != bob.sess.UserID() || top.OwnerRecords[0].Rank != 2 {
		t.Errorf("owner records = %v, want bob at rank 2", top.OwnerRecords)
	}
	if _, err := p.sess.ListLeaderboardRecords(ctx, "nope", 10, ""); !errors.Is(err, signaling.ErrNotFound) {
		t.Errorf("unknown leaderboard = %v, want ErrNotFound", err)
	}
	rest, err := p.sess.RPC(ctx, server.ICEServersRPC, "{}")
	if err != nil || !strings.Contains(rest, `"ice_servers"`) {
		t.Errorf("REST rpc = %q, %v; want the ice_servers payload", rest, err)
	}
	sock, err := p.sock.RPC(ctx, server.ICEServersRPC, "{}")
	if err != nil || !strings.Contains(sock, `"ice_servers"`) {
		t.Errorf("socket rpc = %q, %v; want the ice_servers payload", sock, err)
	}
	if _, err := p.sess.RPC(ctx, "no_such_rpc", "{}"); !errors.Is(err, signaling.ErrNotFound) {
		t.Errorf("unknown rpc = %v, want ErrNotFound", err)
	}
}

func TestE2EServerClosesOversizedFrame(t *testing.T) {
	e := newE2E(t)
	ctx := context.Background()
	p := e.player("alice")
	m, err := p.sock.CreateMatch(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.sock.SendMatchData(ctx, m.MatchId, signaling.OpRelay, make([]byte, 3500)); !errors.Is(err, signaling.ErrFrameTooLarge) {
		t.Fatalf("SendMatchData(3500 bytes) = %v, want refused locally", err)
	}
	// Without the guard the server enforces its limit with close 1009.
	raw, err := p.sess.Dial(ctx, signaling.SocketConfig{MaxFrameSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.SendMatchData(ctx, m.MatchId, signaling.OpRelay, make([]byte, 3500)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-raw.Done():
	case <-time.After(e2eWait):
		t.Fatal("server kept a socket that sent an oversized frame")
	}
	var ce *signaling.CloseError
	if err := raw.Err(); !errors.As(err, &ce) || ce.Code != 1009 {
		t.Errorf("Err = %v, want close 1009", err)
	}
	if err := p.sock.Ping(ctx); err != nil {
		t.Errorf("the other socket = %v, want it unaffected", err)
	}
}

func TestE2ERestartKeepsAccountsAndRecords(t *testing.T) {
	e := newE2E(t)
	ctx := context.Background()
	c := e.client()
	s, err := c.AuthenticateEmail(ctx, "dora@example.com", "password123", true, "dora")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteLeaderboardRecord(ctx, server.WinsLeaderboard, 1); err != nil {
		t.Fatal(err)
	}
	sock, err := s.Dial(ctx, signaling.SocketConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()

	e.restart()

	select {
	case <-sock.Done():
	case <-time.After(e2eWait):
		t.Fatal("socket still open after the server restarted")
	}
	if !errors.Is(sock.Err(), signaling.ErrSocketClosed) {
		t.Errorf("socket Err = %v, want it reported closed", sock.Err())
	}
	rec, err := s.WriteLeaderboardRecord(ctx, server.WinsLeaderboard, 1)
	if err != nil {
		t.Fatalf("old session after restart = %v, want its token still valid", err)
	}
	if rec.Score != 2 {
		t.Errorf("score after restart = %d, want 2 (the first win persisted)", rec.Score)
	}
	again, err := c.AuthenticateEmail(ctx, "dora@example.com", "password123", false, "")
	if err != nil || again.UserID() != s.UserID() {
		t.Errorf("login after restart = %v, %v; want dora's account", again, err)
	}
	if _, err := c.AuthenticateEmail(ctx, "dora@example.com", "wrong-password", false, ""); !errors.Is(err, signaling.ErrInvalidCredentials) {
		t.Errorf("wrong password after restart = %v, want ErrInvalidCredentials", err)
	}
	next, err := sock.Redial(ctx)
	if err != nil {
		t.Fatalf("Redial after restart = %v", err)
	}
	defer next.Close()
	if err := next.Ping(ctx); err != nil {
		t.Errorf("Ping after redial = %v", err)
	}
}
