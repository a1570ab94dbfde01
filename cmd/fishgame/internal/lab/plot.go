package lab

import (
	"fmt"
	"os"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Series is one line of a chart.
type Series struct {
	Name string
	// Model marks the model's prediction, drawn dashed.
	Model  bool
	Points []XY
}

// XY is one point of a series.
type XY struct{ X, Y float64 }

// cdfPoints bounds the points of a CDF line; more do not show.
const cdfPoints = 500

// CDFSeries returns the cumulative distributions of the runs' input
// latency and RTT samples, in ms (x) against the fraction of samples at or
// below (y), one series per run named by its transport.
func CDFSeries(runs []*Report) (inputLatency, rtt []Series) {
	for _, r := range runs {
		inputLatency = append(inputLatency, Series{Name: r.Transport, Points: cdf(r.lats)})
		rtt = append(rtt, Series{Name: r.Transport, Points: cdf(r.rtts)})
	}
	return inputLatency, rtt
}

func cdf(samples []time.Duration) []XY {
	s := slices.Clone(samples)
	slices.Sort(s)
	n := len(s)
	step := max(1, n/cdfPoints)
	var pts []XY
	for i := 0; i < n; i += step {
		pts = append(pts, XY{float64(s[i]) / float64(time.Millisecond), float64(i+1) / float64(n)})
	}
	if n > 0 && (n-1)%step != 0 {
		pts = append(pts, XY{float64(s[n-1]) / float64(time.Millisecond), 1})
	}
	return pts
}

// SweepSeries returns the sweep's chart: for each transport its measured
// input latency p50 and p95 against the swept value, and the model's
// prediction for each path the transports take.
func SweepSeries(res *SweepResult) []Series {
	var out []Series
	var transports []string
	for _, pt := range res.Points {
		for _, r := range pt.Runs {
			if !slices.Contains(transports, r.Transport) {
				transports = append(transports, r.Transport)
			}
		}
	}
	var paths []Path
	for _, t := range transports {
		p50 := Series{Name: t + " input latency p50"}
		p95 := Series{Name: t + " input latency p95"}
		for _, pt := range res.Points {
			for _, r := range pt.Runs {
				if r.Transport == t {
					p50.Points = append(p50.Points, XY{pt.Value, r.InputLatencyMS.P50})
					p95.Points = append(p95.Points, XY{pt.Value, r.InputLatencyMS.P95})
				}
			}
		}
		out = append(out, p50, p95)
		if p, ok := pathOf(t); ok && !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		m := Series{Name: fmt.Sprintf("model: %s one-way", p), Model: true}
		for _, pt := range res.Points {
			m.Points = append(m.Points, XY{pt.Value, pt.ModelInputLatencyMS[p]})
		}
		out = append(out, m)
	}
	return out
}

// PlotRun writes a PNG of the runs' input latency and RTT CDFs, side by
// side, titled with the model, with caption (the command line) under them.
func PlotRun(file string, runs []*Report, caption string) error {
	if len(runs) == 0 {
		return fmt.Errorf("plot %s: no run to plot", file)
	}
	lat, rtt := CDFSeries(runs)
	title := "model: " + runs[0].model.String()
	if partialRuns(runs) {
		title += " (PARTIAL)"
	}
	pl, err := newChart("Input latency CDF\n"+title, "input latency (ms)", "fraction of inputs at or below", lat)
	if err != nil {
		return err
	}
	pr, err := newChart("RTT CDF\n"+title, "round-trip time (ms)", "fraction of samples at or below", rtt)
	if err != nil {
		return err
	}
	return savePNG(file, [][]*plot.Plot{{pl, pr}}, 30*vg.Centimeter, 13*vg.Centimeter, caption)
}

// PlotSweep writes a PNG of the sweep's chart with caption under it.
func PlotSweep(file string, res *SweepResult, caption string) error {
	title := fmt.Sprintf("Input latency against --%s\nmodel otherwise: %s", res.Param, res.Model)
	if res.Partial {
		title += " (PARTIAL)"
	}
	p, err := newChart(title, fmt.Sprintf("--%s (%s)", res.Param, res.Unit), "input latency (ms)", SweepSeries(res))
	if err != nil {
		return err
	}
	return savePNG(file, [][]*plot.Plot{{p}}, 20*vg.Centimeter, 14*vg.Centimeter, caption)
}

func partialRuns(runs []*Report) bool {
	return slices.ContainsFunc(runs, func(r *Report) bool { return r.Partial })
}

// newChart draws series as lines (the model's dashed) with a legend.
func newChart(title, x, y string, series []Series) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Legend.Top = true
	p.Legend.Left = true
	p.Y.Min = 0
	p.Add(plotter.NewGrid())
	for i, s := range series {
		xys := make(plotter.XYs, len(s.Points))
		for j, pt := range s.Points {
			xys[j].X, xys[j].Y = pt.X, pt.Y
		}
		if len(xys) == 0 {
			continue
		}
		l, pts, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("plot %s: %w", s.Name, err)
		}
		c := plotutil.Color(i)
		l.Color, pts.Color = c, c
		pts.Shape = plotutil.Shape(i)
		if s.Model {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
			p.Add(l)
			p.Legend.Add(s.Name, l)
			continue
		}
		if len(xys) > 50 { // a CDF: the line alone
			p.Add(l)
			p.Legend.Add(s.Name, l)
			continue
		}
		p.Add(l, pts)
		p.Legend.Add(s.Name, l, pts)
	}
	return p, nil
}

// savePNG draws plots in a grid over a caption line and writes file.
func savePNG(file string, plots [][]*plot.Plot, w, h vg.Length, caption string) error {
	img := vgimg.New(w, h)
	dc := draw.New(img)
	const captionHeight = vg.Centimeter
	sty := plots[0][0].X.Label.TextStyle
	sty.Font.Size = vg.Points(9)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	dc.FillText(sty, vg.Point{X: dc.Min.X + vg.Millimeter*4, Y: dc.Min.Y + captionHeight/3}, caption)
	area := draw.Crop(dc, 0, 0, captionHeight, 0)
	tiles := draw.Tiles{Rows: len(plots), Cols: len(plots[0]), PadX: vg.Centimeter / 2, PadY: vg.Centimeter / 2,
		PadTop: vg.Centimeter / 3, PadLeft: vg.Centimeter / 3, PadRight: vg.Centimeter / 3}
	canvases := plot.Align(plots, tiles, area)
	for i := range plots {
		for j, p := range plots[i] {
			p.Draw(canvases[i][j])
		}
	}
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("plot %s: %w", file, err)
	}
	return f.Close()
}
