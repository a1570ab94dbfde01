package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/fishgame/fishgame/game"
	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/signaling/server"
)

// labConfig is one lab run, from the command line.
type labConfig struct {
	transport  string
	players    int
	frames     int
	seed       uint64
	latency    time.Duration
	jitter     time.Duration
	loss       float64
	dup        float64
	reorder    float64
	inputDelay int
	json       bool

	// Real transports (p2p, relay).
	nakama         string
	serverKey      string
	matchmaker     bool
	connectTimeout time.Duration
	ice            iceFlags
}

// labNet is the network a lab match runs over: the transport of each peer
// (peers are player slots) and the clock. The sim network moves virtual time
// in Wait; a real transport sleeps until the tick.
type labNet interface {
	// Transport returns the transport of the peer playing slot.
	Transport(slot int) rollback.Transport
	// Wait returns once the match clock reached tick (the start is 0).
	// Meanwhile it calls receive with the match time whenever packets may
	// have arrived, so they are handled between ticks: the sim at each
	// delivery, a real network every labReceiveInterval.
	Wait(ctx context.Context, tick time.Duration, receive func(now time.Duration)) error
	// Now returns the match clock: virtual time in the sim, real time since
	// the first Wait otherwise (a little past the tick Wait returned for).
	Now() time.Duration
	// Paths counts peer pairs per path kind, such as {"sim": 6}.
	Paths() map[string]int
}

