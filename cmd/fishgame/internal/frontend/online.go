package frontend

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"log/slog"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/rollback"
)

// OnlineConfig chooses how to find an online match.
type OnlineConfig struct {
	// Login says how to reach the signaling server.
	Login netplay.Config
	// Match is the name of the match to create or join; empty with
	// Matchmaker false creates a fresh match and logs its id.
	Match string
	// Matchmaker asks the server's matchmaker for a match instead.
	Matchmaker bool
	// Players is the match size (the most players for the matchmaker).
	Players int
	// Logger receives progress and warnings; nil means slog.Default().
	Logger *slog.Logger
}

// connected is what the connecting goroutine hands to the scene.
type connected struct {
	client *netplay.Client
	match  *netplay.Match
	game   *netplay.Game
	err    error
}

// bannerFrames is how long a session message stays on screen.
const bannerFrames = 180

// OnlineMatch is the scene of an online match: it logs in, forms and
// connects the match in the background while showing progress, then feeds
// the local player's input to the rollback session once per tick and draws
// its (possibly predicted) state. Effects play only for first-seen frames,
// so rollbacks never replay a sound.
type OnlineMatch struct {
	cfg      OnlineConfig
	log      *slog.Logger
	view     *view
	controls controls

	cancel   context.CancelFunc
	status   chan string
	result   chan connected
	lines    []string
	finished bool

	client *netplay.Client
	match  *netplay.Match
	game   *netplay.Game
	start  time.Time
	menu   bool
	left   bool

	banner      string
	bannerLeft  int
	disconnects [game.MaxPlayers]bool
	ticks       int
	ping        string
}

