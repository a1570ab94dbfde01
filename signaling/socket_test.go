package signaling

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gorilla/websocket"
	"github.com/heroiclabs/nakama-common/rtapi"
)

// socketFixture runs inside a synctest bubble: an authenticated session on a
// fake server whose socket side is script.
type socketFixture struct {
	*restFixture
	session *Session
	query   chan string // the /ws query of each connection
}

func newSocketFixture(t *testing.T, script func(conn *websocket.Conn)) *socketFixture {
	t.Helper()
	srv := newFakeNakama(t, time.Now)
	pn := newPipeNet(t, srv)
	f := &socketFixture{restFixture: &restFixture{server: srv, client: pn.client(t, time.Now), net: pn},
		query: make(chan string, 8)}
	srv.ws = func(conn *websocket.Conn, _ string) { script(conn) }
	s, err := f.client.AuthenticateDevice(context.Background(), "device-0001", true, "alice")
	if err != nil {
		t.Fatal(err)
	}
	f.session = s
	return f
}

func (f *socketFixture) dial(t *testing.T, cfg SocketConfig) *Socket {
	t.Helper()
	sock, err := f.session.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sock.Close() })
	return sock
}

// serveRequests answers requests like Nakama until the client goes away.
func serveRequests(t *testing.T, conn *websocket.Conn) {
	for {
		env, err := readEnv(t, conn)
		if err != nil {
			return
		}
		reply := &rtapi.Envelope{Cid: env.Cid}
		switch m := env.Message.(type) {
		case *rtapi.Envelope_Ping:
			reply.Message = &rtapi.Envelope_Pong{Pong: &rtapi.Pong{}}
		case *rtapi.Envelope_MatchCreate:
			reply.Message = &rtapi.Envelope_Match{Match: &rtapi.Match{MatchId: "0b8e4a6c-4d6f-4bb6-9d5d-0a5c8a1d2e3f.", Size: 1,
				Self: &rtapi.UserPresence{UserId: "u1", SessionId: "s1", Username: "alice"}}}
		case *rtapi.Envelope_MatchJoin:
			if m.MatchJoin.GetMatchId() == "missing." {
				reply.Message = &rtapi.Envelope_Error{Error: &rtapi.Error{Code: 4, Message: "Match not found"}}
				break
			}
			reply.Message = &rtapi.Envelope_Match{Match: &rtapi.Match{MatchId: "m.",
				Presences: []*rtapi.UserPresence{{UserId: "u2", SessionId: "s2", Username: "bob"}},
				Self:      &rtapi.UserPresence{UserId: "u1", SessionId: "s1", Username: "alice"}}}
		case *rtapi.Envelope_MatchLeave:
		case *rtapi.Envelope_MatchmakerAdd:
			reply.Message = &rtapi.Envelope_MatchmakerTicket{MatchmakerTicket: &rtapi.MatchmakerTicket{Ticket: "ticket-1"}}
		case *rtapi.Envelope_MatchmakerRemove:
			if m.MatchmakerRemove.Ticket != "ticket-1" {
				reply.Message = &rtapi.Envelope_Error{Error: &rtapi.Error{Code: 3, Message: "Matchmaker ticket not found"}}
			}
		case *rtapi.Envelope_Rpc:
			reply.Message = &rtapi.Envelope_Rpc{Rpc: m.Rpc}
		case *rtapi.Envelope_StatusFollow:
			reply.Message = &rtapi.Envelope_Status{Status: &rtapi.Status{Presences: []*rtapi.UserPresence{{UserId: "u2", SessionId: "s2"}}}}
		case *rtapi.Envelope_StatusUpdate, *rtapi.Envelope_StatusUnfollow:
		case *rtapi.Envelope_MatchDataSend:
			continue // no ack, as Nakama
		default:
			t.Errorf("unexpected request %v", env)
			return
		}
		if err := writeEnv(conn, reply); err != nil {
			return
		}
	}
}

func TestSocketRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSocketFixture(t, func(conn *websocket.Conn) { serveRequests(t, conn) })
		sock := f.dial(t, SocketConfig{})
		ctx := context.Background()
		if req := f.server.last("/ws"); !strings.HasPrefix(req.query, "format=json&lang=en&status=true&token=ey") {
			t.Errorf("socket query = %q, want format=json, lang=en, status=true and the token", req.query)
		}
		if err := sock.Ping(ctx); err != nil {
			t.Errorf("Ping = %v", err)
		}
		m, err := sock.CreateMatch(ctx, "room-x")
		if err != nil || m.Self.SessionId != "s1" {
			t.Errorf("CreateMatch = %v, %v; want a match with self", m, err)
		}
		m, err = sock.JoinMatch(ctx, "m.", map[string]string{"k": "v"})
		if err != nil || len(m.Presences) != 1 {
			t.Errorf("JoinMatch = %v, %v; want a match with one other presence", m, err)
		}
		_, err = sock.JoinMatch(ctx, "missing.", nil)
		var re *RealtimeError
		if !errors.As(err, &re) || re.Code != 4 || re.Message != "Match not found" {
			t.Errorf("JoinMatch(missing) = %v, want realtime error 4 Match not found", err)
		}
		if _, err := sock.JoinMatchToken(ctx, "tok", nil); err != nil {
			t.Errorf("JoinMatchToken = %v", err)
		}
		if err := sock.LeaveMatch(ctx, "m."); err != nil {
			t.Errorf("LeaveMatch = %v (the reply is a bare cid)", err)
		}
		if out, err := sock.RPC(ctx, "ice_servers", "{}"); err != nil || out != "{}" {
			t.Errorf("RPC = %q, %v; want the echoed payload", out, err)
		}
		if ps, err := sock.FollowStatus(ctx, "u2"); err != nil || len(ps) != 1 {
			t.Errorf("FollowStatus = %v, %v", ps, err)
		}
		if err := sock.UnfollowStatus(ctx, "u2"); err != nil {
			t.Errorf("UnfollowStatus = %v (the reply is a bare cid)", err)
		}
		if err := sock.UpdateStatus(ctx, "in-lobby"); err != nil {
			t.Errorf("UpdateStatus = %v", err)
		}
		if err := sock.RemoveMatchmaker(ctx, "other"); !errors.As(err, &re) || re.Code != 3 {
			t.Errorf("RemoveMatchmaker(unknown) = %v, want realtime error 3", err)
		}
	})
}

func TestSocketCorrelatesOutOfOrderReplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			var got []*rtapi.Envelope
			for range 2 {
				env, err := readEnv(t, conn)
				if err != nil {
					return
				}
				got = append(got, env)
			}
			for _, env := range []*rtapi.Envelope{got[1], got[0]} { // answer in reverse
				writeEnv(conn, &rtapi.Envelope{Cid: env.Cid, Message: &rtapi.Envelope_Rpc{Rpc: env.GetRpc()}})
			}
			serveRequests(t, conn)
		})
		sock := f.dial(t, SocketConfig{})
		var wg sync.WaitGroup
		for _, p := range []string{"first", "second"} {
			wg.Go(func() {
				out, err := sock.RPC(context.Background(), "echo", p)
				if err != nil || out != p {
					t.Errorf("RPC(%q) = %q, %v; want its own reply", p, out, err)
				}
			})
			synctest.Wait() // the first request is on the wire before the second
		}
		wg.Wait()
	})
}

func TestSocketRequestTimeoutAndCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			for {
				if _, err := readEnv(t, conn); err != nil { // never answer
					return
				}
			}
		})
		sock := f.dial(t, SocketConfig{RequestTimeout: 3 * time.Second})
		start := time.Now()
		err := sock.Ping(context.Background())
		if !errors.Is(err, ErrRequestTimeout) {
			t.Errorf("Ping with a silent server = %v, want ErrRequestTimeout", err)
		}
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("Ping gave up after %v, want the 3 s request timeout", d)
		}

		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start = time.Now()
		if _, err := sock.CreateMatch(ctx, ""); !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrRequestTimeout) {
			t.Errorf("CreateMatch with a 1 s context = %v, want the context's deadline", err)
		}
		if d := time.Since(start); d != time.Second {
			t.Errorf("CreateMatch gave up after %v, want 1 s", d)
		}

		ctx, cancel = context.WithCancel(context.Background())
		go func() {
			time.Sleep(500 * time.Millisecond) // fake time inside the bubble
			cancel()
		}()
		if _, err := sock.AddMatchmaker(ctx, MatchmakerRequest{}); !errors.Is(err, context.Canceled) {
			t.Errorf("AddMatchmaker cancelled = %v, want context.Canceled", err)
		}
		if sock.Err() != nil {
			t.Errorf("Err after timeouts = %v, want the socket still open", sock.Err())
		}
	})
}

func TestSocketServerCloses(t *testing.T) {
	tests := []struct {
		name   string
		code   int
		reason string
	}{
		{"malformed payload", websocket.CloseNormalClosure, "received malformed payload"},
		{"frame too big", websocket.CloseMessageTooBig, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newSocketFixture(t, func(conn *websocket.Conn) {
					if _, err := readEnv(t, conn); err != nil {
						return
					}
					time.Sleep(2 * time.Second) // Nakama closes ~2 s later, no error envelope
					conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(tt.code, tt.reason))
					conn.ReadMessage() // the client's close reply
				})
				sock := f.dial(t, SocketConfig{})
				_, err := sock.CreateMatch(context.Background(), "")
				var ce *CloseError
				if !errors.As(err, &ce) || ce.Code != tt.code || ce.Reason != tt.reason {
					t.Errorf("CreateMatch = %v, want the close error %d %q", err, tt.code, tt.reason)
				}
				<-sock.Done()
				if err := sock.Err(); !errors.As(err, &ce) || !errors.Is(err, ErrSocketClosed) {
					t.Errorf("Err = %v, want a *CloseError matching ErrSocketClosed", err)
				}
				if _, ok := <-sock.Events(); ok {
					t.Error("Events still open after the socket closed")
				}
				if err := sock.Ping(context.Background()); !errors.Is(err, ErrSocketClosed) {
					t.Errorf("Ping after close = %v, want ErrSocketClosed", err)
				}
			})
		})
	}
}

func TestSocketDropIsReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			conn.UnderlyingConn().Close() // no close frame: the link died
		})
		sock := f.dial(t, SocketConfig{})
		<-sock.Done()
		err := sock.Err()
		var ce *CloseError
		if !errors.Is(err, ErrSocketClosed) || errors.As(err, &ce) {
			t.Errorf("Err after a drop = %v, want ErrSocketClosed with the network cause", err)
		}
	})
}

func TestSocketCloseIsNormal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := make(chan error, 1)
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			_, _, err := conn.ReadMessage()
			got <- err
		})
		sock := f.dial(t, SocketConfig{})
		sock.Close()
		var ce *websocket.CloseError
		if err := <-got; !errors.As(err, &ce) || ce.Code != websocket.CloseNormalClosure {
			t.Errorf("server read %v, want a 1000 close frame", err)
		}
		if err := sock.Err(); err != ErrSocketClosed {
			t.Errorf("Err after Close = %v, want ErrSocketClosed", err)
		}
		sock.Close() // twice is fine
	})
}

