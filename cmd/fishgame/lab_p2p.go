package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/signaling/server"
	"github.com/fishgame/fishgame/signaling/server/ice"
)

const (
	// labMatchmakerInterval is how often the lab's embedded server forms
	// matches, so --matchmaker takes milliseconds instead of seconds.
	labMatchmakerInterval = 50 * time.Millisecond
	// labReceiveInterval is how often a real-time lab looks for packets
	// between ticks (the mesh has no arrival notification to wait on). It
	// bounds how late a packet is seen, hence the error of RTT and input
	// latency, at the cost of that many wake-ups per second (see labNap).
	labReceiveInterval = 250 * time.Microsecond
)

// netLabNet is a real network under a lab match: one netplay client per
// player in this process, matched through a signaling server (the embedded
// one on loopback, or --nakama) and connected over WebRTC data channels
// (--transport p2p) or the server's relay (--transport relay). Time is
// real: Wait sleeps until the tick is due, receiving every
// labReceiveInterval meanwhile.
type netLabNet struct {
	clients    []*netplay.Client
	matches    []*netplay.Match     // by slot
	transports []rollback.Transport // by slot
	connect    time.Duration
	start      time.Time
	stop       func()
}

// newNetLabNet starts the server if needed, logs the bots in, forms their
// match and connects it. Close releases everything.
func newNetLabNet(ctx context.Context, cfg labConfig, log *slog.Logger, clientLog *slog.Logger) (n *netLabNet, err error) {
	n = &netLabNet{stop: func() {}}
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	iceServers, err := cfg.ice.servers()
	if err != nil {
		return n, err
	}
	url, key := cfg.nakama, cfg.serverKey
	if url == "" {
		url, n.stop, err = startLabServer(ctx, log)
		if err != nil {
			return n, err
		}
		key = server.DefaultServerKey
	}
	mesh, err := netplay.LoopbackOnly(p2p.Config{RelayOnly: cfg.transport == "relay", ConnectTimeout: cfg.connectTimeout})
	if err != nil {
		return n, err
	}
	ncfg := netplay.Config{
		URL: url, ServerKey: key, ClientVersion: netplay.ClientVersion, Mesh: mesh, ICEServers: iceServers,
		JoinTimeout: cfg.connectTimeout, MatchmakerTimeout: max(cfg.connectTimeout, netplay.DefaultMatchmakerTimeout),
		Logger: clientLog,
	}
	log.Info("lab connecting", "players", cfg.players, "transport", cfg.transport, "server", url, "matchmaker", cfg.matchmaker)
	ctx, cancel := context.WithTimeout(ctx, ncfg.MatchmakerTimeout+2*cfg.connectTimeout)
	defer cancel()
	matches := make([]*netplay.Match, cfg.players)
	clients := make([]*netplay.Client, cfg.players)
	errs := make([]error, cfg.players)
	ids := make(chan string, cfg.players)
	var wg sync.WaitGroup
	for i := range cfg.players {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := netplay.Login(ctx, ncfg)
			if err != nil {
				errs[i] = fmt.Errorf("bot %d: %w", i, err)
				cancel()
				return
			}
			clients[i] = c
			m, err := labForm(ctx, cfg, i, c, ids)
			if err == nil {
				matches[i] = m
				err = m.Connect(ctx)
			}
			if err != nil {
				errs[i] = fmt.Errorf("bot %d: %w", i, err)
				cancel()
			}
		}()
	}
	wg.Wait()
	for _, c := range clients {
		if c != nil {
			n.clients = append(n.clients, c)
		}
	}
	if err := firstCause(errs); err != nil {
		return n, err
	}
	n.matches = make([]*netplay.Match, cfg.players)
	n.transports = make([]rollback.Transport, cfg.players)
	var formed, ready time.Time
	for _, m := range matches {
		t, err := m.Transport()
		if err != nil {
			return n, err
		}
		n.matches[m.Slot()], n.transports[m.Slot()] = m, t
		if formed.IsZero() || m.Formed().Before(formed) {
			formed = m.Formed()
		}
		if m.Ready().After(ready) {
			ready = m.Ready()
		}
	}
	n.connect = ready.Sub(formed)
	log.Info("lab connected", "match", matches[0].ID(), "connect", n.connect.Round(time.Microsecond), "paths", formatPaths(n.Paths()))
	return n, nil
}

