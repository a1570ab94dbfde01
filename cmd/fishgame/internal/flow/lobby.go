package flow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/heroiclabs/nakama-common/rtapi"

	"github.com/fishgame/fishgame/signaling"
)

// Match sizes the lobby finds.
const (
	MinPlayers = signaling.MinPlayers
	MaxPlayers = signaling.MaxPlayers
)

// maxCodeTries bounds the draws of a free share code.
const maxCodeTries = 5

// LobbyConfig configures a Lobby.
type LobbyConfig struct {
	// ClientVersion is this build's version (netplay.ClientVersion):
	// published to those who try the player's code, compared with the
	// code's players, and matched on by the matchmaker. Required.
	ClientVersion string
	// Socket tunes the lobby's realtime socket.
	Socket signaling.SocketConfig
	// Now is the clock of matchmaker searches; nil means time.Now.
	Now func() time.Time
	// Logger receives the lobby's events; nil means slog.Default().
	Logger *slog.Logger
}

// Room is a match the lobby found, for the ready room to join.
type Room struct {
	// Code is the private match's share code; empty for the matchmaker's.
	Code ShareCode
	// Creator tells that this player made the code: the ready room
	// creates the match by Code.MatchName(). The others join MatchID,
	// which fails when the match is gone.
	Creator bool
	// MatchID is the private match's id; empty for the matchmaker's.
	MatchID string
	// Token is the matchmaker's token to join the match with; it expires
	// 30 s after the match was made.
	Token string
	// Players is how many players the matchmaker matched; 0 for a
	// private match.
	Players int
}

// Lobby finds matches for a logged-in player: it makes a private match's
// share code, checks a code before the player joins its match, and asks
// the matchmaker. It has its own realtime socket, on which it also
// publishes the player's room status (SetState), which is how those who
// try a code learn that its match started or runs another version. Its
// methods are safe for concurrent use.
type Lobby struct {
	cfg  LobbyConfig
	sock *signaling.Socket
	done chan struct{}

	mu        sync.Mutex
	adding    bool                                // a Matchmake waits for its ticket
	search    *Search                             // the search waiting for its match
	unclaimed map[string]*rtapi.MatchmakerMatched // by ticket
}

// maxUnclaimed bounds the matchmaker matches kept for a ticket whose
// reply is still on its way (the server knows only our few tickets).
const maxUnclaimed = 4

