package frontend

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game"
)

// OnlineConfig chooses how to find an online match.
type OnlineConfig struct {
	// Login says how to reach the signaling server.
	Login netplay.Config
	// Match is the name of the match to create or join (everyone using the
	// same name meets); ignored with Matchmaker.
	Match string
	// Matchmaker asks the server's matchmaker for a match instead.
	Matchmaker bool
	// Players is the match size (the most players for the matchmaker).
	Players int
	// Keys is the keyboard layout (either player's keys move the local
	// fish); the zero Keymap means DefaultKeymap.
	Keys Keymap
	// Logger receives progress and warnings; nil means slog.Default().
	Logger *slog.Logger
}

// connected is what the connecting goroutine hands over.
type connected struct {
	client *netplay.Client
	match  *netplay.Match
	game   *netplay.Game
	err    error
}

// OnlineMatch is one online match from logging in to leaving. Its first
// scene (Scene) shows the connection's progress while a goroutine logs in,
// forms the match, connects the mesh and starts the rollback session; then
// the match scene feeds the local player's input to the session once per
// tick and draws its (possibly predicted) state, while a receiver hands
// the session the packets arriving between ticks. Once the match's end is
// final, the player's result goes to the leaderboard in the background
// and the match-end screen shows the update. Close releases everything.
type OnlineMatch struct {
	cfg    OnlineConfig
	log    *slog.Logger
	sound  *Speaker
	cancel context.CancelFunc
	status chan string
	result chan connected
	done   bool // result was received

	client *netplay.Client
	match  *netplay.Match
	game   *netplay.Game
	recv   *receiver // guards game against the receiving goroutine
	start  time.Time
	left   bool
	report *netplay.Report // the leaderboard update, once the end is final
	board  resultReport    // report, or why the final result is not reported
}

// NewOnlineMatch starts connecting in the background; ctx bounds the
// connection (cancelling it abandons the match). Sounds play on sp.
func NewOnlineMatch(ctx context.Context, cfg OnlineConfig, sp *Speaker) (*OnlineMatch, error) {
	if cfg.Players < game.MinPlayers || cfg.Players > game.MaxPlayers {
		return nil, fmt.Errorf("%w: %d players, want %d..%d", ErrOptions, cfg.Players, game.MinPlayers, game.MaxPlayers)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Keys[0].Left == nil {
		cfg.Keys = DefaultKeymap()
	}
	ctx, cancel := context.WithCancel(ctx)
	o := &OnlineMatch{
		cfg: cfg, log: cfg.Logger, sound: sp, cancel: cancel,
		status: make(chan string, 16), result: make(chan connected, 1),
	}
	go o.connect(ctx)
	return o, nil
}

// Scene returns the first scene of the match: the connection screen.
func (o *OnlineMatch) Scene() Scene {
	return &connectScene{online: o, view: newView(o.sound, uint64(time.Now().UnixNano()))}
}

// say reports connection progress without ever blocking the connection.
func (o *OnlineMatch) say(msg string) {
	o.log.Info("online: " + msg)
	select {
	case o.status <- msg:
	default:
	}
}

// connect logs in, forms the match, connects the mesh and starts the
// rollback session, then hands everything over through o.result.
func (o *OnlineMatch) connect(ctx context.Context) {
	r := connected{}
	defer func() { o.result <- r }()
	o.say("logging in to " + o.cfg.Login.URL)
	c, err := netplay.Login(ctx, o.cfg.Login)
	if err != nil {
		r.err = fmt.Errorf("log in to %s: %w", o.cfg.Login.URL, err)
		return
	}
	r.client = c
	var match *netplay.Match
	if o.cfg.Matchmaker {
		o.say(fmt.Sprintf("looking for %d to %d players", game.MinPlayers, o.cfg.Players))
		match, err = c.Matchmake(ctx, game.MinPlayers, o.cfg.Players)
	} else {
		o.say(fmt.Sprintf("joining match %q", o.cfg.Match))
		match, err = c.Create(ctx, o.cfg.Match, o.cfg.Players)
	}
	if err != nil {
		r.err = fmt.Errorf("form match: %w", err)
		return
	}
	r.match = match
	o.say(fmt.Sprintf("waiting for %d players", match.Players()))
	if err := match.Connect(ctx); err != nil {
		r.err = fmt.Errorf("connect match %s: %w", match.ID(), err)
		return
	}
	o.say("connected: starting")
	g, err := match.NewGame()
	if err != nil {
		r.err = fmt.Errorf("start game: %w", err)
		return
	}
	r.game = g
}

// take stores the connection's outcome.
func (o *OnlineMatch) take(r connected) error {
	o.done = true
	o.client, o.match, o.game = r.client, r.match, r.game
	if r.err != nil {
		return r.err
	}
	o.start = time.Now()
	o.recv = startReceiver(o.game, o.now)
	o.log.Info("online: playing", "match", o.match.ID(), "slot", o.game.Slot(), "players", o.match.Players())
	return nil
}

// reportResult starts the leaderboard update of the match's result once
// its end is final (it does nothing before, and nothing again after); the
// caller holds o.recv. The update runs in the background, bounded by the
// client's LeaderboardTimeout, not by this scene: Close waits for it, so
// a player who leaves right after the end still has the result counted.
func (o *OnlineMatch) reportResult() {
	if o.board != nil {
		return
	}
	if _, final := o.game.Outcome(); !final {
		return
	}
	r, err := o.game.Report(context.Background())
	if err != nil {
		o.log.Warn("online: no leaderboard update", "err", err)
		o.board = unreported(err)
		return
	}
	o.report, o.board = r, r
}

// leaderboard returns the leaderboard update, nil until the match's end is
// final.
func (o *OnlineMatch) leaderboard() resultReport { return o.board }

// now returns the match time: a monotonic clock started when the match
// connected.
func (o *OnlineMatch) now() time.Duration { return time.Since(o.start) }

// leave tells the other players this one leaves the game.
func (o *OnlineMatch) leave() {
	if o.game == nil || o.left {
		return
	}
	o.left = true
	if o.recv == nil {
		o.game.Leave(o.now())
		return
	}
	o.recv.do(func() { o.game.Leave(o.now()) })
}

// Close abandons a connection in progress, or leaves the match, then logs
// out. It is safe to call more than once.
func (o *OnlineMatch) Close() error {
	o.cancel()
	if !o.done {
		r := <-o.result
		o.done = true
		o.client, o.game = r.client, r.game
	}
	if o.report != nil {
		select {
		case <-o.report.Done():
		default:
			o.log.Info("online: waiting for the leaderboard update")
			<-o.report.Done()
		}
	}
	o.leave()
	if o.recv != nil {
		o.recv.close()
	}
	if o.client == nil {
		return nil
	}
	err := o.client.Close()
	o.client = nil
	if err != nil && !errors.Is(err, netplay.ErrClosed) {
		return fmt.Errorf("close client: %w", err)
	}
	return nil
}
