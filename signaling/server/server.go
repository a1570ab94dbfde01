package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// sessionPruneInterval is how often ended sessions are forgotten.
const sessionPruneInterval = time.Minute

// shutdownTimeout bounds how long Serve waits for REST requests in flight.
const shutdownTimeout = 5 * time.Second

// Server is the embedded Nakama-compatible server.
type Server struct {
	cfg    Config
	log    *slog.Logger
	store  *store
	tokens *tokens
	hub    *hub
	mm     *matchmaking
	// authIP and authAccount limit authentication per client IP and per
	// account.
	authIP, authAccount *keyedLimiter
	rpc                 map[string]rpcFunc
	upgrader            websocket.Upgrader
	handler             http.Handler

	sessionsWG sessionGroup
	quit       chan struct{} // closed by Close
	stop       context.CancelFunc
	background sync.WaitGroup
	closeOnce  sync.Once
	closeErr   error
}

// New opens (or creates) the data directory and returns a ready server.
// Background work (the matchmaker) starts at once; call Close to stop it.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := cfg.ICE.Validate(); err != nil {
		return nil, fmt.Errorf("%w: ice servers: %w", ErrConfig, err)
	}
	ctx := context.Background()
	st, err := openStore(ctx, cfg.DataDir, cfg.Now, cfg.Logger)
	if err != nil {
		return nil, err
	}
	tok, err := newTokens(ctx, st, cfg)
	if err != nil {
		st.close()
		return nil, err
	}
	if err := st.ensureLeaderboard(ctx, leaderboard{id: WinsLeaderboard, sortOrder: "desc", operator: opIncr}); err != nil {
		st.close()
		return nil, err
	}
	s := &Server{
		cfg:         cfg,
		log:         cfg.Logger,
		store:       st,
		tokens:      tok,
		quit:        make(chan struct{}),
		authIP:      newKeyedLimiter(cfg.AuthIPRate, cfg.AuthIPBurst),
		authAccount: newKeyedLimiter(cfg.AuthAccountRate, cfg.AuthAccountBurst),
		upgrader: websocket.Upgrader{
			HandshakeTimeout: 10 * time.Second,
			WriteBufferPool:  &sync.Pool{},
			CheckOrigin:      func(*http.Request) bool { return true },
		},
	}
	s.hub = newHub(s)
	s.mm = newMatchmaking(s)
	s.rpc = s.rpcs()
	s.handler = s.routes()
	bg, stop := context.WithCancel(context.Background())
	s.stop = stop
	s.background.Add(2)
	go func() {
		defer s.background.Done()
		s.mm.run(bg, cfg.MatchmakerInterval)
	}()
	go func() {
		defer s.background.Done()
		s.pruneSessions(bg)
	}()
	return s, nil
}

// Handler returns the server's HTTP handler (REST, /ws and /healthcheck),
// e.g. for httptest.NewServer.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on ln until ctx ends or the server is closed, then shuts down
// gracefully: it stops accepting, lets REST requests finish and closes every
// socket with 1001. It returns nil after a shutdown, and ErrClosed if the
// server was already closed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	select {
	case <-s.quit:
		return ErrClosed
	default:
	}
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("fishgame server listening", slog.String("addr", ln.Addr().String()))
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	case <-ctx.Done():
	case <-s.quit:
	}
	s.log.Info("fishgame server shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	s.closeSockets()
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// closeSockets refuses new sockets, closes every live one with 1001 and
// waits for them to end.
func (s *Server) closeSockets() {
	s.sessionsWG.close()
	for _, c := range s.hub.all() {
		c.fail(closeGoingAway, reasonShutdown, 0)
	}
	s.sessionsWG.wait()
}

// Close stops background work, closes every socket and the database. It is
// safe to call more than once and after Serve returned.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.quit)
		s.stop()
		s.closeSockets()
		s.background.Wait()
		s.closeErr = s.store.close()
	})
	return s.closeErr
}

func (s *Server) pruneSessions(ctx context.Context) {
	t := time.NewTicker(sessionPruneInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.tokens.prune(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("prune sessions", slog.Any("err", err))
			}
		}
	}
}

// sessionGroup counts live sockets and refuses new ones once closed.
type sessionGroup struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (g *sessionGroup) tryAdd() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.wg.Add(1)
	return true
}

func (g *sessionGroup) done() { g.wg.Done() }

func (g *sessionGroup) isClosed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closed
}

func (g *sessionGroup) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

func (g *sessionGroup) wait() { g.wg.Wait() }
