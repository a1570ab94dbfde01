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
	"runtime"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/relayload"
	"github.com/fishgame/fishgame/signaling/server"
)

// runRelayLoad parses "fishgame lab relay-load" and runs it (package
// relayload does the work).
func runRelayLoad(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("lab relay-load", flag.ContinueOnError)
	cfg := relayload.Config{}
	var procs int
	var asJSON bool
	fs.StringVar(&cfg.URL, "nakama", relayload.DefaultURL, "base URL of the server under load: a Nakama or a fishgame server")
	fs.StringVar(&cfg.ServerKey, "server-key", server.DefaultServerKey, "server key of the --nakama server")
	fs.IntVar(&cfg.Sockets, "sockets", relayload.DefaultSockets, "number of sockets, one device user each")
	fs.IntVar(&cfg.Players, "players", relayload.DefaultPlayers, "sockets per match")
	fs.Float64Var(&cfg.Rate, "rate", relayload.DefaultRate, "match_data_send messages per second per socket")
	fs.DurationVar(&cfg.Duration, "duration", relayload.DefaultDuration, "how long every socket sends")
	fs.IntVar(&cfg.Payload, "payload", relayload.DefaultPayload, fmt.Sprintf("payload bytes per message (at least %d)", relayload.MinPayload))
	fs.DurationVar(&cfg.Drain, "drain", relayload.DefaultDrain, "longest wait for messages in flight once sending stops")
	fs.StringVar(&cfg.DevicePrefix, "device-prefix", relayload.DefaultDevicePrefix, "device id prefix; socket i logs in as PREFIX-00000i (accounts are created once and reused)")
	fs.IntVar(&cfg.ServerPID, "server-pid", 0, "pid of the server process on this machine, to measure its CPU time (Linux); 0: no server CPU figure")
	fs.IntVar(&procs, "procs", 1, "GOMAXPROCS of the load generator: 1 leaves the other cores to the server")
	fs.BoolVar(&asJSON, "json", false, "print one JSON object instead of a table")
	setUsage(fs, `Usage: fishgame lab relay-load [flags]

Measures how fast a Nakama-compatible server relays match data and what it
costs the server in CPU. Speaking the Nakama realtime protocol as any client
does, it logs in --sockets device users, opens a socket for each, groups them
into relayed matches of --players, and has every socket send match_data_send
at --rate for --duration. Payloads carry their send time, sender and sequence
number, so every receiver measures exact one-way latency (one process, one
clock) and knows whether a message came from a match mate, in order.

It reports messages offered and delivered per second, deliveries lost,
misrouted and out of order, latency percentiles, its own CPU and, with
--server-pid, the server's CPU seconds per 1000 delivered messages. Progress
goes to stderr. It exits 0 when every expected message arrived from the right
sender, 1 when some were lost or misrouted or the run failed, 2 on bad flags.

The load and the server share the machine's cores when they run on one
machine: compare servers in the same session, and repeat runs near the limit.
Many sockets need a higher open-file limit (ulimit -n).

Examples:
  fishgame server --addr 127.0.0.1:7350 --data /tmp/fg-data --stun-addr off --log-level warn &
  fishgame lab relay-load --sockets 1000 --rate 10 --duration 12s --server-pid $!
  fishgame lab relay-load --nakama http://HOST:7350 --server-key KEY --sockets 400 --rate 20 --json

`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if procs < 1 {
		return usagef("--procs %d: must be at least 1", procs)
	}
	runtime.GOMAXPROCS(procs)
	res, err := relayload.Run(ctx, cfg, os.Stderr, slog.Default())
	if errors.Is(err, relayload.ErrBadConfig) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	} else {
		err = relayload.WriteText(stdout, res)
	}
	if err != nil {
		return err
	}
	switch {
	case res.Partial:
		return errors.New("stopped before the end: the figures are partial")
	case res.Lost > 0 || res.Misrouted > 0:
		return fmt.Errorf("%d messages lost, %d misrouted", res.Lost, res.Misrouted)
	}
	return nil
}
