package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// SweepParams are the model parameters a sweep can vary, by flag name.
var SweepParams = []string{"server-latency", "client-latency", "jitter", "loss"}

// Sweep varies one model parameter over a list of values.
type Sweep struct {
	// Param is one of SweepParams.
	Param string
	// Values are milliseconds for a latency or the jitter, a probability
	// for the loss.
	Values []float64
}

// ParseSweep parses the list of a swept flag, like "0,10,20,40,80ms" (a
// bare number takes the unit of the list's last value) or "0,0.05,0.1".
// Its errors wrap ErrBadConfig.
func ParseSweep(param, list string) (Sweep, error) {
	s := Sweep{Param: param}
	isDuration := param != "loss"
	switch {
	case !isKnownParam(param):
		return s, badf("--%s cannot be swept; sweep one of --%s", param, strings.Join(SweepParams, ", --"))
	case strings.TrimSpace(strings.ReplaceAll(list, ",", "")) == "":
		return s, badf("--%s %q: the sweep list is empty, expected values like %s", param, list, sweepExample(param))
	}
	items := strings.Split(list, ",")
	unit := ""
	if isDuration {
		last := strings.TrimSpace(items[len(items)-1])
		unit = strings.TrimLeft(last, "-+0123456789.")
	}
	for _, it := range items {
		it = strings.TrimSpace(it)
		var v float64
		var err error
		if isDuration {
			if strings.TrimLeft(it, "0123456789.") == "" && it != "" {
				it += unit
			}
			var d time.Duration
			d, err = time.ParseDuration(it)
			v = float64(d) / float64(time.Millisecond)
			if err == nil && d < 0 {
				err = errors.New("expected 0 or more")
			}
		} else {
			v, err = strconv.ParseFloat(it, 64)
			if err == nil && !(v >= 0 && v <= 1) {
				err = errors.New("expected a probability from 0 to 1")
			}
		}
		if err != nil {
			return s, badf("--%s %q: value %q: %v (expected values like %s)", param, list, it, err, sweepExample(param))
		}
		s.Values = append(s.Values, v)
	}
	return s, nil
}

func isKnownParam(p string) bool {
	for _, q := range SweepParams {
		if p == q {
			return true
		}
	}
	return false
}

func sweepExample(param string) string {
	if param == "loss" {
		return "0,0.05,0.1,0.2"
	}
	return "0,10,20,40,80ms"
}

// Unit is the unit of the swept values.
func (s Sweep) Unit() string {
	if s.Param == "loss" {
		return "probability"
	}
	return "ms"
}

// otherParams describes m without the swept parameter.
func (s Sweep) otherParams(m Model) string {
	word := strings.SplitN(s.Param, "-", 2)[0] // "server", "client", "jitter", "loss"
	var kept []string
	for _, part := range strings.Split(m.String(), ", ") {
		if !strings.HasPrefix(part, word+" ") {
			kept = append(kept, part)
		}
	}
	return strings.Join(kept, ", ")
}

// apply returns m with the swept parameter set to v.
func (s Sweep) apply(m Model, v float64) Model {
	d := time.Duration(v * float64(time.Millisecond))
	switch s.Param {
	case "server-latency":
		m.ServerLatency = d
	case "client-latency":
		m.ClientLatency = d
	case "jitter":
		m.Jitter = d
	case "loss":
		m.Loss = v
	}
	return m
}

// SweepResult is a sweep's report; its JSON form is the sweep's output.
type SweepResult struct {
	Param  string       `json:"param"`
	Unit   string       `json:"unit"`
	Model  string       `json:"model"`
	Points []SweepPoint `json:"points"`
	// Partial marks a sweep stopped early (Ctrl-C).
	Partial bool `json:"partial,omitempty"`
}

// SweepPoint is the runs at one value of the swept parameter.
type SweepPoint struct {
	Value float64 `json:"value"`
	// ModelInputLatencyMS is the model's one-way latency per path at this
	// value: the input latency it predicts.
	ModelInputLatencyMS map[Path]float64 `json:"model_input_latency_ms"`
	Runs                []*Report        `json:"runs"`
}

// sweepTransports are the transports a sweep runs at each value: relay
// and p2p, unless cfg names one (or the sim).
func sweepTransports(cfg Config) []string {
	if cfg.Transport == TransportBoth {
		return []string{TransportRelay, TransportP2P}
	}
	return []string{cfg.Transport}
}