// OpenLobby opens the lobby of sess.
func OpenLobby(ctx context.Context, sess *signaling.Session, cfg LobbyConfig) (*Lobby, error) {
	if !signaling.ValidClientVersion(cfg.ClientVersion) {
		return nil, fmt.Errorf("open lobby: client version %q: %w", cfg.ClientVersion, signaling.ErrInvalidArgument)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	sock, err := sess.Dial(ctx, cfg.Socket)
	if err != nil {
		return nil, lost("open lobby", err)
	}
	l := &Lobby{cfg: cfg, sock: sock, done: make(chan struct{}), unclaimed: make(map[string]*rtapi.MatchmakerMatched)}
	go l.pump()
	return l, nil
}

// lost explains a failure of the lobby's socket.
func lost(op string, err error) error {
	var re *signaling.RealtimeError
	if errors.As(err, &re) {
		return failure(ErrServer, "The server refused: "+re.Message, fmt.Errorf("%s: %w", op, err))
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	return failure(ErrConnectionLost, "Lost the connection to the server", fmt.Errorf("%s: %w", op, err))
}

// pump reads the socket's events until it closes, handing matchmaker
// matches to their search; everything else (status events of the players
// a code check follows, a code check's match) is dropped.
func (l *Lobby) pump() {
	defer close(l.done)
	for env := range l.sock.Events() {
		mm := env.GetMatchmakerMatched()
		if mm == nil {
			continue
		}
		l.mu.Lock()
		s := l.search
		if s != nil && s.ticket == mm.GetTicket() {
			l.search = nil
		} else {
			s = nil
			if len(l.unclaimed) < maxUnclaimed {
				l.unclaimed[mm.GetTicket()] = mm
			}
		}
		l.mu.Unlock()
		if s != nil {
			s.deliver(mm)
		}
	}
}

// Done is closed when the lobby's socket closed; Err tells why. A search
// then finds nothing: a matchmaker screen waits on Done too.
func (l *Lobby) Done() <-chan struct{} { return l.done }

// Err returns why the lobby's socket closed, nil while it is open.
func (l *Lobby) Err() error {
	select {
	case <-l.done:
		return lost("lobby", l.sock.Err())
	default:
		return nil
	}
}

// Close closes the lobby's socket: its status is gone and its search
// ends on the server.
func (l *Lobby) Close() error {
	err := l.sock.Close()
	<-l.done
	if errors.Is(err, signaling.ErrSocketClosed) {
		return nil
	}
	return err
}

// CreatePrivate makes a share code no match goes by, publishes that this
// player is in its room, and returns the room to create.
func (l *Lobby) CreatePrivate(ctx context.Context) (Room, error) {
	for range maxCodeTries {
		code := NewShareCode()
		m, err := l.sock.JoinMatch(ctx, code.MatchID(), nil)
		if isMatchNotFound(err) {
			if err := l.SetState(ctx, code, InRoom); err != nil {
				return Room{}, err
			}
			return Room{Code: code, Creator: true, MatchID: code.MatchID()}, nil
		}
		if err != nil {
			return Room{}, lost("create private match", err)
		}
		l.leave(m.GetMatchId()) // the code is taken: draw another
	}
	return Room{}, failure(ErrServer, "Could not find a free code: try again", nil)
}

// JoinCode checks the match of code before the player joins it: a code no
// match goes by is ErrNoMatch, a match of MaxPlayers is ErrMatchFull, one
// whose players published that it started is ErrMatchStarted, and one
// whose players run another version is ErrOtherVersion, each an *Error
// with the line for the player. To see the members, the lobby's socket
// joins the match for a moment and leaves it. A match that passes gets
// the player's InRoom status.
func (l *Lobby) JoinCode(ctx context.Context, code ShareCode) (Room, error) {
	m, err := l.sock.JoinMatch(ctx, code.MatchID(), nil)
	if isMatchNotFound(err) {
		return Room{}, failure(ErrNoMatch, "No match with the code "+code.String(), err)
	}
	if err != nil {
		return Room{}, lost("join code "+code.String(), err)
	}
	defer l.leave(m.GetMatchId())
	var others []*rtapi.UserPresence
	for _, p := range m.GetPresences() {
		if p.GetSessionId() != m.GetSelf().GetSessionId() {
			others = append(others, p)
		}
	}
	if len(others) >= MaxPlayers {
		return Room{}, failure(ErrMatchFull, fmt.Sprintf("The match %s is full: it has %d players", code, len(others)), nil)
	}
	if err := l.checkMembers(ctx, code, others); err != nil {
		return Room{}, err
	}
	if err := l.SetState(ctx, code, InRoom); err != nil {
		return Room{}, err
	}
	return Room{Code: code, MatchID: code.MatchID()}, nil
}

// checkMembers reads the room status of the match's members: ErrOtherVersion
// when one runs another version, ErrMatchStarted when one is playing.
// Members without a status about this code (a client that does not
// publish one) pass.
func (l *Lobby) checkMembers(ctx context.Context, code ShareCode, members []*rtapi.UserPresence) error {
	if len(members) == 0 {
		return nil
	}
	ids := make([]string, 0, len(members))
	names := make(map[string]string, len(members))
	for _, p := range members {
		if _, dup := names[p.GetUserId()]; !dup {
			ids = append(ids, p.GetUserId())
		}
		names[p.GetUserId()] = p.GetUsername()
	}
	statuses, err := l.sock.FollowStatus(ctx, ids...)
	if err != nil {
		return lost("read room status", err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), l.requestTimeout())
		defer cancel()
		if err := l.sock.UnfollowStatus(ctx, ids...); err != nil {
			l.cfg.Logger.Debug("lobby: unfollow status", "err", err)
		}
	}()
	started := false
	for _, p := range statuses {
		st, err := parseRoomStatus(p.GetStatus().GetValue())
		if err != nil || st.Code != code {
			continue
		}
		if st.Version != l.cfg.ClientVersion {
			name := names[p.GetUserId()]
			if name == "" {
				name = p.GetUsername()
			}
			return failure(ErrOtherVersion, fmt.Sprintf("%s runs version %s, you run %s: update to play together",
				name, st.Version, l.cfg.ClientVersion), nil)
		}
		started = started || st.State == Playing
	}
	if started {
		return failure(ErrMatchStarted, fmt.Sprintf("The match %s has already started", code), nil)
	}
	return nil
}

// SetState publishes where the player is: InRoom in the ready room of
// code (CreatePrivate and JoinCode do it), Playing once its match started,
// so that a player who tries the code hears why they can't join.
func (l *Lobby) SetState(ctx context.Context, code ShareCode, state RoomState) error {
	st := roomStatus{Code: code, Version: l.cfg.ClientVersion, State: state}
	if err := l.sock.UpdateStatus(ctx, st.encode()); err != nil {
		return lost("publish room status", err)
	}
	return nil
}

// ClearState publishes that the player is in no room any more.
func (l *Lobby) ClearState(ctx context.Context) error {
	if err := l.sock.UpdateStatus(ctx, ""); err != nil {
		return lost("clear room status", err)
	}
	return nil
}

// leave leaves a match the lobby joined to look at it.
func (l *Lobby) leave(matchID string) {
	ctx, cancel := context.WithTimeout(context.Background(), l.requestTimeout())
	defer cancel()
	if err := l.sock.LeaveMatch(ctx, matchID); err != nil {
		l.cfg.Logger.Debug("lobby: leave looked-at match", "match", matchID, "err", err)
	}
}

// requestTimeout bounds the lobby's clean-up requests.
func (l *Lobby) requestTimeout() time.Duration {
	if t := l.cfg.Socket.RequestTimeout; t > 0 {
		return t
	}
	return signaling.DefaultRequestTimeout
}

// isMatchNotFound reports whether err is the server's "Match not found".
func isMatchNotFound(err error) bool {
	var re *signaling.RealtimeError
	return errors.As(err, &re) && re.Code == int32(rtapi.Error_MATCH_NOT_FOUND)
}