func TestSocketRefusesOversizedFrames(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := make(chan *rtapi.Envelope, 1)
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			env, err := readEnv(t, conn)
			if err == nil {
				got <- env
			}
			serveRequests(t, conn)
		})
		sock := f.dial(t, SocketConfig{})
		ctx := context.Background()
		room := sock.MaxPayload("m.", OpRelay)
		if room < 2900 || room > 3050 {
			t.Errorf("MaxPayload = %d, want about 3000 bytes for a 4096-byte frame", room)
		}
		if err := sock.SendMatchData(ctx, "m.", OpRelay, make([]byte, room+16)); !errors.Is(err, ErrFrameTooLarge) {
			t.Errorf("SendMatchData(%d bytes) = %v, want ErrFrameTooLarge", room+16, err)
		}
		if err := sock.SendMatchData(ctx, "m.", OpRelay, make([]byte, room)); err != nil {
			t.Errorf("SendMatchData(%d bytes) = %v, want it to fit", room, err)
		}
		env := <-got
		if n := len(env.GetMatchDataSend().GetData()); n != room {
			t.Errorf("server got %d bytes first, want the %d that fit", n, room)
		}
		if err := sock.Ping(ctx); err != nil {
			t.Errorf("Ping after a refused frame = %v, want the socket healthy", err)
		}
	})
}

func TestSendMatchDataWire(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		raw := make(chan []byte, 1)
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			_, data, err := conn.ReadMessage()
			if err == nil {
				raw <- data
			}
			conn.ReadMessage()
		})
		sock := f.dial(t, SocketConfig{})
		to := &rtapi.UserPresence{UserId: "u2", SessionId: "s2", Username: "bob", Status: nil}
		if err := sock.SendMatchData(context.Background(), "m.", 7, []byte("hi"), to); err != nil {
			t.Fatal(err)
		}
		got := strings.ReplaceAll(string(<-raw), " ", "")
		want := `{"match_data_send":{"match_id":"m.","op_code":"7","data":"aGk=","presences":[{"user_id":"u2","session_id":"s2"}]}}`
		if got != want {
			t.Errorf("frame = %s, want %s", got, want)
		}
	})
}

func TestAddMatchmakerWire(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		got := make(chan *rtapi.Envelope, 1)
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			env, err := readEnv(t, conn)
			if err != nil {
				return
			}
			got <- env
			writeEnv(conn, &rtapi.Envelope{Cid: env.Cid, Message: &rtapi.Envelope_MatchmakerTicket{
				MatchmakerTicket: &rtapi.MatchmakerTicket{Ticket: "t-1"}}})
			conn.ReadMessage()
		})
		sock := f.dial(t, SocketConfig{})
		ticket, err := sock.AddMatchmaker(context.Background(), MatchmakerRequest{
			Query: "+properties.region:eu", MinCount: 1, MaxCount: 8,
			StringProperties: map[string]string{"region": "eu"}, NumericProperties: map[string]float64{"skill": 10},
			ClientVersion: "1.2.0"})
		if err != nil || ticket != "t-1" {
			t.Fatalf("AddMatchmaker = %q, %v", ticket, err)
		}
		add := (<-got).GetMatchmakerAdd()
		if add.MinCount != 2 || add.MaxCount != 4 || add.Query != "+properties.region:eu +properties.client_version:1.2.0" ||
			add.StringProperties["client_version"] != "1.2.0" || add.StringProperties["region"] != "eu" ||
			add.NumericProperties["skill"] != 10 {
			t.Errorf("matchmaker_add = %v, want counts clamped to 2-4 and the client version in properties and query", add)
		}
	})
}

