package netplay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/game/bot"
	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/signaling/server"
	"github.com/fishgame/fishgame/signaling/server/ice"
)

// testWait bounds every wait of a test; nothing sleeps.
const testWait = 20 * time.Second

// fastTick is the frame duration of direct test matches: four times real
// time, paced by a ticker, so a few hundred frames take about a second.
// Relayed matches run at the real 60 Hz: faster would exceed the server's
// per-socket message rate (240/s by default), which closes the socket.
const fastTick = 4 * time.Millisecond

// env is an embedded server with a STUN responder on loopback.
type env struct {
	srv  *server.Server
	http *httptest.Server
	url  string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, nil)
}

// newEnvWith is newEnv with the server's handler wrapped by wrap (nil
// leaves it bare), for tests that make the server misbehave.
func newEnvWith(t testing.TB, wrap func(http.Handler) http.Handler) *env {
	t.Helper()
	udp, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stun, err := ice.NewSTUNServer(udp, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); stun.Serve(ctx) }()
	t.Cleanup(func() { cancel(); stun.Close(); <-done })

	srv, err := server.New(server.Config{
		DataDir: t.TempDir(), BcryptCost: bcrypt.MinCost, MatchmakerInterval: 20 * time.Millisecond,
		ICE:    ice.ServersConfig{Host: "127.0.0.1", STUNPort: udp.LocalAddr().(*net.UDPAddr).Port},
		Logger: quiet(),
	})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); hs.Close() })
	return &env{srv: srv, http: hs, url: hs.URL}
}

