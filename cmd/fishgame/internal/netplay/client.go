package netplay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/fishgame/fishgame/signaling"
	"github.com/heroiclabs/nakama-common/rtapi"
	"github.com/pion/webrtc/v4"
)

// maxPending bounds the match events kept while a match reply is awaited
// (Nakama may send our own join and early data before the reply).
const maxPending = 256

// Client is one logged-in player: a session, a realtime socket and the
// goroutine that reads it. It plays one match at a time. Its methods are
// safe for concurrent use.
type Client struct {
	cfg  Config
	log  *slog.Logger
	sess *signaling.Session
	sock *signaling.Socket
	ice  []webrtc.ICEServer

	install chan handler
	matched chan *rtapi.MatchmakerMatched
	stop    chan struct{}
	done    chan struct{}

	mu    sync.Mutex
	match handler // the current match or room
	once  sync.Once
}

// handler is what the event pump feeds: a Match or a Room.
type handler interface {
	// matchID returns the Nakama match it belongs to.
	matchID() string
	// handle applies one match event.
	handle(env *rtapi.Envelope)
	// installed runs once the pump has handed it the events that came
	// before it was installed.
	installed()
	// signalingLost reports that the socket closed.
	signalingLost(err error)
	// shutdown stops any waiting and leaves the match (Client.Close).
	shutdown() error
}

// Login authenticates cfg's device (creating the account if needed), opens
// the realtime socket and fetches the ICE servers from the ice_servers RPC
// (a server without that RPC only logs a warning).
func Login(ctx context.Context, cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	nc, err := signaling.NewClient(cfg.URL, cfg.ServerKey, signaling.WithLogger(cfg.Logger), signaling.WithClock(cfg.Now))
	if err != nil {
		return nil, fmt.Errorf("signaling client: %w", err)
	}
	sess, err := nc.AuthenticateDevice(ctx, cfg.DeviceID, true, cfg.Username)
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if cfg.Username != "" && !sess.Created() && sess.Username() != cfg.Username {
		// The server names an account only when it creates it.
		cfg.Logger.Warn(fmt.Sprintf("username %q not used: this device already has the account %q, which keeps its name",
			cfg.Username, sess.Username()), "device", cfg.DeviceID)
	}
	return open(ctx, cfg, sess)
}

// Open is Login for a session authenticated some other way (by email, or
// restored from a remembered refresh token): it opens the realtime socket
// and fetches the ICE servers. cfg's DeviceID and Username are ignored.
func Open(ctx context.Context, cfg Config, sess *signaling.Session) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return open(ctx, cfg, sess)
}

// open starts a client on an authenticated session; cfg has its defaults.
func open(ctx context.Context, cfg Config, sess *signaling.Session) (*Client, error) {
	c := &Client{
		cfg: cfg, log: cfg.Logger.With("user", sess.Username()), sess: sess,
		ice:     append([]webrtc.ICEServer(nil), cfg.ICEServers...),
		install: make(chan handler), matched: make(chan *rtapi.MatchmakerMatched, 1),
		stop: make(chan struct{}), done: make(chan struct{}),
	}
	if !cfg.SkipICERPC {
		servers, err := fetchICEServers(ctx, sess)
		if err != nil {
			c.log.Warn("no ICE servers from the server; using configured ones only", "err", err)
		}
		c.ice = append(c.ice, servers...)
	}
	sock, err := sess.Dial(ctx, cfg.Socket)
	if err != nil {
		return nil, fmt.Errorf("open realtime socket: %w", err)
	}
	c.sock = sock
	go c.pump()
	return c, nil
}

// fetchICEServers calls the ice_servers RPC.
func fetchICEServers(ctx context.Context, sess *signaling.Session) ([]webrtc.ICEServer, error) {
	payload, err := sess.RPC(ctx, "ice_servers", "{}")
	if err != nil {
		return nil, fmt.Errorf("ice_servers rpc: %w", err)
	}
	return ParseICEServers(payload)
}

// ParseICEServers decodes the ice_servers RPC payload,
// {"ice_servers":[{"urls":[...],"username":...,"credential":...}]}.
func ParseICEServers(payload string) ([]webrtc.ICEServer, error) {
	var doc struct {
		ICEServers []struct {
			URLs       []string `json:"urls"`
			Username   string   `json:"username"`
			Credential string   `json:"credential"`
		} `json:"ice_servers"`
	}
	if err := json.Unmarshal([]byte(payload), &doc); err != nil {
		return nil, fmt.Errorf("ice_servers payload: %w", err)
	}
	out := make([]webrtc.ICEServer, 0, len(doc.ICEServers))
	for _, s := range doc.ICEServers {
		if len(s.URLs) == 0 {
			continue
		}
		srv := webrtc.ICEServer{URLs: s.URLs, Username: s.Username}
		if s.Credential != "" {
			srv.Credential = s.Credential
		}
		out = append(out, srv)
	}
	return out, nil
}

