package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"strings"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/lab"
)

// labSweepUsage is "fishgame lab sweep -h", before its flags.
const labSweepUsage = `Usage: fishgame lab sweep [flags]

Plays the lab's match once per value of one model parameter, over the relay
and then p2p (--transport both, the default), or over one --transport, and
prints input latency p50/p95, RTT p50/p95 and rollbacks per second against
the value, next to the model's one-way latency of each path (p2p: 2 × client
latency; relay: 2 × client + 2 × server latency). The parameter swept is the
one flag given a comma-separated list:
  --server-latency, --client-latency, --jitter (a bare number takes the last
  value's unit: 0,10,20,40,80ms), or --loss (0,0.05,0.1,0.2).
--plot FILE.png draws input latency against the value, with the model's
prediction as dashed lines, so the value where the relay starts to lose shows.
--json prints {"param", "unit", "model", "points": [{"value", "runs": [...]}]},
each run in the lab's JSON form. Ctrl-C stops with the points so far,
marked partial. The exit status is the lab's (see "fishgame lab -h").

Examples:
  fishgame lab sweep --players 4 --frames 600 --client-latency 10ms --server-latency 0,10,20,40,80ms --plot sweep.png
  fishgame lab sweep --transport sim --loss 0,0.05,0.1,0.2 --json

`

// numericLabFlags are the lab's flags a list could be given to: the
// sweepable ones and those that cannot be swept.
var numericLabFlags = []string{"server-latency", "client-latency", "jitter", "loss", "dup", "reorder", "players", "frames", "seed", "input-delay"}

// sweepFlags catches the lists given to the lab's numeric flags.
type sweepFlags struct {
	names []string // in the order given
	lists map[string]string
}

// captureSweep makes fs's numeric flags take a comma-separated list (or an
// empty value) as a sweep list instead of a value.
func captureSweep(fs *flag.FlagSet) *sweepFlags {
	s := &sweepFlags{lists: map[string]string{}}
	for _, name := range numericLabFlags {
		if f := fs.Lookup(name); f != nil {
			f.Value = &sweepValue{inner: f.Value, name: name, into: s}
		}
	}
	return s
}

// sweep returns the one parameter given a list, parsed.
func (s *sweepFlags) sweep() (lab.Sweep, error) {
	switch len(s.names) {
	case 0:
		return lab.Sweep{}, usagef("nothing to sweep: give one of --%s a comma-separated list, like --server-latency 0,10,20,40,80ms", strings.Join(lab.SweepParams, ", --"))
	case 1:
		return lab.ParseSweep(s.names[0], s.lists[s.names[0]])
	}
	return lab.Sweep{}, usagef("--%s and --%s are both lists: a sweep varies one parameter", s.names[0], s.names[1])
}

// sweepValue is a flag that keeps a list for the sweep and passes a single
// value on.
type sweepValue struct {
	inner flag.Value
	name  string
	into  *sweepFlags
}

func (v *sweepValue) String() string {
	if v == nil || v.inner == nil {
		return ""
	}
	return v.inner.String()
}

func (v *sweepValue) Set(s string) error {
	if !strings.Contains(s, ",") && strings.TrimSpace(s) != "" {
		return v.inner.Set(s)
	}
	if _, ok := v.into.lists[v.name]; !ok {
		v.into.names = append(v.into.names, v.name)
	}
	v.into.lists[v.name] = s
	return nil
}

// runLabSweep runs the sweep of cfg's match, and plots it to plotFile if set.
func runLabSweep(ctx context.Context, cfg lab.Config, flags *sweepFlags, plotFile, caption string, stdout io.Writer) error {
	sw, err := flags.sweep()
	if err != nil {
		return labError(err)
	}
	// Every point must be valid before the first runs.
	if err := cfg.Validate(); err != nil {
		return labError(err)
	}
	progress := lab.NewProgress(os.Stderr, lab.SweepRuns(cfg, sw)*cfg.Frames)
	res, err := lab.RunSweep(ctx, cfg, sw, progress, stdout)
	if plotFile != "" && res != nil && len(res.Points) > 0 {
		if perr := lab.PlotSweep(plotFile, res, caption); perr != nil {
			err = errors.Join(err, perr)
		}
	}
	return labError(err)
}