// stop stops the signaling server: every socket closes.
func (e *env) stop() {
	e.srv.Close()
	e.http.Close()
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func (e *env) config(t testing.TB, relayOnly bool) netplay.Config {
	t.Helper()
	mesh, err := netplay.LoopbackOnly(p2p.Config{RelayOnly: relayOnly, ConnectTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return netplay.Config{URL: e.url, ServerKey: server.DefaultServerKey, ClientVersion: "test.1",
		Mesh: mesh, JoinTimeout: testWait, MatchmakerTimeout: testWait, Logger: quiet()}
}

// formFunc forms player i's match.
type formFunc func(ctx context.Context, i int, c *netplay.Client, first <-chan string) (*netplay.Match, error)

// createJoin: player 0 creates a fresh match, the others join its id.
func createJoin(players int) formFunc {
	return func(ctx context.Context, i int, c *netplay.Client, first <-chan string) (*netplay.Match, error) {
		if i == 0 {
			return c.Create(ctx, "", players)
		}
		select {
		case id := <-first:
			return c.Join(ctx, id, players)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func byName(name string, players int) formFunc {
	return func(ctx context.Context, _ int, c *netplay.Client, _ <-chan string) (*netplay.Match, error) {
		return c.Create(ctx, name, players)
	}
}

func matchmaker(players int) formFunc {
	return func(ctx context.Context, _ int, c *netplay.Client, _ <-chan string) (*netplay.Match, error) {
		return c.Matchmake(ctx, players, players)
	}
}

// connectAll logs n clients in concurrently, forms their match with form
// and connects it. It returns the matches by slot and each client's error.
func connectAll(t testing.TB, cfgs []netplay.Config, form formFunc) ([]*netplay.Match, []error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	n := len(cfgs)
	matches := make([]*netplay.Match, n)
	errs := make([]error, n)
	first := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := netplay.Login(ctx, cfgs[i])
			if err != nil {
				errs[i] = err
				return
			}
			t.Cleanup(func() { c.Close() })
			m, err := form(ctx, i, c, first)
			if err != nil {
				errs[i] = err
				return
			}
			if i == 0 {
				for range n - 1 {
					first <- m.ID()
				}
			}
			matches[i] = m
			errs[i] = m.Connect(ctx)
		}()
	}
	wg.Wait()
	return matches, errs
}

func connected(t *testing.T, cfgs []netplay.Config, form formFunc) []*netplay.Match {
	t.Helper()
	matches, errs := connectAll(t, cfgs, form)
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("connect: %v", err)
	}
	bySlot := make([]*netplay.Match, len(matches))
	for _, m := range matches {
		s := m.Slot()
		if bySlot[s] != nil {
			t.Fatalf("two players in slot %d", s)
		}
		bySlot[s] = m
	}
	for _, m := range bySlot[1:] {
		if m.ID() != bySlot[0].ID() || m.Seed() != bySlot[0].Seed() {
			t.Fatalf("match %s seed %d, want %s seed %d", m.ID(), m.Seed(), bySlot[0].ID(), bySlot[0].Seed())
		}
	}
	return bySlot
}

// play runs every match's game for frames frames with bots and checks
// that the peers agree on the checksum of the last frame all confirmed.
// tickAll plays one tick of every game: the bots' inputs for the games short
// of frames, a poll for the finished ones. A desync fails the test.
func tickAll(t *testing.T, games []*netplay.Game, bots []*bot.Bot, now time.Duration, frames int32) {
	t.Helper()
	for i, g := range games {
		if g.Frame() >= frames {
			g.Poll(now)
			continue
		}
		if err := g.Tick(now, bots[i].Input(g.State())); err != nil {
			t.Fatal(err)
		}
		for _, e := range g.Events() {
			switch e.Kind {
			case rollback.EventDesync:
				t.Fatalf("player %d: desync at frame %d (%#x vs %#x)", i, e.Frame, e.Local, e.Remote)
			case rollback.EventInterrupted, rollback.EventDisconnected:
				t.Logf("player %d: event %v peer %d at frame %d", i, e.Kind, e.Peer, g.Frame())
			}
		}
	}
}

// botGames starts a game with opts on every match, and a bot for each.
func botGames(t *testing.T, matches []*netplay.Match, opts ...rollback.Option) ([]*netplay.Game, []*bot.Bot) {
	t.Helper()
	games := make([]*netplay.Game, len(matches))
	bots := make([]*bot.Bot, len(matches))
	for i, m := range matches {
		g, err := m.NewGame(opts...)
		if err != nil {
			t.Fatal(err)
		}
		games[i], bots[i] = g, bot.New(m.Seed(), i)
	}
	return games, bots
}

// tickUntil ticks every game with its bot every tickDur, up to frame
// limit, until done reports true; it fails after wait.
func tickUntil(t *testing.T, games []*netplay.Game, bots []*bot.Bot, tickDur, wait time.Duration, limit int32, done func() bool) {
	t.Helper()
	tick := time.NewTicker(tickDur)
	defer tick.Stop()
	start := time.Now()
	deadline := time.After(wait)
	for !done() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("match stuck at frame %d after %v", games[0].Frame(), wait)
		}
		tickAll(t, games, bots, time.Since(start), limit)
	}
}

func play(t *testing.T, matches []*netplay.Match, frames int32, tickDur time.Duration) []*netplay.Game {
	t.Helper()
	games, bots := botGames(t, matches, rollback.WithFrameDuration(tickDur))
	tickUntil(t, games, bots, tickDur, testWait, frames, func() bool {
		for _, g := range games {
			if g.Frame() < frames {
				return false
			}
		}
		return true
	})
	confirmed := int32(1 << 30)
	for _, g := range games {
		confirmed = min(confirmed, g.Stats().ConfirmedFrame)
	}
	if confirmed < frames/2 {
		t.Fatalf("confirmed frame %d after %d frames", confirmed, frames)
	}
	for i, g := range games {
		for _, e := range g.Events() {
			if e.Kind == rollback.EventDesync {
				t.Errorf("player %d: desync at frame %d (%#x vs %#x)", i, e.Frame, e.Local, e.Remote)
			}
		}
	}
	want, ok := games[0].ChecksumAt(confirmed)
	for i, g := range games {
		got, ok2 := g.ChecksumAt(confirmed)
		if !ok || !ok2 || got != want {
			for j, g := range games {
				st := g.Stats()
				t.Logf("player %d: frame %d confirmed %d, signaling %v", j, st.Frame, st.ConfirmedFrame, matches[j].SignalingErr())
				for f := confirmed - 5; f <= confirmed; f++ {
					s, _ := g.ChecksumAt(f)
					t.Logf("  %d: %#x", f, s)
				}
			}
			t.Fatalf("player %d: ChecksumAt(%d) = %#x, %v; player 0 has %#x, %v", i, confirmed, got, ok2, want, ok)
		}
	}
	return games
}

func checkPaths(t *testing.T, matches []*netplay.Match, want p2p.LinkState) {
	t.Helper()
	for _, m := range matches {
		for _, l := range m.Links() {
			if l.Peer != m.Slot() && l.State != want {
				t.Errorf("slot %d link to %d: state %v (path %q, reason %v), want %v", m.Slot(), l.Peer, l.State, l.Path, l.Reason, want)
			}
		}
	}
}

func configs(t testing.TB, e *env, n int, relayOnly bool) []netplay.Config {
	cfgs := make([]netplay.Config, n)
	for i := range cfgs {
		cfgs[i] = e.config(t, relayOnly)
	}
	return cfgs
}

func TestMatchEndToEnd(t *testing.T) {
	tests := []struct {
		name    string
		players int
		form    func(int) formFunc
		relay   bool
	}{
		{"create-join/2", 2, createJoin, false},
		{"create-join/4", 4, createJoin, false},
		{"by-name/3", 3, func(n int) formFunc { return byName("room-3", n) }, false},
		{"matchmaker/2", 2, matchmaker, false},
		{"matchmaker/4", 4, matchmaker, false},
		{"relay/4", 4, createJoin, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			matches := connected(t, configs(t, e, tt.players, tt.relay), tt.form(tt.players))
			want := p2p.LinkDirect
			if tt.relay {
				want = p2p.LinkRelay
			}
			checkPaths(t, matches, want)
			frames, tick := int32(300), fastTick
			if tt.relay {
				frames, tick = 150, rollback.DefaultFrameDuration
			}
			games := play(t, matches, frames, tick)
			for _, g := range games {
				for q := range tt.players {
					if ps, ok := g.PeerStats(q); ok && (ps.Disconnected || ps.PacketsReceived == 0) {
						t.Errorf("slot %d sees peer %d: %+v", g.Slot(), q, ps)
					}
				}
			}
		})
	}
}

