package relayload

import (
	"slices"
	"time"
)

// Result is one load run. Rates are per second of the send duration.
type Result struct {
	Sockets      int     `json:"sockets"`
	Matches      int     `json:"matches"`
	Players      int     `json:"players"`
	Rate         float64 `json:"rate_per_socket"`
	PayloadBytes int     `json:"payload_bytes"`
	// FrameBytes is the size of one match_data_send frame.
	FrameBytes int     `json:"frame_bytes"`
	DurationS  float64 `json:"duration_s"`
	// Partial is set when the run was stopped before the end.
	Partial bool `json:"partial,omitempty"`

	// Sent counts match_data_send frames; Expected, the deliveries they
	// ask for (one per other member of the sender's match).
	Sent        int64   `json:"sent"`
	OfferedPerS float64 `json:"offered_per_s"`
	Expected    int64   `json:"expected"`
	// Delivered counts match data received from a match mate.
	Delivered     int64   `json:"delivered"`
	DeliveredPerS float64 `json:"delivered_per_s"`
	// Lost is Expected minus Delivered: a duplicate would hide a loss,
	// and shows in OutOfOrder.
	Lost    int64   `json:"lost"`
	LossPct float64 `json:"loss_pct"`
	// Misrouted counts match data not from a match mate (see tally).
	Misrouted  int64 `json:"misrouted"`
	OutOfOrder int64 `json:"out_of_order"`
	// ErrorFrames counts error envelopes; BadFrames, frames that are not
	// JSON envelopes.
	ErrorFrames int64 `json:"error_frames"`
	BadFrames   int64 `json:"bad_frames"`
	// ClosedSockets counts sockets the server closed; WriteErrors, sockets
	// whose sending failed.
	ClosedSockets int `json:"closed_sockets"`
	WriteErrors   int `json:"write_errors"`

	// Latency is the one-way latency, sender to receiver, of deliveries.
	Latency Latency `json:"latency_ms"`

	// WindowS is the time over which CPU is measured: from the first send
	// to the end of the drain.
	WindowS float64 `json:"cpu_window_s"`
	// ToolCPUS is this process's CPU time over the window, and HostBusyPct
	// the share of the machine busy (Linux only; 0 elsewhere).
	ToolCPUS    float64    `json:"tool_cpu_s"`
	HostBusyPct float64    `json:"host_busy_pct"`
	Server      *ServerCPU `json:"server,omitempty"`
}

// Latency is a set of latency percentiles in milliseconds.
type Latency struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// ServerCPU is the server process's CPU over the window.
type ServerCPU struct {
	PID  int     `json:"pid"`
	Name string  `json:"name"`
	CPUS float64 `json:"cpu_s"`
	// CPUPer1000 is the CPU seconds per 1000 deliveries.
	CPUPer1000 float64 `json:"cpu_s_per_1000_delivered"`
}

// latency returns the percentiles of ds, which it sorts.
func latency(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	return Latency{P50: ms(rank(ds, 50)), P95: ms(rank(ds, 95)), P99: ms(rank(ds, 99)), Max: ms(ds[len(ds)-1])}
}

// rank is the nearest-rank p-th percentile of sorted, which is not empty.
func rank(sorted []time.Duration, p int) time.Duration {
	i := (p*len(sorted) + 99) / 100 // ceil(p/100 × n), from 1
	return sorted[max(i, 1)-1]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
