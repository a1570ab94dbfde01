package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/desync"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/lab"
	"github.com/fishgame/fishgame/p2p"
	"github.com/fishgame/fishgame/rollback"
	"github.com/fishgame/fishgame/signaling/server"
)

// labUsage is the lab's -h text, before its flags.
const labUsage = `Usage: fishgame lab [flags]

Plays a bot match of the real game through rollback sessions, one peer per
player, over the chosen transport, and reports netcode figures: RTT, input
latency, rollbacks, bandwidth, disconnects (who dropped whom, from which
frame, why) and whether the confirmed checksums agree among the peers that
played to the end together (none dropped another).

The sim transport runs in virtual time with the configured latency, jitter, loss,
duplication and reordering. p2p and relay run one headless client per player in
this process, matched through the embedded server (or --nakama) and connected over
loopback, in real time at 60 Hz; connect_ms is from match formed to all links ready.
Sessions send inputs once per tick but handle packets as they arrive between ticks
(the sim at each delivery; p2p and relay every 0.25 ms on Linux, at Go's timer
resolution elsewhere), so rtt_ms and input_latency_ms are not rounded to ticks.
The table explains each figure in a line under it; -v logs progress and each
link's own round trip (ICE) and drops on stderr.

Exit status:
  0  the match ran: no desync, no disconnect
  1  setup failure: the server, the login, the match or a link could not be
     set up, or the match got stuck
  2  bad flags
  3  desync: peers that played to the end together disagree on the game
     state (a determinism bug)
  4  disconnect: a peer dropped another (timeout or goodbye); the network
     failed, not the game

--transport both plays the match over the relay, then over p2p, and prints
them side by side with the ratio relay/p2p (JSON: {"runs":[relay, p2p]}).

"fishgame lab relay-load -h" measures the server's relay throughput instead.

Examples:
  fishgame lab --players 4 --client-latency 80ms --jitter 20ms --loss 0.1 --json
  fishgame lab --transport both --players 4 --client-latency 10ms --server-latency 40ms
  fishgame lab --transport p2p --players 4 --frames 600 --json
  fishgame lab --transport relay --nakama http://127.0.0.1:7350 --server-key defaultkey --matchmaker

"fishgame lab relay-load -h" measures the server's relay throughput instead.

`