// SweepRuns is how many runs RunSweep plays, for a progress total.
func SweepRuns(cfg Config, s Sweep) int { return len(s.Values) * len(sweepTransports(cfg)) }

// RunSweep plays cfg's match at every value of s over each transport,
// prints the table (or JSON with cfg.JSON) to stdout and returns the
// result. progress may be nil. Stopped by ctx, it prints what it has,
// marked partial, and returns the reason. A run's desync or disconnect
// is in its report and fails the sweep after it is printed.
func RunSweep(ctx context.Context, cfg Config, s Sweep, progress *Progress, stdout io.Writer) (*SweepResult, error) {
	res := &SweepResult{Param: s.Param, Unit: s.Unit(), Model: s.otherParams(cfg.Model)}
	if len(s.Values) == 0 {
		return nil, badf("--%s: the sweep list is empty", s.Param)
	}
	for _, v := range s.Values {
		c := cfg
		c.Model = s.apply(cfg.Model, v)
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	var verdicts []error
	var stop error
points:
	for _, v := range s.Values {
		c := cfg
		c.Model = s.apply(cfg.Model, v)
		pt := SweepPoint{Value: v, ModelInputLatencyMS: map[Path]float64{
			PathP2P: ms(c.Model.OneWay(PathP2P)), PathRelay: ms(c.Model.OneWay(PathRelay))}}
		for _, t := range sweepTransports(cfg) {
			c.Transport = t
			if progress != nil {
				c.Progress = progress.Run(fmt.Sprintf("%s at --%s %s", t, s.Param, formatValue(s, v)))
			}
			rep, err := runOne(ctx, c)
			if progress != nil {
				progress.EndRun(c.Frames)
			}
			if rep == nil {
				if ctx.Err() != nil {
					stop = err
					break points
				}
				return nil, err
			}
			pt.Runs = append(pt.Runs, rep)
			if rep.Partial {
				stop = err
				break
			}
			if err := rep.verdict(); err != nil {
				verdicts = append(verdicts, fmt.Errorf("%s at --%s %s: %w", t, s.Param, formatValue(s, v), err))
			}
		}
		if len(pt.Runs) > 0 {
			res.Points = append(res.Points, pt)
		}
		if stop != nil {
			break
		}
	}
	res.Partial = stop != nil
	if progress != nil {
		progress.Finish()
	}
	if cfg.JSON {
		if err := json.NewEncoder(stdout).Encode(res); err != nil {
			return res, err
		}
	} else {
		res.writeTable(stdout)
	}
	return res, errors.Join(append([]error{stop}, verdicts...)...)
}

func formatValue(s Sweep, v float64) string {
	if s.Unit() == "ms" {
		return strconv.FormatFloat(v, 'g', -1, 64) + "ms"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// writeTable prints one row per value and transport, with the model's
// prediction for the transport's path.
func (res *SweepResult) writeTable(w io.Writer) {
	fmt.Fprintf(w, "sweep of --%s (%s); model otherwise: %s\n", res.Param, res.Unit, res.Model)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\ttransport\tmodel one-way ms\tinput p50 ms\tinput p95 ms\trtt p50 ms\trtt p95 ms\trollbacks/s\t\n", res.Param)
	for _, pt := range res.Points {
		for _, r := range pt.Runs {
			model := "-"
			if path, ok := pathOf(r.Transport); ok {
				model = fmt.Sprintf("%.1f", pt.ModelInputLatencyMS[path])
			}
			note := ""
			if r.Partial {
				note = " (partial)"
			}
			fmt.Fprintf(tw, "%g\t%s%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t\n", pt.Value, r.Transport, note, model,
				r.InputLatencyMS.P50, r.InputLatencyMS.P95, r.RTTMS.P50, r.RTTMS.P95, r.RollbacksPerSec)
		}
	}
	tw.Flush()
	if res.Partial {
		fmt.Fprintln(w, "PARTIAL: the sweep was stopped before the end; the last run covers the frames played so far")
	}
}

// pathOf is the model path a transport's packets take; the sim plays
// the p2p path.
func pathOf(transport string) (Path, bool) {
	switch transport {
	case TransportP2P, TransportSim:
		return PathP2P, true
	case TransportRelay:
		return PathRelay, true
	}
	return "", false
}