// labForm forms bot i's match: the first bot creates it and the others
// join its id, or everyone asks the matchmaker.
func labForm(ctx context.Context, cfg labConfig, i int, c *netplay.Client, ids chan string) (*netplay.Match, error) {
	if cfg.matchmaker {
		return c.Matchmake(ctx, cfg.players, cfg.players)
	}
	if i == 0 {
		m, err := c.Create(ctx, "", cfg.players)
		if err != nil {
			return nil, err
		}
		for range cfg.players - 1 {
			ids <- m.ID()
		}
		return m, nil
	}
	select {
	case id := <-ids:
		return c.Join(ctx, id, cfg.players)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// firstCause returns the most telling error: the bots that failed because
// another one did and cancelled them come last.
func firstCause(errs []error) error {
	var cancelled error
	for _, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, context.Canceled):
			cancelled = err
		default:
			return err
		}
	}
	return cancelled
}

// startLabServer runs the embedded server on a free loopback port with a
// STUN responder on a free UDP port, in a temporary data directory.
func startLabServer(ctx context.Context, log *slog.Logger) (url string, stop func(), err error) {
	dir, err := os.MkdirTemp("", "fishgame-lab-")
	if err != nil {
		return "", nil, fmt.Errorf("lab data directory: %w", err)
	}
	var closers []func()
	stop = func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
		os.RemoveAll(dir)
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	udp, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen stun: %w", err)
	}
	stun, err := ice.NewSTUNServer(udp, log)
	if err != nil {
		udp.Close()
		return "", nil, err
	}
	sctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { stun.Serve(sctx) })
	closers = append(closers, func() { cancel(); stun.Close(); wg.Wait() })

	srv, err := server.New(server.Config{
		DataDir: dir, BcryptCost: bcrypt.MinCost, MatchmakerInterval: labMatchmakerInterval,
		ICE:    ice.ServersConfig{Host: "127.0.0.1", STUNPort: udp.LocalAddr().(*net.UDPAddr).Port},
		Logger: quietLogger(os.Stderr),
	})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	wg.Go(func() {
		if err := srv.Serve(sctx, ln); err != nil {
			log.Warn("lab server stopped", "err", err)
		}
	})
	closers = append(closers, func() { srv.Close(); cancel(); wg.Wait() })
	return "http://" + ln.Addr().String(), stop, nil
}

func (n *netLabNet) Transport(slot int) rollback.Transport { return n.transports[slot] }

// Wait sleeps until the match clock (started by the first Wait) reaches
// tick, waking every labReceiveInterval to let receive handle the packets
// that arrived meanwhile. A cancelled ctx ends it within one interval.
func (n *netLabNet) Wait(ctx context.Context, tick time.Duration, receive func(now time.Duration)) error {
	if n.start.IsZero() {
		n.start = time.Now().Add(-tick)
	}
	deadline := n.start.Add(tick)
	for {
		d := time.Until(deadline)
		if err := ctx.Err(); err != nil || d <= 0 {
			return err
		}
		labNap(min(d, labReceiveInterval))
		receive(n.Now())
	}
}

// Now returns the real time since the match clock started (0 before).
func (n *netLabNet) Now() time.Duration {
	if n.start.IsZero() {
		return 0
	}
	return time.Since(n.start)
}

// Paths counts player pairs by how their packets travel: "p2p" (WebRTC data
// channels), "relay" (the signaling server) or "closed".
func (n *netLabNet) Paths() map[string]int {
	paths := map[string]int{"p2p": 0, "relay": 0}
	for i, m := range n.matches {
		for _, l := range m.Links() {
			if l.Peer <= i {
				continue
			}
			switch l.State {
			case p2p.LinkDirect:
				paths["p2p"]++
			case p2p.LinkRelay:
				paths["relay"]++
			default:
				paths[l.State.String()]++
			}
		}
	}
	return paths
}

// logLinks logs every link's path, RTT and drops after the match.
func (n *netLabNet) logLinks(log *slog.Logger) {
	for i, m := range n.matches {
		for _, l := range m.Links() {
			if l.Peer <= i {
				continue
			}
			log.Info("lab link", "pair", fmt.Sprintf("%d-%d", i, l.Peer), "state", l.State.String(), "path", l.Path,
				"rtt", l.RTT, "packets_out", l.PacketsOut, "packets_in", l.PacketsIn, "dropped", l.Dropped,
				"wire_bytes_out", l.WireBytesOut, "reason", l.Reason)
		}
	}
}

// Close leaves the match on every client and stops the embedded server.
func (n *netLabNet) Close() {
	var wg sync.WaitGroup
	for _, c := range n.clients {
		wg.Go(func() { c.Close() })
	}
	wg.Wait()
	n.stop()
}

// quietLogger keeps warnings and errors only.
func quietLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
