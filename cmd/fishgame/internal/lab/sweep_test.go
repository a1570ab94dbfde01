package lab

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseSweep(t *testing.T) {
	good := []struct {
		param, list string
		want        []float64
	}{
		{"server-latency", "0,10,20,40,80ms", []float64{0, 10, 20, 40, 80}},
		{"client-latency", "5ms, 1s", []float64{5, 1000}},
		{"jitter", "0,2.5ms", []float64{0, 2.5}},
		{"loss", "0,0.05,0.1,0.2", []float64{0, 0.05, 0.1, 0.2}},
	}
	for _, tt := range good {
		s, err := ParseSweep(tt.param, tt.list)
		if err != nil || !slices.Equal(s.Values, tt.want) {
			t.Errorf("ParseSweep(%q, %q) = %v, %v; want %v", tt.param, tt.list, s.Values, err, tt.want)
		}
	}
	bad := []struct{ param, list, want string }{
		{"server-latency", "", "sweep list is empty"},
		{"loss", ",", "sweep list is empty"},
		{"dup", "0,0.1", "--dup cannot be swept"},
		{"players", "2,4", "--players cannot be swept"},
		{"server-latency", "0,-10ms", "expected 0 or more"},
		{"loss", "0,1.5", "expected a probability"},
		{"client-latency", "0,10", `value "10"`},
		{"jitter", "0,,5ms", `value ""`},
	}
	for _, tt := range bad {
		_, err := ParseSweep(tt.param, tt.list)
		if !errors.Is(err, ErrBadConfig) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseSweep(%q, %q) = %v, want a bad config error mentioning %q", tt.param, tt.list, err, tt.want)
		}
	}
}

// TestSweepSim sweeps the client latency on the sim: every point is
// measured, the model's line is 2 × the client latency, the chart's series
// are those figures, and the PNG is written.
func TestSweepSim(t *testing.T) {
	cfg := simConfig(2, 300, 1, 0, 0, 0)
	sw, err := ParseSweep("client-latency", "0,10,25ms")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := RunSweep(context.Background(), cfg, sw, nil, &out)
	if err != nil {
		t.Fatalf("RunSweep = %v", err)
	}
	if len(res.Points) != 3 || res.Partial {
		t.Fatalf("points = %d, partial = %v; want 3, false", len(res.Points), res.Partial)
	}
	for _, pt := range res.Points {
		want := 2 * pt.Value
		if got := pt.ModelInputLatencyMS[PathP2P]; got != want {
			t.Errorf("value %v: model p2p one-way = %v, want %v", pt.Value, got, want)
		}
		if len(pt.Runs) != 1 || pt.Runs[0].Transport != TransportSim {
			t.Fatalf("value %v: runs = %v, want one sim run", pt.Value, pt.Runs)
		}
		if got := pt.Runs[0].InputLatencyMS.P50; got < want-1 || got > want+1 {
			t.Errorf("value %v: input latency p50 = %v, want %v ± 1", pt.Value, got, want)
		}
	}
	for _, want := range []string{"client-latency", "input p50 ms", "rollbacks/s", "model one-way ms"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}

	series := SweepSeries(res)
	var names []string
	for _, s := range series {
		names = append(names, s.Name)
	}
	wantNames := []string{"sim input latency p50", "sim input latency p95", "model: p2p one-way"}
	if !slices.Equal(names, wantNames) {
		t.Fatalf("series = %q, want %q", names, wantNames)
	}
	for i, pt := range res.Points {
		if got := series[0].Points[i]; got != (XY{pt.Value, pt.Runs[0].InputLatencyMS.P50}) {
			t.Errorf("p50 point %d = %v, want (%v, %v)", i, got, pt.Value, pt.Runs[0].InputLatencyMS.P50)
		}
		if got := series[2].Points[i]; got != (XY{pt.Value, 2 * pt.Value}) {
			t.Errorf("model point %d = %v, want (%v, %v)", i, got, pt.Value, 2*pt.Value)
		}
	}
	if !series[2].Model || series[0].Model {
		t.Errorf("only the model's series is marked Model: %+v", series)
	}
	file := filepath.Join(t.TempDir(), "sweep.png")
	if err := PlotSweep(file, res, "$ fishgame lab sweep --client-latency 0,10,25ms"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, file)
}