func TestMatchmakerRequest(t *testing.T) {
	tests := []struct {
		req      MatchmakerRequest
		min, max int32
		query    string
		ok       bool
	}{
		{MatchmakerRequest{}, 2, 4, "*", true},
		{MatchmakerRequest{ClientVersion: "dev"}, 2, 4, "+properties.client_version:dev", true},
		{MatchmakerRequest{Query: "*", ClientVersion: "1.0"}, 2, 4, "+properties.client_version:1.0", true},
		{MatchmakerRequest{Query: "properties.mode:ffa", MinCount: 3, MaxCount: 3}, 3, 3, "properties.mode:ffa", true},
		{MatchmakerRequest{MinCount: 9, MaxCount: 9}, 4, 4, "*", true},
		{MatchmakerRequest{MinCount: 4, MaxCount: 3}, 0, 0, "", false},
		{MatchmakerRequest{ClientVersion: "1.0 +x"}, 0, 0, "", false},
		{MatchmakerRequest{ClientVersion: strings.Repeat("9", 65)}, 0, 0, "", false},
	}
	for _, tt := range tests {
		add, err := tt.req.matchmakerAdd()
		if (err == nil) != tt.ok {
			t.Errorf("matchmakerAdd(%+v) error = %v, want ok %v", tt.req, err, tt.ok)
			continue
		}
		if tt.ok && (add.MinCount != tt.min || add.MaxCount != tt.max || add.Query != tt.query) {
			t.Errorf("matchmakerAdd(%+v) = %d-%d %q, want %d-%d %q", tt.req, add.MinCount, add.MaxCount, add.Query, tt.min, tt.max, tt.query)
		}
	}
	props := map[string]string{"region": "eu"}
	if _, err := (MatchmakerRequest{StringProperties: props, ClientVersion: "1"}).matchmakerAdd(); err != nil || len(props) != 1 {
		t.Errorf("matchmakerAdd changed the caller's properties: %v", props)
	}
}

func TestSocketEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		frames := []string{
			`{"status_presence_event":{"joins":[{"user_id":"u1","session_id":"s1","username":"alice","status":""}]}}`,
			`{"match_presence_event":{"match_id":"m.","joins":[{"user_id":"u2","session_id":"s2","username":"bob"}]}}`,
			`not json at all`,
			`{"some_future_message":{"x":1}}`,
			`{"match_data":{"match_id":"m.","presence":{"user_id":"u2","session_id":"s2","username":"bob"},"op_code":"6","data":"AQID","new_field":true}}`,
			`{"matchmaker_matched":{"ticket":"t","token":"jwt","users":[{"presence":{"user_id":"u2","session_id":"s2"},"string_properties":{"client_version":"1"}}],"self":{"presence":{"user_id":"u1","session_id":"s1"}}}}`,
			`{"error":{"code":4,"message":"Match not found"}}`,
			`{"pong":{}}`,
			`{"cid":"999","pong":{}}`,
		}
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			for _, fr := range frames {
				conn.WriteMessage(websocket.TextMessage, []byte(fr))
			}
			serveRequests(t, conn)
		})
		sock := f.dial(t, SocketConfig{})
		var got []string
		for range 5 {
			env := <-sock.Events()
			switch m := env.Message.(type) {
			case *rtapi.Envelope_StatusPresenceEvent:
				got = append(got, "status:"+m.StatusPresenceEvent.Joins[0].SessionId)
			case *rtapi.Envelope_MatchPresenceEvent:
				got = append(got, "presence:"+m.MatchPresenceEvent.Joins[0].SessionId)
			case *rtapi.Envelope_MatchData:
				if !bytes.Equal(m.MatchData.Data, []byte{1, 2, 3}) || m.MatchData.OpCode != 6 {
					t.Errorf("match data = %v", m.MatchData)
				}
				got = append(got, "data:"+m.MatchData.Presence.SessionId)
			case *rtapi.Envelope_MatchmakerMatched:
				got = append(got, "matched:"+m.MatchmakerMatched.GetToken())
			case *rtapi.Envelope_Error:
				got = append(got, "error:"+m.Error.Message)
			default:
				t.Errorf("unexpected event %v", env)
			}
		}
		want := "status:s1 presence:s2 data:s2 matched:jwt error:Match not found"
		if g := strings.Join(got, " "); g != want {
			t.Errorf("events = %s, want %s", g, want)
		}
		if err := sock.Ping(context.Background()); err != nil {
			t.Errorf("Ping after odd frames = %v, want the socket healthy", err)
		}
		select {
		case env := <-sock.Events():
			t.Errorf("extra event %v (pongs and stray replies are not events)", env)
		default:
		}
	})
}

