package lab

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// figure is one row of the report's table: its label, the cell of one run
// and, when runs compare as numbers, the number their ratio divides.
type figure struct {
	label string
	cell  func(r *Report) string
	num   func(r *Report) float64
	// same marks figures every run of a comparison shares (the setup):
	// a side-by-side table prints them once.
	same bool
	// optional figures are left out when no run has them.
	optional bool
}

func figures() []figure {
	pct := func(p Percentiles, samples int) string {
		if samples == 0 {
			return "no samples"
		}
		return fmt.Sprintf("%.1f / %.1f / %.1f ms", p.P50, p.P95, p.P99)
	}
	return []figure{
		{label: "players", same: true, cell: func(r *Report) string { return fmt.Sprint(r.Players) }},
		{label: "frames", same: true, cell: func(r *Report) string {
			return fmt.Sprintf("%d (%.1f s at 60 Hz)", r.Frames, float64(r.Frames)/60)
		}},
		{label: "seed", same: true, cell: func(r *Report) string { return fmt.Sprint(r.Seed) }},
		{label: "model", same: true, cell: func(r *Report) string { return r.model.String() }},
		{label: "match", optional: true, cell: func(r *Report) string { return r.match }},
		{label: "run in", cell: func(r *Report) string {
			return fmt.Sprintf("%v (%.1f s of match time)", r.wall.Round(time.Millisecond), r.matchTime.Seconds())
		}},
		{label: "connect", cell: func(r *Report) string { return fmt.Sprintf("%.1f ms", r.ConnectMS) },
			num: func(r *Report) float64 { return r.ConnectMS }},
		{label: "rtt p50/95/99", cell: func(r *Report) string { return pct(r.RTTMS, r.rttSamples) },
			num: func(r *Report) float64 { return r.RTTMS.P50 }},
		{label: "input p50/95/99", cell: func(r *Report) string { return pct(r.InputLatencyMS, r.latSamples) },
			num: func(r *Report) float64 { return r.InputLatencyMS.P50 }},
		{label: "rollbacks", cell: func(r *Report) string {
			return fmt.Sprintf("%.2f/s, %.2f frames mean, %d max", r.RollbacksPerSec, r.RollbackFrames.Mean, r.RollbackFrames.Max)
		}, num: func(r *Report) float64 { return r.RollbacksPerSec }},
		{label: "stalls", cell: func(r *Report) string { return fmt.Sprintf("%d ticks", r.stalls) }},
		{label: "bytes/s out/in", cell: func(r *Report) string {
			return fmt.Sprintf("%.0f / %.0f per peer", r.BytesPerSecPerPeer.Sent, r.BytesPerSecPerPeer.Received)
		}, num: func(r *Report) float64 { return r.BytesPerSecPerPeer.Sent }},
		{label: "bad packets", cell: func(r *Report) string { return fmt.Sprint(r.badPackets) }},
		{label: "link loss", cell: func(r *Report) string {
			return fmt.Sprintf("%.1f%% of %d access-link crossings", r.Link.LossPct, r.Link.Crossings)
		}},
		{label: "paths", cell: func(r *Report) string { return formatPaths(r.Paths) }},
		{label: "desyncs", cell: func(r *Report) string { return fmt.Sprint(r.Desyncs) }},
		{label: "disconnects", cell: func(r *Report) string { return fmt.Sprint(len(r.Disconnects)) }},
		{label: "interruptions", cell: func(r *Report) string {
			return fmt.Sprintf("%d, %.1f s in all", r.Interruptions.Count, r.Interruptions.TotalMS/1000)
		}},
		{label: "checksums agree", cell: func(r *Report) string { return r.agreement() }},
	}
}

// writeTable prints runs as a table: one column of figures, or, for a
// comparison, one column per run and their ratio (first run over second).
// Every disconnect is told on a line of its own.
func writeTable(w io.Writer, runs []*Report) {
	var rows [][]string
	if len(runs) == 1 {
		rows = append(rows, []string{"transport", runs[0].Transport})
	} else {
		head := []string{"transport"}
		for _, r := range runs {
			head = append(head, r.Transport)
		}
		if len(runs) == 2 {
			head = append(head, runs[0].Transport+"/"+runs[1].Transport)
		}
		rows = append(rows, head)
	}
	var shared [][2]string
	for _, f := range figures() {
		cells := []string{f.label}
		for _, r := range runs {
			cells = append(cells, f.cell(r))
		}
		switch {
		case f.optional && strings.Join(cells[1:], "") == "":
			continue
		case f.same && len(runs) > 1:
			shared = append(shared, [2]string{f.label, cells[1]})
			continue
		}
		if len(runs) == 2 && f.num != nil {
			cells = append(cells, ratio(f.num(runs[0]), f.num(runs[1])))
		}
		rows = append(rows, cells)
		if f.label == "disconnects" && len(runs) == 1 {
			for _, d := range runs[0].Disconnects {
				rows = append(rows, []string{"", d.String()})
			}
		}
	}
	for _, s := range shared {
		fmt.Fprintf(w, "%-16s %s\n", s[0], s[1])
	}
	printColumns(w, rows)
	if len(runs) > 1 {
		for _, r := range runs {
			for _, d := range r.Disconnects {
				fmt.Fprintf(w, "%s: %v\n", r.Transport, d)
			}
		}
	}
}

// printColumns prints rows with every column padded to its widest cell.
func printColumns(w io.Writer, rows [][]string) {
	var width []int
	for _, row := range rows {
		for i, c := range row {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], len(c))
		}
	}
	width[0] = max(width[0], 15)
	for _, row := range rows {
		line := ""
		for i, c := range row {
			line += fmt.Sprintf("%-*s  ", width[i], c)
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// ratio formats a/b, or "-" when b is 0.
func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// agreement describes the checksum comparison.
func (r *Report) agreement() string {
	if len(r.groups) == 0 {
		return "n/a: no two peers played to the end together"
	}
	var s []string
	for _, g := range r.groups {
		agree := "yes"
		if !g.agree {
			agree = "NO"
		}
		s = append(s, fmt.Sprintf("%s (peers %s, frame %d)", agree, formatSlots(g.peers), g.frame))
	}
	return strings.Join(s, "; ")
}

func formatPaths(p map[string]int) string {
	var s []string
	for _, k := range slices.Sorted(maps.Keys(p)) {
		s = append(s, fmt.Sprintf("%s %d", k, p[k]))
	}
	return strings.Join(s, ", ") + " pairs"
}
