package lab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/signaling/server"
)

const (
	// matchmakerInterval is how often the lab's embedded server forms
	// matches, so --matchmaker takes milliseconds instead of seconds.
	matchmakerInterval = 50 * time.Millisecond
	// receiveInterval is how often a real-time lab looks for packets
	// between ticks (the mesh has no arrival notification to wait on). It
	// bounds how late a packet is seen, hence the error of RTT and input
	// latency, at the cost of that many wake-ups per second (see nap).
	receiveInterval = 250 * time.Microsecond
)

// realNet is a real network under a lab match: one netplay client per
// player in this process, matched through a signaling server (the embedded
// one on loopback, or --nakama) and connected over WebRTC data channels
// (--transport p2p) or the server's relay (--transport relay). Time is
// real: Wait sleeps until the tick is due, receiving every
// receiveInterval meanwhile.
type realNet struct {
	clients    []*netplay.Client
	matches    []*netplay.Match     // by slot
	transports []rollback.Transport // by slot
	connect    time.Duration
	start      time.Time
	stop       func()

	// The model on the packet paths: the vnet under WebRTC (p2p only)
	// and each player's proxy in front of the server.
	vnet    *p2pModel
	proxies []*streamProxy
	links   []*accessLink // by slot: the access links of the proxies
}