// TestSweepModelLines checks the model's lines of a relay and p2p sweep of
// the server latency: the relay's rises by 2 × the server latency, p2p's
// stays put, so they cross where the server is as far as the peers.
func TestSweepModelLines(t *testing.T) {
	rep := func(tr string, p50 float64) *Report {
		return &Report{Transport: tr, InputLatencyMS: Percentiles{P50: p50}}
	}
	res := &SweepResult{Param: "server-latency", Unit: "ms"}
	for _, v := range []float64{0, 40} {
		m := Sweep{Param: "server-latency"}.apply(Model{ClientLatency: 10 * time.Millisecond}, v)
		res.Points = append(res.Points, SweepPoint{Value: v,
			ModelInputLatencyMS: map[Path]float64{PathP2P: ms(m.OneWay(PathP2P)), PathRelay: ms(m.OneWay(PathRelay))},
			Runs:                []*Report{rep(TransportRelay, 21+2*v), rep(TransportP2P, 21)}})
	}
	series := SweepSeries(res)
	byName := map[string][]XY{}
	for _, s := range series {
		byName[s.Name] = s.Points
	}
	if got, want := byName["model: relay one-way"], []XY{{0, 20}, {40, 100}}; !slices.Equal(got, want) {
		t.Errorf("relay model = %v, want %v", got, want)
	}
	if got, want := byName["model: p2p one-way"], []XY{{0, 20}, {40, 20}}; !slices.Equal(got, want) {
		t.Errorf("p2p model = %v, want %v", got, want)
	}
	if got, want := byName["relay input latency p50"], []XY{{0, 21}, {40, 101}}; !slices.Equal(got, want) {
		t.Errorf("relay p50 = %v, want %v", got, want)
	}
}

// TestPlotRun checks a run's CDF series (sorted, ending at 1, centred on
// the link's latency) and that the PNG is written.
func TestPlotRun(t *testing.T) {
	runs, err := Run(context.Background(), simConfig(2, 300, 1, 20*time.Millisecond, 5*time.Millisecond, 0), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	lat, rtt := CDFSeries(runs)
	for _, tt := range []struct {
		name   string
		s      []Series
		median float64
	}{{"input latency", lat, 40}, {"rtt", rtt, 80}} {
		if len(tt.s) != 1 || tt.s[0].Name != TransportSim || len(tt.s[0].Points) < 10 {
			t.Fatalf("%s series = %+v, want one sim series of many points", tt.name, tt.s)
		}
		pts := tt.s[0].Points
		if !slices.IsSortedFunc(pts, func(a, b XY) int { return int(a.X - b.X) }) || pts[len(pts)-1].Y != 1 {
			t.Errorf("%s CDF not sorted or not ending at 1: %v", tt.name, pts)
		}
		i := slices.IndexFunc(pts, func(p XY) bool { return p.Y >= 0.5 })
		if m := pts[i].X; m < tt.median-3 || m > tt.median+3 {
			t.Errorf("%s CDF median = %v ms, want %v ± 3", tt.name, m, tt.median)
		}
	}
	file := filepath.Join(t.TempDir(), "run.png")
	if err := PlotRun(file, runs, "$ fishgame lab --client-latency 20ms"); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, file)
}

func checkPNG(t *testing.T, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) || len(b) < 1000 {
		t.Errorf("%s is not a PNG chart (%d bytes)", file, len(b))
	}
}

// TestRunStoppedIsPartial stops a run at frame 100: it prints the frames
// played so far, marked partial, and says why it stopped.
func TestRunStoppedIsPartial(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := simConfig(2, 600, 1, 20*time.Millisecond, 0, 0)
	cfg.Progress = func(frame int32) {
		if frame == 100 {
			cancel()
		}
	}
	var out bytes.Buffer
	runs, err := Run(ctx, cfg, &out)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if len(runs) != 1 || !runs[0].Partial || runs[0].InputLatencyMS.P50 == 0 {
		t.Fatalf("runs = %+v, want one partial run with figures", runs)
	}
	if !strings.Contains(out.String(), "PARTIAL") {
		t.Errorf("table not marked partial:\n%s", out.String())
	}
}