// ICEServers returns the STUN/TURN servers this client's meshes use.
func (c *Client) ICEServers() []webrtc.ICEServer { return append([]webrtc.ICEServer(nil), c.ice...) }

// Session returns the client's session, for the calls a Client does not
// wrap (account, leaderboard, logout).
func (c *Client) Session() *signaling.Session { return c.sess }

// UserID returns the account's user id.
func (c *Client) UserID() string { return c.sess.UserID() }

// Username returns the account's username.
func (c *Client) Username() string { return c.sess.Username() }

// Create creates the match called name, or joins it when another player
// created it first (the id derives from the name); an empty name makes a
// fresh match whose ID the others Join. players is the match size: Connect
// waits for that many members.
func (c *Client) Create(ctx context.Context, name string, players int) (*Match, error) {
	if err := checkPlayers(players); err != nil {
		return nil, err
	}
	return c.form(ctx, players, func(ctx context.Context) (*rtapi.Match, error) { return c.sock.CreateMatch(ctx, name) })
}

// Join joins the match with this id; players is the match size.
func (c *Client) Join(ctx context.Context, matchID string, players int) (*Match, error) {
	if err := checkPlayers(players); err != nil {
		return nil, err
	}
	if matchID == "" {
		return nil, fmt.Errorf("%w: empty match id", ErrBadConfig)
	}
	return c.form(ctx, players, func(ctx context.Context) (*rtapi.Match, error) { return c.sock.JoinMatch(ctx, matchID, nil) })
}

// Matchmake asks the matchmaker for a match of minPlayers to maxPlayers
// players running our client version, waits (up to MatchmakerTimeout) for
// it and joins it.
func (c *Client) Matchmake(ctx context.Context, minPlayers, maxPlayers int) (*Match, error) {
	mm, err := c.matchmake(ctx, minPlayers, maxPlayers)
	if err != nil {
		return nil, err
	}
	return c.form(ctx, len(mm.GetUsers()), func(ctx context.Context) (*rtapi.Match, error) { return c.sock.JoinMatchToken(ctx, mm.GetToken(), nil) })
}

// MatchmakeRoom is Matchmake for a ready room: the matched players meet in
// a Room and get ready there.
func (c *Client) MatchmakeRoom(ctx context.Context, minPlayers, maxPlayers int) (*Room, error) {
	mm, err := c.matchmake(ctx, minPlayers, maxPlayers)
	if err != nil {
		return nil, err
	}
	return c.JoinRoomToken(ctx, mm.GetToken())
}

// JoinRoomToken enters the room of a match the matchmaker made, with its
// token (from this client's matchmaker or another socket's, such as a
// lobby's); the token expires 30 s after the match was made.
func (c *Client) JoinRoomToken(ctx context.Context, token string) (*Room, error) {
	if token == "" {
		return nil, fmt.Errorf("%w: empty matchmaker token", ErrBadConfig)
	}
	return c.formRoom(ctx, func(ctx context.Context) (*rtapi.Match, error) { return c.sock.JoinMatchToken(ctx, token, nil) })
}

// matchmake asks the matchmaker for minPlayers to maxPlayers players and
// waits for the match.
func (c *Client) matchmake(ctx context.Context, minPlayers, maxPlayers int) (*rtapi.MatchmakerMatched, error) {
	if err := errors.Join(checkPlayers(minPlayers), checkPlayers(maxPlayers)); err != nil {
		return nil, err
	}
	if minPlayers > maxPlayers {
		return nil, fmt.Errorf("%w: min players %d above max %d", ErrBadConfig, minPlayers, maxPlayers)
	}
	ticket, err := c.sock.AddMatchmaker(ctx, signaling.MatchmakerRequest{
		MinCount: minPlayers, MaxCount: maxPlayers, ClientVersion: c.cfg.ClientVersion,
	})
	if err != nil {
		return nil, fmt.Errorf("matchmaker: %w", err)
	}
	c.log.Debug("matchmaking", "ticket", ticket)
	wait, cancel := context.WithTimeout(ctx, c.cfg.MatchmakerTimeout)
	defer cancel()
	var mm *rtapi.MatchmakerMatched
	select {
	case mm = <-c.matched:
	case <-c.done:
		return nil, fmt.Errorf("matchmaker: %w: %w", ErrSignalingLost, c.sock.Err())
	case <-wait.Done():
		rm, cancel := context.WithTimeout(context.Background(), c.cfg.SignalTimeout)
		defer cancel()
		if err := c.sock.RemoveMatchmaker(rm, ticket); err != nil {
			c.log.Debug("remove matchmaker ticket", "err", err)
		}
		return nil, fmt.Errorf("matchmaker: no match within %v: %w", c.cfg.MatchmakerTimeout, wait.Err())
	}
	n := len(mm.GetUsers())
	if n < minPlayers || n > maxPlayers {
		return nil, fmt.Errorf("matchmaker: matched %d players, asked for %d-%d: %w", n, minPlayers, maxPlayers, signaling.ErrBadResponse)
	}
	return mm, nil
}

