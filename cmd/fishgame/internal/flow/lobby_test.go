package flow

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/heroiclabs/nakama-common/rtapi"

	"github.com/fishgame/fishgame/signaling"
)

const testVersion = "0.2.0"

// testPlayer is a guest with a lobby.
type testPlayer struct {
	sess  *signaling.Session
	lobby *Lobby
}

// newPlayer logs in the guest name on the server at url and opens its
// lobby, running version.
func newPlayer(t *testing.T, url, name, version string, now func() time.Time) *testPlayer {
	t.Helper()
	ctx := context.Background()
	a := newAccounts(t, url)
	sess, err := a.Guest(ctx, "fishgame-device-"+name)
	if err != nil {
		t.Fatal(err)
	}
	l, err := OpenLobby(ctx, sess, LobbyConfig{ClientVersion: version, Socket: testSocket, Now: now, Logger: quiet})
	if err != nil {
		t.Fatalf("OpenLobby() = %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return &testPlayer{sess: sess, lobby: l}
}

// enterRoom does what the ready room does with a private match: a socket
// of its own creates (or joins) the match by the code's name.
func (p *testPlayer) enterRoom(t *testing.T, code ShareCode) *signaling.Socket {
	t.Helper()
	ctx := context.Background()
	sock, err := p.sess.Dial(ctx, testSocket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sock.Close() })
	if _, err := sock.CreateMatch(ctx, code.MatchName()); err != nil {
		t.Fatal(err)
	}
	return sock
}

func TestPrivateMatchByCode(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	alice := newPlayer(t, url, "alice", testVersion, nil)
	bob := newPlayer(t, url, "bob", testVersion, nil)
	room, err := alice.lobby.CreatePrivate(ctx)
	if err != nil {
		t.Fatalf("CreatePrivate() = %v", err)
	}
	if _, err := ParseShareCode(string(room.Code)); err != nil || !room.Creator || room.MatchID != room.Code.MatchID() {
		t.Fatalf("CreatePrivate() = %+v, want a code the creator creates", room)
	}
	alice.enterRoom(t, room.Code)

	typed := fmt.Sprintf(" %s-%s ", room.Code[:3], room.Code[3:]) // as a player might paste it
	code, err := ParseShareCode(typed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := bob.lobby.JoinCode(ctx, code)
	if err != nil {
		t.Fatalf("JoinCode(%q) = %v", code, err)
	}
	if got.Code != room.Code || got.Creator || got.MatchID != room.MatchID {
		t.Fatalf("JoinCode() = %+v, want the match of %+v to join", got, room)
	}
	// The joiner's room joins by id, and meets the creator there.
	bobRoom, err := bob.sess.Dial(ctx, testSocket)
	if err != nil {
		t.Fatal(err)
	}
	defer bobRoom.Close()
	m, err := bobRoom.JoinMatch(ctx, got.MatchID, nil)
	if err != nil {
		t.Fatalf("JoinMatch(%s) = %v", got.MatchID, err)
	}
	if len(m.Presences) != 1 || m.Presences[0].UserId != alice.sess.UserID() {
		t.Fatalf("the joiner's room sees %v, want alice alone: the lobby left its look", m.Presences)
	}
}

func TestJoinCodeNoMatch(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	alice := newPlayer(t, url, "alice", testVersion, nil)
	bob := newPlayer(t, url, "bob", testVersion, nil)
	_, err := bob.lobby.JoinCode(ctx, "K7M2QX")
	wantFailure(t, "JoinCode(unused code)", err, ErrNoMatch, "No match with the code K7M2QX")

	// A code whose players all left goes by no match either.
	room, err := alice.lobby.CreatePrivate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	alice.enterRoom(t, room.Code).LeaveMatch(ctx, room.MatchID)
	_, err = bob.lobby.JoinCode(ctx, room.Code)
	wantFailure(t, "JoinCode(left code)", err, ErrNoMatch, "No match with the code "+room.Code.String())
}

func TestJoinCodeFull(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	host := newPlayer(t, url, "host", testVersion, nil)
	room, err := host.lobby.CreatePrivate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	host.enterRoom(t, room.Code)
	late := newPlayer(t, url, "late", testVersion, nil)
	for i := range MaxPlayers - 1 {
		p := newPlayer(t, url, fmt.Sprintf("guest%d", i), testVersion, nil)
		if _, err := p.lobby.JoinCode(ctx, room.Code); err != nil {
			t.Fatalf("JoinCode() by player %d = %v", i+2, err)
		}
		p.enterRoom(t, room.Code)
	}
	_, err = late.lobby.JoinCode(ctx, room.Code)
	wantFailure(t, "JoinCode(full match)", err, ErrMatchFull, fmt.Sprintf("The match %s is full: it has 4 players", room.Code))
}

func TestJoinCodeStarted(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	alice := newPlayer(t, url, "alice", testVersion, nil)
	bob := newPlayer(t, url, "bob", testVersion, nil)
	room, err := alice.lobby.CreatePrivate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	alice.enterRoom(t, room.Code)
	if err := alice.lobby.SetState(ctx, room.Code, Playing); err != nil {
		t.Fatalf("SetState(Playing) = %v", err)
	}
	_, err = bob.lobby.JoinCode(ctx, room.Code)
	wantFailure(t, "JoinCode(started match)", err, ErrMatchStarted, "The match "+room.Code.String()+" has already started")

	// Back in the room (a rematch), the code takes players again.
	if err := alice.lobby.SetState(ctx, room.Code, InRoom); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.lobby.JoinCode(ctx, room.Code); err != nil {
		t.Fatalf("JoinCode(room after the match) = %v", err)
	}
}

func TestJoinCodeOtherVersion(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	alice := newPlayer(t, url, "alice", "0.1.0", nil)
	bob := newPlayer(t, url, "bob", testVersion, nil)
	room, err := alice.lobby.CreatePrivate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	alice.enterRoom(t, room.Code)
	_, err = bob.lobby.JoinCode(ctx, room.Code)
	want := alice.sess.Username() + " runs version 0.1.0, you run 0.2.0: update to play together"
	wantFailure(t, "JoinCode(other version)", err, ErrOtherVersion, want)
}

func TestMatchmakerFinds(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	clk := newClock()
	var found []Room
	var searches []*Search
	for _, name := range []string{"alice", "bob"} {
		p := newPlayer(t, url, name, testVersion, clk.Now)
		s, err := p.lobby.Matchmake(ctx, 2, 2)
		if err != nil {
			t.Fatalf("Matchmake() = %v", err)
		}
		if _, err := p.lobby.Matchmake(ctx, 2, 2); !errors.Is(err, ErrSearching) {
			t.Fatalf("second Matchmake() = %v, want ErrSearching", err)
		}
		searches = append(searches, s)
	}
	clk.Advance(7 * time.Second)
	if got := searches[0].Elapsed(clk.Now()); got != 7*time.Second {
		t.Errorf("Elapsed() = %v, want 7s", got)
	}
	for _, s := range searches {
		select {
		case r := <-s.Found():
			found = append(found, r)
		case <-time.After(testWait):
			t.Fatal("no match from the matchmaker")
		}
	}
	if found[0].Token == "" || found[0].Token != found[1].Token || found[0].Players != 2 || found[0].Code != "" {
		t.Fatalf("matched rooms %+v, want one token for 2 players", found)
	}
}

func TestMatchmakerCancelRemovesTicket(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	alice := newPlayer(t, url, "alice", testVersion, nil)
	s, err := alice.lobby.Matchmake(ctx, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Cancel(ctx); err != nil {
		t.Fatalf("Cancel() = %v", err)
	}
	var re *signaling.RealtimeError
	if err := alice.lobby.sock.RemoveMatchmaker(ctx, s.Ticket()); !errors.As(err, &re) || re.Code != int32(rtapi.Error_BAD_INPUT) {
		t.Fatalf("RemoveMatchmaker(cancelled ticket) = %v, want the ticket gone", err)
	}
	// Bob and Carol are matched with each other, not with Alice's ticket.
	var searches []*Search
	for _, name := range []string{"bob", "carol"} {
		p := newPlayer(t, url, name, testVersion, nil)
		ps, err := p.lobby.Matchmake(ctx, 2, 2)
		if err != nil {
			t.Fatal(err)
		}
		searches = append(searches, ps)
	}
	var rooms []Room
	for _, ps := range searches {
		select {
		case r := <-ps.Found():
			rooms = append(rooms, r)
		case <-time.After(testWait):
			t.Fatal("no match for bob and carol")
		}
	}
	if len(rooms) != 2 || rooms[0].Token != rooms[1].Token {
		t.Fatalf("bob and carol got %+v, want one match", rooms)
	}
	select {
	case r := <-s.Found():
		t.Fatalf("the cancelled search found %+v", r)
	default:
	}
	// Alice can search again.
	if _, err := alice.lobby.Matchmake(ctx, 2, 4); err != nil {
		t.Fatalf("Matchmake() after Cancel = %v", err)
	}
}

func TestMatchmakeRefusesSizes(t *testing.T) {
	alice := newPlayer(t, startServer(t), "alice", testVersion, nil)
	for _, n := range [][2]int{{1, 2}, {2, 5}, {3, 2}} {
		if _, err := alice.lobby.Matchmake(context.Background(), n[0], n[1]); !errors.Is(err, signaling.ErrInvalidArgument) {
			t.Errorf("Matchmake(%d, %d) = %v, want ErrInvalidArgument", n[0], n[1], err)
		}
	}
}

func TestLobbyLostConnection(t *testing.T) {
	url, srv := runServer(t)
	alice := newPlayer(t, url, "alice", testVersion, nil)
	if err := alice.lobby.Err(); err != nil {
		t.Fatalf("Err() of an open lobby = %v", err)
	}
	srv.Close() // drops every socket
	select {
	case <-alice.lobby.Done():
	case <-time.After(testWait):
		t.Fatal("lobby not done after the server went away")
	}
	wantFailure(t, "Err()", alice.lobby.Err(), ErrConnectionLost, "Lost the connection to the server")
	_, err := alice.lobby.CreatePrivate(context.Background())
	wantFailure(t, "CreatePrivate() without a connection", err, ErrConnectionLost, "Lost the connection to the server")
}