func TestSocketSlowConsumer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		data := `{"match_data":{"match_id":"m.","presence":{"user_id":"u2","session_id":"s2"},"op_code":"6","data":"AQ=="}}`
		presence := `{"match_presence_event":{"match_id":"m.","leaves":[{"user_id":"u2","session_id":"s2"}]}}`
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			for _, fr := range []string{data, data, data, presence} {
				conn.WriteMessage(websocket.TextMessage, []byte(fr))
			}
			conn.ReadMessage()
		})
		sock := f.dial(t, SocketConfig{EventBuffer: 1, EventTimeout: 5 * time.Second})
		start := time.Now()
		<-sock.Done()
		if d := time.Since(start); d != 5*time.Second {
			t.Errorf("socket gave up after %v, want the 5 s event timeout", d)
		}
		if err := sock.Err(); !errors.Is(err, ErrSlowConsumer) || !errors.Is(err, ErrSocketClosed) {
			t.Errorf("Err = %v, want ErrSlowConsumer and ErrSocketClosed", err)
		}
		if n := sock.Dropped(); n != 2 {
			t.Errorf("Dropped = %d, want 2 match data dropped behind a full buffer", n)
		}
		if env, ok := <-sock.Events(); !ok || env.GetMatchData() == nil {
			t.Errorf("buffered event = %v, want the first match data still readable", env)
		}
	})
}

func TestSocketAnswersPings(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pong := make(chan string, 1)
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			conn.SetPongHandler(func(s string) error { pong <- s; return nil })
			conn.WriteControl(websocket.PingMessage, []byte("keepalive"), time.Now().Add(time.Second))
			conn.ReadMessage()
		})
		sock := f.dial(t, SocketConfig{})
		if got := <-pong; got != "keepalive" {
			t.Errorf("pong = %q, want keepalive", got)
		}
		sock.Close()
	})
}

func TestDialRefreshesAndRedials(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newSocketFixture(t, func(conn *websocket.Conn) { serveRequests(t, conn) })
		tok, _ := f.session.Token(context.Background())
		f.server.mu.Lock()
		f.server.revoked[tok] = true
		f.server.mu.Unlock()
		sock := f.dial(t, SocketConfig{ReadTimeout: time.Hour}) // this fake server never pings
		if n := f.server.count("/ws"); n != 2 {
			t.Errorf("socket connects = %d, want 2 (401, refresh, retry)", n)
		}
		if err := sock.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Minute) // the token expires; the open socket keeps working
		if err := sock.Ping(context.Background()); err != nil {
			t.Errorf("Ping after token expiry = %v, want the socket working", err)
		}
		next, err := sock.Redial(context.Background())
		if err != nil {
			t.Fatalf("Redial = %v", err)
		}
		defer next.Close()
		if !errors.Is(sock.Err(), ErrSocketClosed) {
			t.Errorf("old socket Err = %v, want closed by Redial", sock.Err())
		}
		if err := next.Ping(context.Background()); err != nil {
			t.Errorf("Ping on the new socket = %v", err)
		}
		if n := f.server.count("/v2/account/session/refresh"); n != 2 {
			t.Errorf("refreshes = %d, want 2 (after the 401 and for the expired token)", n)
		}
	})
}

func TestSocketDetectsSilentServer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		f := newSocketFixture(t, func(conn *websocket.Conn) {
			// Keep-alive pings every 15 s for two minutes, then silence
			// without closing: a dead link.
			for range 8 {
				time.Sleep(15 * time.Second)
				conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second))
			}
			<-release
		})
		defer close(release)
		sock := f.dial(t, SocketConfig{ReadTimeout: 45 * time.Second})
		start := time.Now()
		<-sock.Done()
		if d := time.Since(start); d != 165*time.Second {
			t.Errorf("dead link reported after %v, want 120 s of pings + the 45 s read timeout", d)
		}
		var ce *CloseError
		if err := sock.Err(); !errors.Is(err, ErrSocketClosed) || errors.As(err, &ce) {
			t.Errorf("Err = %v, want a dropped socket", err)
		}
	})
}