func TestMatchSurvivesSignalingServer(t *testing.T) {
	e := newEnv(t)
	matches := connected(t, configs(t, e, 3, false), createJoin(3))
	e.stop()
	for _, m := range matches {
		select {
		case <-waitFor(func() bool { return m.SignalingErr() != nil }):
		case <-time.After(testWait):
			t.Fatal("socket still open after the server stopped")
		}
	}
	play(t, matches, 300, fastTick)
	checkPaths(t, matches, p2p.LinkDirect)
}

// waitFor polls cond on a ticker and closes the channel once it holds.
func waitFor(cond func() bool) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		tk := time.NewTicker(time.Millisecond)
		defer tk.Stop()
		for !cond() {
			<-tk.C
		}
		close(ch)
	}()
	return ch
}

func TestVersionMismatch(t *testing.T) {
	e := newEnv(t)
	cfgs := configs(t, e, 2, false)
	cfgs[1].ClientVersion = "test.2"
	_, errs := connectAll(t, cfgs, byName("mixed", 2))
	for i, err := range errs {
		if !errors.Is(err, netplay.ErrVersionMismatch) {
			t.Errorf("player %d: Connect = %v, want ErrVersionMismatch", i, err)
		}
	}
	if msg := fmt.Sprint(errs[0]); !strings.Contains(msg, "you run test.1: update to play together") {
		t.Errorf("player 0: Connect = %q, want it to say who runs which version", errs[0])
	}
}

