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
	// reading says in one line what the figure means, for the runs.
	reading func(runs []*Report) string
}

// explain returns a fixed reading.
func explain(s string) func([]*Report) string { return func([]*Report) string { return s } }

// modelSays lists what the model predicts for each run, from a run's
// model and the path its transport takes.
func modelSays(runs []*Report, of func(m Model, p Path) time.Duration) string {
	var s []string
	for _, r := range runs {
		p := PathP2P
		if r.Transport == TransportRelay {
			p = PathRelay
		}
		d := fmt.Sprintf("%.0f ms", float64(of(r.model, p))/float64(time.Millisecond))
		if len(runs) > 1 {
			d = r.Transport + " " + d
		}
		s = append(s, d)
	}
	return strings.Join(s, ", ")
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
			num:     func(r *Report) float64 { return r.ConnectMS },
			reading: explain("connect: from the match formed to every link open; signaling crosses the model too")},
		{label: "rtt p50/95/99", cell: func(r *Report) string { return pct(r.RTTMS, r.rttSamples) },
			num: func(r *Report) float64 { return r.RTTMS.P50 },
			reading: func(runs []*Report) string {
				return "RTT: time for a packet to go to another peer and come back; the model says " + modelSays(runs, Model.RTT)
			}},
		{label: "input p50/95/99", cell: func(r *Report) string { return pct(r.InputLatencyMS, r.latSamples) },
			num: func(r *Report) float64 { return r.InputLatencyMS.P50 },
			reading: func(runs []*Report) string {
				return "input latency: from a bot's input to another peer having it; the model says " + modelSays(runs, Model.OneWay)
			}},
		{label: "rollbacks", cell: func(r *Report) string {
			return fmt.Sprintf("%.2f/s, %.2f frames mean, %d max", r.RollbacksPerSec, r.RollbackFrames.Mean, r.RollbackFrames.Max)
		}, num: func(r *Report) float64 { return r.RollbacksPerSec },
			reading: explain("rollbacks: a peer guessed a remote input wrong and replayed that many frames (per peer)")},
		{label: "stalls", cell: func(r *Report) string { return fmt.Sprintf("%d ticks", r.stalls) },
			reading: explain("stalls: ticks a peer waited, having predicted as far ahead as rollback allows (all peers)")},
		{label: "bytes/s out/in", cell: func(r *Report) string {
			return fmt.Sprintf("%.0f / %.0f per peer", r.BytesPerSecPerPeer.Sent, r.BytesPerSecPerPeer.Received)
		}, num: func(r *Report) float64 { return r.BytesPerSecPerPeer.Sent },
			reading: explain("bandwidth: game-packet payload a peer sends and receives, without transport headers")},
		{label: "bad packets", cell: func(r *Report) string { return fmt.Sprint(r.badPackets) },
			reading: explain("bad packets: malformed or implausible packets the sessions ignored")},
		{label: "link loss", cell: func(r *Report) string {
			return fmt.Sprintf("%.1f%% of %d access-link crossings", r.Link.LossPct, r.Link.Crossings)
		}, reading: explain("link loss: what the model's access links dropped (the relay's TCP resends it, late)")},
		{label: "paths", cell: func(r *Report) string { return formatPaths(r.Paths) },
			reading: explain("paths: how each pair of peers is connected: p2p (direct WebRTC) or relay (via the server)")},
		{label: "desyncs", cell: func(r *Report) string { return fmt.Sprint(r.Desyncs) },
			reading: explain("desyncs: peers found their game states differ: a determinism bug")},
		{label: "disconnects", cell: func(r *Report) string { return fmt.Sprint(len(r.Disconnects)) },
			reading: explain("disconnects: a peer dropped another: timeout (silent 2 s), goodbye, or reported by a third")},
		{label: "interruptions", cell: func(r *Report) string {
			return fmt.Sprintf("%d, %.1f s in all", r.Interruptions.Count, r.Interruptions.TotalMS/1000)
		}, reading: explain("interruptions: a link went silent for over 0.5 s (each peer's view of each other)")},
		{label: "checksums agree", cell: func(r *Report) string { return r.agreement() },
			reading: explain("checksums agree: the peers that played to the end together ended in the same state")},
	}
}

// writeTable prints runs as a table: one column of figures, or, for a
// comparison, one column per run and their ratio (first run over second).
// Every disconnect is told on a line of its own.
func writeTable(w io.Writer, runs []*Report) {
	var rows []tableRow
	if len(runs) == 1 {
		rows = append(rows, tableRow{cells: []string{"transport", runs[0].Transport}})
	} else {
		head := []string{"transport"}
		for _, r := range runs {
			head = append(head, r.Transport)
		}
		if len(runs) == 2 {
			head = append(head, runs[0].Transport+"/"+runs[1].Transport)
		}
		rows = append(rows, tableRow{cells: head})
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
		rows = append(rows, tableRow{cells: cells})
		if f.reading != nil {
			rows = append(rows, tableRow{cells: []string{"", "· " + f.reading(runs)}, span: true})
		}
		if f.label == "disconnects" && len(runs) == 1 {
			for _, d := range runs[0].Disconnects {
				rows = append(rows, tableRow{cells: []string{"", d.String()}, span: true})
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
	fmt.Fprintln(w, "\nPlay it yourself: fishgame play (two on one keyboard), or fishgame play --online against friends.")
}

// tableRow is a row of cells; a spanning row's last cell may run past
// its column.
type tableRow struct {
	cells []string
	span  bool
}

// printColumns prints rows with every column padded to its widest cell.
func printColumns(w io.Writer, rows []tableRow) {
	var width []int
	for _, row := range rows {
		for i, c := range row.cells {
			if row.span && i == len(row.cells)-1 {
				c = ""
			}
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], len(c))
		}
	}
	width[0] = max(width[0], 15)
	for _, row := range rows {
		line := ""
		for i, c := range row.cells {
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