func runLab(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("lab", flag.ContinueOnError)
	var cfg labConfig
	fs.StringVar(&cfg.transport, "transport", "sim", "network under the match: sim (in-memory network in virtual time), p2p (WebRTC data channels on loopback, real time) or relay (every packet through the signaling server, real time)")
	fs.IntVar(&cfg.players, "players", 2, "number of players, one bot per peer (2-4)")
	fs.IntVar(&cfg.frames, "frames", 3600, "frames every peer plays (60 per second)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the match, the bots and the network")
	fs.DurationVar(&cfg.latency, "client-latency", 40*time.Millisecond, "one-way latency of every link")
	fs.DurationVar(&cfg.jitter, "jitter", 5*time.Millisecond, "latency varies by up to ± this much per packet")
	fs.Float64Var(&cfg.loss, "loss", 0.02, "probability a packet is lost (0-1)")
	fs.Float64Var(&cfg.dup, "dup", 0, "probability a packet is delivered twice (0-1)")
	fs.Float64Var(&cfg.reorder, "reorder", 0, "probability a packet is held back and overtaken (0-1)")
	fs.IntVar(&cfg.inputDelay, "input-delay", rollback.DefaultInputDelay, fmt.Sprintf("frames of input delay (0-%d)", rollback.MaxInputDelay))
	fs.BoolVar(&cfg.json, "json", false, "print one JSON object instead of a table")
	fs.StringVar(&cfg.nakama, "nakama", "", "p2p/relay: base URL of a Nakama (or fishgame server) to match through, like http://127.0.0.1:7350; default: start the embedded server on loopback")
	fs.StringVar(&cfg.serverKey, "server-key", server.DefaultServerKey, "p2p/relay: server key of the --nakama server")
	fs.BoolVar(&cfg.matchmaker, "matchmaker", false, "p2p/relay: form the match through the matchmaker instead of create/join")
	cfg.ice.register(fs, "p2p/relay: ")
	fs.DurationVar(&cfg.connectTimeout, "connect-timeout", p2p.DefaultConnectTimeout, "p2p/relay: how long players may take to join, and a link to open before it falls back to the relay")
	setUsage(fs, `Usage: fishgame lab [flags]

Plays a bot match of the real game through rollback sessions, one peer per
player, over the chosen transport, and reports netcode figures: RTT, input
latency, rollbacks, bandwidth, and whether every peer's confirmed checksum
agrees. It exits non-zero on a desync or disagreeing checksums.

The sim transport runs in virtual time with the configured latency, jitter, loss,
duplication and reordering. p2p and relay run one headless client per player in
this process, matched through the embedded server (or --nakama) and connected over
loopback, in real time at 60 Hz; connect_ms is from match formed to all links ready.
Sessions send inputs once per tick but handle packets as they arrive between ticks
(the sim at each delivery; p2p and relay every 0.25 ms on Linux, at Go's timer
resolution elsewhere), so rtt_ms and input_latency_ms are not rounded to ticks.
Each link's own round trip (ICE) and drops are logged on stderr at the end.

Examples:
  fishgame lab --players 4 --client-latency 80ms --jitter 20ms --loss 0.1 --json
  fishgame lab --transport p2p --players 4 --frames 600 --json
  fishgame lab --transport relay --nakama http://127.0.0.1:7350 --server-key defaultkey --matchmaker

`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if err := cfg.validateTransport(fs); err != nil {
		return err
	}
	// Each transport builds its network and reports how long connecting
	// every pair took (nothing to connect in the sim).
	var net labNet
	var connect time.Duration
	switch cfg.transport {
	case "sim":
		net = newSimLabNet(cfg)
	case "p2p", "relay":
		rn, err := newNetLabNet(ctx, cfg, slog.Default(), quietLogger(os.Stderr))
		if err != nil {
			return err
		}
		defer rn.Close()
		defer rn.logLinks(slog.Default())
		net, connect = rn, rn.connect
	default:
		return usagef("--transport %q, expected sim, p2p or relay", cfg.transport)
	}
	progress := stderrProgress(cfg.frames)
	if cfg.transport != "sim" {
		progress = realTimeProgress(cfg.frames)
	}
	start := time.Now()
	rep, err := playLab(ctx, cfg, net, progress)
	if err != nil {
		return err
	}
	rep.ConnectMS = round2(float64(connect) / float64(time.Millisecond))
	if cfg.json {
		enc := json.NewEncoder(stdout)
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		rep.writeTable(stdout, time.Since(start))
	}
	return rep.verdict()
}

// verdict fails a run with a desync or disagreeing final checksums.
func (r *labReport) verdict() error {
	switch {
	case r.Desyncs > 0:
		return fmt.Errorf("%d desync events (first at frame %d)", r.Desyncs, r.firstDesync)
	case !r.ChecksumsAgree:
		return fmt.Errorf("peers disagree on the checksum of confirmed frame %d", r.finalFrame)
	}
	return nil
}

func (c labConfig) validate() error {
	prob := func(name string, v float64) error {
		if !(v >= 0 && v <= 1) {
			return usagef("--%s %v, expected a probability from 0 to 1", name, v)
		}
		return nil
	}
	switch {
	case c.players < game.MinPlayers || c.players > game.MaxPlayers:
		return usagef("--players %d, expected %d to %d", c.players, game.MinPlayers, game.MaxPlayers)
	case c.frames < 1:
		return usagef("--frames %d, expected 1 or more", c.frames)
	case c.latency < 0:
		return usagef("--client-latency %v, expected 0 or more", c.latency)
	case c.jitter < 0:
		return usagef("--jitter %v, expected 0 or more", c.jitter)
	case c.inputDelay < 0 || c.inputDelay > rollback.MaxInputDelay:
		return usagef("--input-delay %d, expected 0 to %d", c.inputDelay, rollback.MaxInputDelay)
	}
	return errors.Join(prob("loss", c.loss), prob("dup", c.dup), prob("reorder", c.reorder))
}

// validateTransport refuses flags that do not apply to the chosen
// transport, so a run never silently ignores what the user asked for.
func (c labConfig) validateTransport(fs *flag.FlagSet) error {
	simOnly := map[string]bool{"client-latency": true, "jitter": true, "loss": true, "dup": true, "reorder": true}
	realOnly := map[string]bool{"nakama": true, "server-key": true, "matchmaker": true, "connect-timeout": true, "ice-server": true, "ice-username": true, "ice-credential": true}
	var err error
	fs.Visit(func(f *flag.Flag) {
		switch {
		case err != nil:
		case c.transport == "sim" && realOnly[f.Name]:
			err = usagef("--%s applies to --transport p2p or relay, not sim", f.Name)
		case c.transport != "sim" && simOnly[f.Name]:
			err = usagef("--%s applies to --transport sim only (p2p and relay run on the real loopback network)", f.Name)
		}
	})
	switch {
	case err != nil:
		return err
	case c.connectTimeout <= 0:
		return usagef("--connect-timeout %v, expected more than 0", c.connectTimeout)
	case c.nakama != "" && !strings.HasPrefix(c.nakama, "http://") && !strings.HasPrefix(c.nakama, "https://"):
		return usagef("--nakama %q, expected a URL like http://127.0.0.1:7350", c.nakama)
	}
	return nil
}

// realTimeProgress logs progress every 10 seconds of a real-time match.
func realTimeProgress(frames int) func(frame int32) {
	if frames < 1200 {
		return func(int32) {}
	}
	return func(frame int32) {
		if frame%600 == 0 {
			slog.Info("lab progress", "frame", frame, "of", frames)
		}
	}
}

// stderrProgress logs progress every 10 000 frames for long runs.
func stderrProgress(frames int) func(frame int32) {
	if frames < 20000 {
		return func(int32) {}
	}
	return func(frame int32) {
		if frame%10000 == 0 {
			slog.Info("lab progress", "frame", frame, "of", frames)
		}
	}
}

// playLab plays cfg's match over net and measures it.
func playLab(ctx context.Context, cfg labConfig, net labNet, progress func(frame int32)) (*labReport, error) {
	peers := make([]*labPeer, cfg.players)
	for i := range peers {
		p, err := newLabPeer(net.Transport(i), cfg, i)
		if err != nil {
			return nil, err
		}
		peers[i] = p
	}
	lat := newLabLatency(cfg.players, cfg.frames)
	var rtts []time.Duration
	tick := rollback.DefaultFrameDuration
	// A match that stalls for good (every link dead) ends after this long.
	limit := time.Duration(cfg.frames)*tick*4 + 10*time.Second
	// Between ticks every peer, playing or done, handles packets as they
	// arrive: quality reports are answered at once and inputs are stamped
	// when they land, so RTT and input latency are not rounded to ticks.
	receive := func(at time.Duration) {
		for _, p := range peers {
			p.receive(at, lat)
		}
	}
	var now time.Duration
	lastProgress := int32(0)
	for {
		done := true
		for _, p := range peers {
			if int(p.sess.Frame()) < cfg.frames {
				done = false
			}
		}
		if done {
			break
		}
		if now > limit {
			return nil, fmt.Errorf("match stuck at frame %d after %v of match time", peers[0].sess.Frame(), now)
		}
		now += tick
		if err := net.Wait(ctx, now, receive); err != nil {
			return nil, err
		}
		for _, p := range peers {
			// Each peer acts at the clock's time when its turn comes (later
			// than the tick in real time), so its samples are stamped
			// truly.
			at := net.Now()
			if int(p.sess.Frame()) >= cfg.frames {
				// Done: keep answering the others until they are done too.
				p.sess.Poll(at)
				p.drainEvents()
				continue
			}
			if err := p.step(at, lat); err != nil {
				return nil, err
			}
			rtts = p.newRTTs(cfg.players, rtts)
		}
		if f := peers[0].sess.Frame(); f != lastProgress {
			lastProgress = f
			progress(f)
		}
		if now%time.Second < tick {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	return newLabReport(cfg, peers, net.Paths(), now, rtts, lat.samples), nil
}