func TestMatchFull(t *testing.T) {
	e := newEnv(t)
	matches := connected(t, configs(t, e, 2, false), createJoin(2))
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	c, err := netplay.Login(ctx, e.config(t, false))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	m, err := c.Join(ctx, matches[0].ID(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Connect(ctx); !errors.Is(err, netplay.ErrMatchFull) {
		t.Errorf("third player: Connect = %v, want ErrMatchFull", err)
	}
	play(t, matches, 120, fastTick)
}

func TestBadConfig(t *testing.T) {
	ctx := context.Background()
	tests := []netplay.Config{
		{ClientVersion: "v1"},
		{URL: "http://127.0.0.1:1", ClientVersion: "bad version"},
		{URL: "http://127.0.0.1:1", ClientVersion: "v1", DeviceID: "short"},
		{URL: "http://127.0.0.1:1", ClientVersion: "v1", JoinTimeout: -time.Second},
	}
	for i, cfg := range tests {
		if _, err := netplay.Login(ctx, cfg); !errors.Is(err, netplay.ErrBadConfig) {
			t.Errorf("Login(case %d) = %v, want ErrBadConfig", i, err)
		}
	}
}

func TestParseICEServers(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{`{"ice_servers":[{"urls":["stun:h:3478"]}]}`, "[stun:h:3478 /]", false},
		{`{"ice_servers":[{"urls":["stun:a:1"]},{"urls":["turn:b:2?transport=udp"],"username":"u","credential":"p"}]}`, "[stun:a:1 /][turn:b:2?transport=udp u/p]", false},
		{`{"ice_servers":[{"urls":[]}]}`, "", false},
		{`{}`, "", false},
		{`not json`, "", true},
		{`{"ice_servers":"x"}`, "", true},
	}
	for _, tt := range tests {
		got, err := netplay.ParseICEServers(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseICEServers(%s) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		s := ""
		for _, v := range got {
			cred, _ := v.Credential.(string)
			s += fmt.Sprintf("[%s %s/%s]", v.URLs[0], v.Username, cred)
		}
		if s != tt.want {
			t.Errorf("ParseICEServers(%s) = %s, want %s", tt.in, s, tt.want)
		}
	}
}

func TestSeedFromMatchID(t *testing.T) {
	a, b := netplay.SeedFromMatchID("0b9c1d3e-0000-4000-8000-000000000001."), netplay.SeedFromMatchID("0b9c1d3e-0000-4000-8000-000000000002.")
	if a == b || a != netplay.SeedFromMatchID("0b9c1d3e-0000-4000-8000-000000000001.") {
		t.Errorf("SeedFromMatchID: %d, %d; want stable and distinct", a, b)
	}
	if _, err := game.New(game.Config{Players: 2, Seed: a}); err != nil {
		t.Errorf("game.New with a match seed: %v", err)
	}
}

// TestLeaveAndRematch: after leaving a match, the same clients form and
// connect another one.
func TestLeaveAndRematch(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	clients := make([]*netplay.Client, 2)
	for i := range clients {
		c, err := netplay.Login(ctx, e.config(t, false))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		clients[i] = c
	}
	for round, name := range []string{"first", "second"} {
		matches := make([]*netplay.Match, 2)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, c := range clients {
			wg.Go(func() {
				m, err := c.Create(ctx, name, 2)
				if err == nil {
					matches[i], err = m, m.Connect(ctx)
				}
				errs[i] = err
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		bySlot := []*netplay.Match{matches[0], matches[1]}
		if bySlot[0].Slot() != 0 {
			bySlot[0], bySlot[1] = bySlot[1], bySlot[0]
		}
		play(t, bySlot, 60, fastTick)
		for _, m := range matches {
			if err := m.Leave(); err != nil {
				t.Errorf("round %d: Leave = %v", round, err)
			}
		}
	}
}

// TestCloseWhileConnecting: closing the client ends a Connect that is
// still waiting for players.
func TestCloseWhileConnecting(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(context.Background(), testWait)
	defer cancel()
	c, err := netplay.Login(ctx, e.config(t, false))
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Create(ctx, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Connect(ctx) }()
	if err := c.Close(); err != nil {
		t.Errorf("Close = %v", err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, netplay.ErrClosed) {
			t.Errorf("Connect after Close = %v, want ErrClosed", err)
		}
	case <-ctx.Done():
		t.Fatal("Connect still waiting after Close")
	}
}