// NewOnlineMatch starts connecting in the background; ctx bounds the
// connection (cancelling it abandons the match). Close releases the match.
func NewOnlineMatch(ctx context.Context, cfg OnlineConfig, sp *Speaker) (*OnlineMatch, error) {
	if cfg.Players < game.MinPlayers || cfg.Players > game.MaxPlayers {
		return nil, fmt.Errorf("%w: %d players, want %d..%d", ErrOptions, cfg.Players, game.MinPlayers, game.MaxPlayers)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	ctx, cancel := context.WithCancel(ctx)
	m := &OnlineMatch{
		cfg: cfg, log: cfg.Logger, view: newView(sp, uint64(time.Now().UnixNano())),
		cancel: cancel, status: make(chan string, 16), result: make(chan connected, 1),
	}
	go m.connect(ctx)
	return m, nil
}

// say reports connection progress without ever blocking the connection.
func (m *OnlineMatch) say(msg string) {
	m.log.Info("online: " + msg)
	select {
	case m.status <- msg:
	default:
	}
}

// connect logs in, forms the match, connects the mesh and starts the
// rollback session, then hands everything to the scene.
func (m *OnlineMatch) connect(ctx context.Context) {
	r := connected{}
	defer func() { m.result <- r }()
	m.say("logging in to " + m.cfg.Login.URL)
	c, err := netplay.Login(ctx, m.cfg.Login)
	if err != nil {
		r.err = fmt.Errorf("log in to %s: %w", m.cfg.Login.URL, err)
		return
	}
	r.client = c
	var match *netplay.Match
	switch {
	case m.cfg.Matchmaker:
		m.say(fmt.Sprintf("looking for %d to %d players", game.MinPlayers, m.cfg.Players))
		match, err = c.Matchmake(ctx, game.MinPlayers, m.cfg.Players)
	default:
		m.say(fmt.Sprintf("joining match %q", m.cfg.Match))
		match, err = c.Create(ctx, m.cfg.Match, m.cfg.Players)
	}
	if err != nil {
		r.err = fmt.Errorf("form match: %w", err)
		return
	}
	r.match = match
	m.say(fmt.Sprintf("match %s: waiting for %d players", match.ID(), match.Players()))
	if err := match.Connect(ctx); err != nil {
		r.err = fmt.Errorf("connect match %s: %w", match.ID(), err)
		return
	}
	m.say("connected: starting")
	g, err := match.NewGame()
	if err != nil {
		r.err = fmt.Errorf("start game: %w", err)
		return
	}
	r.game = g
}

// Update implements Scene.
func (m *OnlineMatch) Update(*SceneManager) error {
	if m.game == nil {
		return m.updateConnecting()
	}
	now := time.Since(m.start)
	_, over := m.game.State().Winner()
	if m.controls.menuPressed() {
		if over {
			return m.leave(now)
		}
		m.menu = !m.menu
	}
	if m.menu && inpututil.IsKeyJustPressed(ebiten.KeyQ) {
		return m.leave(now)
	}
	var in game.Input
	if !m.menu {
		in = m.controls.read(0, 1)
	}
	if err := m.game.Tick(now, in); err != nil {
		return fmt.Errorf("online match: %w", err)
	}
	// Tick advances at most one new frame; the State's events are that
	// frame's, or the last frame's again while time sync holds this peer
	// back. The filter passes each event once.
	m.view.observe(m.game.State())
	for _, e := range m.game.Events() {
		m.sessionEvent(e)
	}
	if m.bannerLeft > 0 {
		m.bannerLeft--
	}
	if m.ticks++; m.ticks%30 == 1 {
		m.ping = m.pingText()
	}
	return nil
}

// pingText sums up the links: the worst round-trip time to a live peer.
func (m *OnlineMatch) pingText() string {
	var worst time.Duration
	measured := false
	for slot := range m.match.Players() {
		st, ok := m.game.PeerStats(slot)
		if slot == m.game.Slot() || !ok || st.Disconnected || st.RTTSamples == 0 {
			continue
		}
		worst, measured = max(worst, st.RTT), true
	}
	if !measured {
		return ""
	}
	return fmt.Sprintf("PING %dMS", worst.Milliseconds())
}

// leave tells the peers this player leaves and ends the run.
func (m *OnlineMatch) leave(now time.Duration) error {
	m.game.Leave(now)
	m.left = true
	return ebiten.Termination
}

// sessionEvent shows what the rollback session reports about the peers.
func (m *OnlineMatch) sessionEvent(e rollback.Event) {
	switch e.Kind {
	case rollback.EventInterrupted:
		m.show(fmt.Sprintf("P%d NOT RESPONDING - DROPPED IN %.0fS", e.Peer+1, e.DisconnectIn.Seconds()))
	case rollback.EventResumed:
		m.show(fmt.Sprintf("P%d IS BACK", e.Peer+1))
	case rollback.EventDisconnected:
		if e.Player >= 0 && e.Player < game.MaxPlayers {
			m.disconnects[e.Player] = true
		}
		m.show(fmt.Sprintf("P%d LEFT THE MATCH", e.Peer+1))
		m.log.Warn("online: peer disconnected", "peer", e.Peer, "frame", e.Frame)
	case rollback.EventDesync:
		m.show(fmt.Sprintf("DESYNC WITH P%d AT FRAME %d", e.Peer+1, e.Frame))
		m.log.Error("online: desync", "peer", e.Peer, "frame", e.Frame,
			"local", fmt.Sprintf("%#016x", e.Local), "remote", fmt.Sprintf("%#016x", e.Remote))
	}
}

// show puts msg in the banner for a few seconds.
func (m *OnlineMatch) show(msg string) {
	m.banner, m.bannerLeft = msg, bannerFrames
}

// updateConnecting follows the connection until the game starts.
func (m *OnlineMatch) updateConnecting() error {
	for drained := false; !drained; {
		select {
		case s := <-m.status:
			m.lines = append(m.lines, s)
			if len(m.lines) > 5 {
				m.lines = m.lines[1:]
			}
		default:
			drained = true
		}
	}
	if m.controls.menuPressed() {
		return ebiten.Termination
	}
	select {
	case r := <-m.result:
		m.finished = true
		m.client, m.match, m.game = r.client, r.match, r.game
		if r.err != nil {
			return r.err
		}
		m.start = time.Now()
		m.view.observe(m.game.State()) // the first round's start
		m.log.Info("online: playing", "match", m.match.ID(), "slot", m.game.Slot(), "players", m.match.Players())
	default:
	}
	return nil
}

// Draw implements Scene.
func (m *OnlineMatch) Draw(dst *ebiten.Image) {
	if m.game == nil {
		dst.DrawImage(m.view.world.water, nil)
		lines := append([]string{}, m.lines...)
		lines = append(lines, "", "ESC  CANCEL")
		m.view.hud.drawMenu(dst, "CONNECTING", lines...)
		return
	}
	s := m.game.State()
	m.view.draw(dst, s, m.game.Slot())
	for slot, gone := range m.disconnects {
		if gone {
			x := 4 + slot*100 + 17 + textWidth("P4*") + 2
			rect(dst, float32(x), 1, 36, hudHeight-2, color.Black)
			m.view.hud.text.draw(dst, "LEFT", x, -1, 1, textGold)
		}
	}
	if m.ping != "" {
		m.view.hud.text.draw(dst, m.ping, ScreenWidth-textWidth(m.ping)-5, ScreenHeight-16, 1, textDim)
	}
	switch {
	case m.menu:
		m.view.hud.drawMenu(dst, "MENU", "THE MATCH GOES ON", "ESC  BACK TO THE GAME", "Q    LEAVE THE MATCH")
	case s.Phase() == game.PhaseMatchOver:
		m.view.hud.drawMatchOver(dst, s, "ESC: LEAVE")
	}
	if m.bannerLeft > 0 {
		m.view.hud.drawBanner(dst, m.banner, textGold)
	}
}

// Close abandons a connection in progress, then leaves the match and logs
// out. It is safe to call more than once.
func (m *OnlineMatch) Close() error {
	m.cancel()
	if !m.finished {
		r := <-m.result
		m.finished = true
		m.client = r.client
	}
	if m.game != nil && !m.left {
		// The window was closed without leaving through the menu.
		m.game.Leave(time.Since(m.start))
		m.left = true
	}
	if m.client == nil {
		return nil
	}
	err := m.client.Close()
	m.client = nil
	if err != nil && !errors.Is(err, netplay.ErrClosed) {
		return fmt.Errorf("close client: %w", err)
	}
	return nil
}
