package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// network is what a lab match runs over: the transport of each peer (peers
// are player slots) and the clock. The sim network moves virtual time in
// Wait; a real transport sleeps until the tick.
type network interface {
	// Transport returns the transport of the peer playing slot.
	Transport(slot int) rollbackTransport
	// Wait returns once the match clock reached tick (the start is 0).
	// Meanwhile it calls receive with the match time whenever packets may
	// have arrived, so they are handled between ticks: the sim at each
	// delivery, a real network every receiveInterval.
	Wait(ctx context.Context, tick time.Duration, receive func(now time.Duration)) error
	// Now returns the match clock: virtual time in the sim, real time since
	// the first Wait otherwise (a little past the tick Wait returned for).
	Now() time.Duration
	// Paths counts peer pairs per path kind, such as {"sim": 6}.
	Paths() map[string]int
	// Links counts what the players' access links did to packets.
	Links() LinkStats
}

// Run plays cfg's match, prints its report (a table, or JSON with
// cfg.JSON) to stdout and returns it. With TransportBoth it plays the match
// over the relay, then over p2p, on the same seed and model, and prints
// them side by side (JSON {"runs":[relay, p2p]}). The error is a setup
// failure, or wraps ErrDesync or ErrDisconnect when a run had one.
func Run(ctx context.Context, cfg Config, stdout io.Writer) ([]*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	transports := []string{cfg.Transport}
	if cfg.Transport == TransportBoth {
		transports = []string{TransportRelay, TransportP2P}
	}
	var runs []*Report
	var verdicts []error
	for _, t := range transports {
		c := cfg
		c.Transport = t
		rep, err := runOne(ctx, c)
		if rep != nil && rep.Partial {
			runs = append(runs, rep)
			verdicts = append(verdicts, err)
			break
		}
		if err != nil {
			return runs, err
		}
		runs = append(runs, rep)
		if err := rep.verdict(); err != nil {
			if len(transports) > 1 {
				err = fmt.Errorf("%s: %w", t, err)
			}
			verdicts = append(verdicts, err)
		}
	}
	switch {
	case !cfg.JSON:
		writeTable(stdout, runs)
		writePartialNote(stdout, runs)
	case len(runs) == 1:
		if err := json.NewEncoder(stdout).Encode(runs[0]); err != nil {
			return runs, err
		}
	default:
		if err := json.NewEncoder(stdout).Encode(struct {
			Runs []*Report `json:"runs"`
		}{runs}); err != nil {
			return runs, err
		}
	}
	return runs, errors.Join(verdicts...)
}

// runOne plays cfg's match over its one transport and measures it.
func runOne(ctx context.Context, cfg Config) (*Report, error) {
	// Each transport builds its network and reports how long connecting
	// every pair took (nothing to connect in the sim).
	var net network
	var connect time.Duration
	var match string
	switch cfg.Transport {
	case TransportSim:
		net = newSimNet(cfg)
	default:
		rn, err := newRealNet(ctx, cfg)
		if err != nil {
			return nil, err
		}
		defer rn.Close()
		defer rn.logLinks(cfg.log())
		net, connect, match = rn, rn.connect, rn.matchID()
	}
	progress := simProgress(cfg)
	if cfg.Transport != TransportSim {
		progress = realTimeProgress(cfg)
	}
	if cfg.Progress != nil {
		progress = cfg.Progress
	}
	start := time.Now()
	rep, err := play(ctx, cfg, net, progress)
	if rep == nil {
		return nil, err
	}
	rep.ConnectMS = round2(float64(connect) / float64(time.Millisecond))
	rep.match, rep.wall = match, time.Since(start)
	return rep, err
}

// verdict fails a run with a desync or disagreeing final checksums
// (ErrDesync), or else with a disconnect (ErrDisconnect).
func (r *Report) verdict() error {
	switch {
	case r.Desyncs > 0:
		return fmt.Errorf("%w: %d desync events (first at frame %d)", ErrDesync, r.Desyncs, r.firstDesync)
	case !r.ChecksumsAgree:
		for _, g := range r.groups {
			if !g.agree {
				return fmt.Errorf("%w: peers %s disagree on the checksum of confirmed frame %d", ErrDesync, formatSlots(g.peers), g.frame)
			}
		}
	case len(r.Disconnects) > 0:
		more := ""
		if n := len(r.Disconnects); n > 1 {
			more = fmt.Sprintf(" (and %d more)", n-1)
		}
		return fmt.Errorf("%w: %v%s", ErrDisconnect, r.Disconnects[0], more)
	}
	return nil
}

// realTimeProgress logs progress every 10 seconds of a real-time match.
func realTimeProgress(cfg Config) func(frame int32) {
	if cfg.Frames < 1200 {
		return func(int32) {}
	}
	return func(frame int32) {
		if frame%600 == 0 {
			cfg.log().Info("lab progress", "frame", frame, "of", cfg.Frames)
		}
	}
}

// simProgress logs progress every 10 000 frames for long runs.
func simProgress(cfg Config) func(frame int32) {
	if cfg.Frames < 20000 {
		return func(int32) {}
	}
	return func(frame int32) {
		if frame%10000 == 0 {
			cfg.log().Info("lab progress", "frame", frame, "of", cfg.Frames)
		}
	}
}