func checkPlayers(n int) error {
	if n < signaling.MinPlayers || n > signaling.MaxPlayers {
		return fmt.Errorf("%w: %d players, expected %d to %d", ErrBadConfig, n, signaling.MinPlayers, signaling.MaxPlayers)
	}
	return nil
}

// form creates or joins a match with do and hands it to the event pump.
func (c *Client) form(ctx context.Context, players int, do func(context.Context) (*rtapi.Match, error)) (*Match, error) {
	m := &Match{c: c, players: players, formedCh: make(chan struct{}), hellosCh: make(chan struct{}), failCh: make(chan struct{})}
	if err := c.claim(m); err != nil {
		return nil, err
	}
	reply, err := do(ctx)
	if err == nil {
		m.id = reply.GetMatchId()
		m.filter, err = signaling.NewFilter(reply, c.cfg.ClientVersion)
	}
	if err != nil {
		c.release(m)
		return nil, fmt.Errorf("form match: %w", err)
	}
	if err := c.installHandler(m); err != nil {
		return nil, fmt.Errorf("form match: %w", err)
	}
	return m, nil
}

// installHandler hands h to the event pump.
func (c *Client) installHandler(h handler) error {
	select {
	case c.install <- h:
		return nil
	case <-c.done:
		return fmt.Errorf("%w: %w", ErrSignalingLost, c.sock.Err())
	}
}

// claim makes h the client's current match, unless it has one.
func (c *Client) claim(h handler) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.match != nil {
		return ErrBusy
	}
	c.match = h
	return nil
}

// release forgets h as the client's current match.
func (c *Client) release(h handler) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.match == h {
		c.match = nil
	}
}

// pump reads the socket's events until it closes, feeding the current
// match. It is the only goroutine that touches a match's filter.
func (c *Client) pump() {
	defer close(c.done)
	var cur handler
	var pending []*rtapi.Envelope
	events := c.sock.Events()
	for {
		select {
		case <-c.stop:
			return
		case m := <-c.install:
			cur = m
			for _, env := range pending {
				if matchIDOf(env) == cur.matchID() {
					cur.handle(env)
				}
			}
			pending = pending[:0]
			cur.installed()
		case env, ok := <-events:
			if !ok {
				err := c.sock.Err()
				if cur != nil {
					cur.signalingLost(err)
				}
				return
			}
			switch {
			case env.GetMatchmakerMatched() != nil:
				select {
				case c.matched <- env.GetMatchmakerMatched():
				default:
					c.log.Warn("extra matchmaker match ignored")
				}
			case env.GetMatchData() != nil || env.GetMatchPresenceEvent() != nil:
				if cur != nil && matchIDOf(env) == cur.matchID() {
					cur.handle(env)
					break
				}
				// A match being formed hears of its members before its
				// create or join reply is installed: keep the newest
				// events until then.
				if len(pending) == maxPending {
					pending = append(pending[:0], pending[1:]...)
				}
				pending = append(pending, env)
			case env.GetError() != nil:
				c.log.Debug("server error event", "code", env.GetError().GetCode(), "message", env.GetError().GetMessage())
			}
		}
	}
}

// matchIDOf returns the match a match data or presence event belongs to.
func matchIDOf(env *rtapi.Envelope) string {
	if md := env.GetMatchData(); md != nil {
		return md.GetMatchId()
	}
	return env.GetMatchPresenceEvent().GetMatchId()
}

// Close leaves the current match (saying goodbye to its players) and closes
// the socket. It is safe to call more than once.
func (c *Client) Close() error {
	var err error
	c.once.Do(func() {
		c.mu.Lock()
		m := c.match
		c.mu.Unlock()
		if m != nil {
			err = m.shutdown()
		}
		close(c.stop)
		err = errors.Join(err, c.sock.Close())
		<-c.done
	})
	if errors.Is(err, signaling.ErrSocketClosed) {
		err = nil // the server went away first: nothing left to close
	}
	return err
}

// now reads the client's clock.
func (c *Client) now() time.Time { return c.cfg.Now() }