// runLab parses the lab's flags and runs it (package lab does the work).
func runLab(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "relay-load" {
		return runRelayLoad(ctx, args[1:], stdout)
	}
	sweeping := len(args) > 0 && args[0] == "sweep"
	name, transport := "lab", lab.TransportSim
	if sweeping {
		args, name, transport = args[1:], "lab sweep", lab.TransportBoth
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	var cfg lab.Config
	var ice iceFlags
	fs.StringVar(&cfg.Transport, "transport", transport, "network under the match: sim (in-memory network in virtual time), p2p (WebRTC data channels on loopback, real time), relay (every packet through the signaling server, real time) or both (relay, then p2p on the same seed and model, side by side)")
	fs.IntVar(&cfg.Players, "players", 2, "number of players, one bot per peer (2-4)")
	fs.IntVar(&cfg.Frames, "frames", 3600, "frames every peer plays (60 per second)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the match, the bots and the network")
	fs.DurationVar(&cfg.Model.ClientLatency, "client-latency", 40e6, "one-way latency of every player's access link")
	fs.DurationVar(&cfg.Model.Jitter, "jitter", 5e6, "latency varies by up to ± this much per packet")
	fs.Float64Var(&cfg.Model.Loss, "loss", 0.02, "probability a packet is lost (0-1)")
	fs.Float64Var(&cfg.Model.Dup, "dup", 0, "probability a packet is delivered twice (0-1)")
	fs.Float64Var(&cfg.Model.Reorder, "reorder", 0, "probability a packet is held back and overtaken (0-1)")
	fs.IntVar(&cfg.InputDelay, "input-delay", rollback.DefaultInputDelay, fmt.Sprintf("frames of input delay (0-%d)", rollback.MaxInputDelay))
	fs.DurationVar(&cfg.Model.ServerLatency, "server-latency", 0, "one-way latency from a player's access link on to the server")
	fs.BoolVar(&cfg.JSON, "json", false, "print one JSON object instead of a table")
	verbose := fs.Bool("v", false, "log progress and each link's figures on stderr (otherwise only warnings)")
	fs.StringVar(&cfg.DesyncDir, "desync-dir", desync.DefaultDir(), `on a desync, each peer writes a report here (empty: none); read it with "fishgame desync diff"`)
	fs.StringVar(&cfg.Nakama, "nakama", "", "p2p/relay: base URL of a Nakama (or fishgame server) to match through, like http://127.0.0.1:7350; default: start the embedded server on loopback")
	fs.StringVar(&cfg.ServerKey, "server-key", server.DefaultServerKey, "p2p/relay: server key of the --nakama server")
	fs.BoolVar(&cfg.Matchmaker, "matchmaker", false, "p2p/relay: form the match through the matchmaker instead of create/join")
	ice.register(fs, "p2p/relay: ")
	fs.DurationVar(&cfg.ConnectTimeout, "connect-timeout", p2p.DefaultConnectTimeout, "p2p/relay: how long players may take to join, and a link to open before it falls back to the relay")
	plotFile := fs.String("plot", "", "write a PNG chart here: CDFs of input latency and RTT per transport, or a sweep's chart")
	setUsage(fs, labUsage)
	var sweep *sweepFlags
	if sweeping {
		sweep = captureSweep(fs)
		setUsage(fs, labSweepUsage)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := validateLabTransport(fs, cfg.Transport); err != nil {
		return err
	}
	servers, err := ice.servers()
	if err != nil {
		return err
	}
	cfg.ICEServers = servers
	if !*verbose {
		cfg.Log = quietLogger(os.Stderr)
	}
	caption := "$ fishgame " + name + " " + strings.Join(args, " ")
	if sweeping {
		return runLabSweep(ctx, cfg, sweep, *plotFile, caption, stdout)
	}
	transports := 1
	if cfg.Transport == lab.TransportBoth {
		transports = 2
	}
	progress := lab.NewProgress(os.Stderr, transports*cfg.Frames)
	cfg.Progress = progress.Run("match")
	runs, err := lab.Run(ctx, cfg, stdout)
	progress.Finish()
	if *plotFile != "" && len(runs) > 0 {
		if perr := lab.PlotRun(*plotFile, runs, caption); perr != nil {
			err = errors.Join(err, perr)
		}
	}
	return labError(err)
}

// labError gives a lab failure its exit status (see the usage text).
func labError(err error) error {
	switch {
	case errors.Is(err, lab.ErrBadConfig):
		return usageError{err}
	case errors.Is(err, lab.ErrDesync):
		return exitError{exitDesync, err}
	case errors.Is(err, lab.ErrDisconnect):
		return exitError{exitDisconnect, err}
	}
	return err
}

// The lab's exit statuses besides 0, 1 (setup failure) and 2 (bad flags).
const (
	exitDesync     = 3
	exitDisconnect = 4
)

// exitError makes fishgame exit with status code after printing err.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }
func (e exitError) ExitCode() int { return e.code }

// validateLabTransport refuses flags that do not apply to the chosen
// transport, so a run never silently ignores what the user asked for.
func validateLabTransport(fs *flag.FlagSet, transport string) error {
	simOnly := map[string]bool{}
	realOnly := map[string]bool{"nakama": true, "server-key": true, "matchmaker": true, "connect-timeout": true, "ice-server": true, "ice-username": true, "ice-credential": true}
	var err error
	fs.Visit(func(f *flag.Flag) {
		switch {
		case err != nil:
		case transport == lab.TransportSim && realOnly[f.Name]:
			err = usagef("--%s applies to --transport p2p or relay, not sim", f.Name)
		case transport != lab.TransportSim && simOnly[f.Name]:
			err = usagef("--%s applies to --transport sim only (p2p and relay run on the real loopback network)", f.Name)
		}
	})
	return err
}