// newRealNet starts the server if needed, logs the bots in, forms their
// match and connects it. Close releases everything.
func newRealNet(ctx context.Context, cfg Config) (n *realNet, err error) {
	log, clientLog := cfg.log(), quietLogger(os.Stderr)
	n = &realNet{stop: func() {}}
	defer func() {
		if err != nil {
			n.Close()
		}
	}()
	iceServers := cfg.ICEServers
	url, key := cfg.Nakama, cfg.ServerKey
	if url == "" {
		url, n.stop, err = startServer(ctx, log)
		if err != nil {
			return n, err
		}
		key = server.DefaultServerKey
	}
	ncfgs, err := n.model(cfg, url)
	if err != nil {
		return n, err
	}
	for i := range ncfgs {
		ncfgs[i].ServerKey, ncfgs[i].ICEServers, ncfgs[i].Logger = key, iceServers, clientLog
	}
	ncfg := ncfgs[0]
	log.Info("lab connecting", "players", cfg.Players, "transport", cfg.Transport, "server", url, "matchmaker", cfg.Matchmaker, "model", cfg.Model.String())
	ctx, cancel := context.WithTimeout(ctx, ncfg.MatchmakerTimeout+2*cfg.ConnectTimeout)
	defer cancel()
	matches := make([]*netplay.Match, cfg.Players)
	clients := make([]*netplay.Client, cfg.Players)
	errs := make([]error, cfg.Players)
	ids := make(chan string, cfg.Players)
	var wg sync.WaitGroup
	for i := range cfg.Players {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := netplay.Login(ctx, ncfgs[i])
			if err != nil {
				errs[i] = fmt.Errorf("bot %d: %w", i, err)
				cancel()
				return
			}
			clients[i] = c
			m, err := form(ctx, cfg, i, c, ids)
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
	n.matches = make([]*netplay.Match, cfg.Players)
	n.transports = make([]rollback.Transport, cfg.Players)
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
	log.Info("lab connected", "match", n.matchID(), "connect", n.connect.Round(time.Microsecond), "paths", formatPaths(n.Paths()))
	return n, nil
}

// form forms bot i's match: the first bot creates it and the others
// join its id, or everyone asks the matchmaker.
func form(ctx context.Context, cfg Config, i int, c *netplay.Client, ids chan string) (*netplay.Match, error) {
	if cfg.Matchmaker {
		return c.Matchmake(ctx, cfg.Players, cfg.Players)
	}
	if i == 0 {
		m, err := c.Create(ctx, "", cfg.Players)
		if err != nil {
			return nil, err
		}
		for range cfg.Players - 1 {
			ids <- m.ID()
		}
		return m, nil
	}
	select {
	case id := <-ids:
		return c.Join(ctx, id, cfg.Players)
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

// matchID is the match's id, without the trailing dot of a server with
// no node name.
func (n *realNet) matchID() string { return strings.TrimSuffix(n.matches[0].ID(), ".") }

func (n *realNet) Transport(slot int) rollback.Transport { return n.transports[slot] }

// Wait sleeps until the match clock (started by the first Wait) reaches
// tick, waking every receiveInterval to let receive handle the packets
// that arrived meanwhile. A cancelled ctx ends it within one interval.
func (n *realNet) Wait(ctx context.Context, tick time.Duration, receive func(now time.Duration)) error {
	if n.start.IsZero() {
		n.start = time.Now().Add(-tick)
	}
	deadline := n.start.Add(tick)
	for {
		d := time.Until(deadline)
		if err := ctx.Err(); err != nil || d <= 0 {
			return err
		}
		nap(min(d, receiveInterval))
		receive(n.Now())
	}
}

// Now returns the real time since the match clock started (0 before).
func (n *realNet) Now() time.Duration {
	if n.start.IsZero() {
		return 0
	}
	return time.Since(n.start)
}

// Paths counts player pairs by how their packets travel: "p2p" (WebRTC data
// channels), "relay" (the signaling server) or "closed".
func (n *realNet) Paths() map[string]int {
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
func (n *realNet) logLinks(log *slog.Logger) {
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

// model puts cfg.Model on every bot's paths: a proxy per player in front
// of the server at url (signaling and relay), and a vnet under WebRTC for
// p2p. It returns each bot's client config.
func (n *realNet) model(cfg Config, url string) ([]netplay.Config, error) {
	host, ok := strings.CutPrefix(url, "http://")
	if !ok {
		return nil, fmt.Errorf("%w: --nakama %q: the lab's network model needs a plain http:// server to put its proxy in front of", ErrBadConfig, url)
	}
	host, _, _ = strings.Cut(host, "/")
	if cfg.Transport == TransportP2P {
		v, err := newP2PModel(cfg.Model, cfg.Seed, cfg.Players)
		if err != nil {
			return nil, err
		}
		n.vnet = v
	}
	out := make([]netplay.Config, cfg.Players)
	for i := range out {
		link := newAccessLink(cfg.Model, cfg.Seed^0x5eed, i)
		p, err := newStreamProxy(host, cfg.Model, link)
		if err != nil {
			return nil, err
		}
		n.proxies, n.links = append(n.proxies, p), append(n.links, link)
		mesh := p2p.Config{RelayOnly: cfg.Transport == TransportRelay, ConnectTimeout: cfg.ConnectTimeout,
			NetworkTypes: []webrtc.NetworkType{webrtc.NetworkTypeUDP4}}
		if n.vnet != nil {
			mesh.Net = n.vnet.Net(i)
		}
		out[i] = netplay.Config{
			URL: "http://" + p.Addr(), ClientVersion: netplay.ClientVersion, Mesh: mesh,
			// The server's STUN responder is on the real loopback, out of
			// the vnet's reach; the bots share one virtual LAN anyway.
			SkipICERPC:  true,
			JoinTimeout: cfg.ConnectTimeout, MatchmakerTimeout: max(cfg.ConnectTimeout, netplay.DefaultMatchmakerTimeout),
		}
	}
	return out, nil
}

// Links counts what the access links the run's packets crossed did: the
// vnet's for p2p, the proxies' for the relay.
func (n *realNet) Links() LinkStats {
	if n.vnet != nil {
		return linkStats(n.vnet.accessLinks())
	}
	return linkStats(n.links)
}

// Close leaves the match on every client, stops the model and the
// embedded server.
func (n *realNet) Close() {
	var wg sync.WaitGroup
	for _, c := range n.clients {
		wg.Go(func() { c.Close() })
	}
	wg.Wait()
	for _, p := range n.proxies {
		p.Close()
	}
	if n.vnet != nil {
		n.vnet.Close()
	}
	n.stop()
}

// quietLogger keeps warnings and errors only.
func quietLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
