package relayload

import (
	"fmt"
	"io"
)

// WriteText writes res as a short table for people.
func WriteText(w io.Writer, res Result) error {
	partial := ""
	if res.Partial {
		partial = "  PARTIAL: stopped before the end"
	}
	lines := []string{
		fmt.Sprintf("load         %d sockets in %d matches of %d, %.0f msgs/s per socket for %.1f s, payload %d B (frame %d B)%s",
			res.Sockets, res.Matches, res.Players, res.Rate, res.DurationS, res.PayloadBytes, res.FrameBytes, partial),
		fmt.Sprintf("offered      %8.0f msgs/s in   (%d sent)", res.OfferedPerS, res.Sent),
		fmt.Sprintf("delivered    %8.0f msgs/s out  (%d of %d expected)", res.DeliveredPerS, res.Delivered, res.Expected),
		fmt.Sprintf("lost         %d (%.2f%%), misrouted %d, out of order %d", res.Lost, res.LossPct, res.Misrouted, res.OutOfOrder),
		fmt.Sprintf("latency      p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms (one way, sender to receiver)",
			res.Latency.P50, res.Latency.P95, res.Latency.P99, res.Latency.Max),
		fmt.Sprintf("errors       %d error envelopes, %d bad frames, %d sockets closed by the server, %d write errors",
			res.ErrorFrames, res.BadFrames, res.ClosedSockets, res.WriteErrors),
		fmt.Sprintf("load cpu     %.2f s (%.0f%% of a core), machine %.0f%% busy, over %.1f s",
			res.ToolCPUS, 100*res.ToolCPUS/max(res.WindowS, 1e-9), res.HostBusyPct, res.WindowS),
	}
	if s := res.Server; s != nil {
		lines = append(lines, fmt.Sprintf("server cpu   %.2f s (%.0f%% of a core) = %.4f s per 1000 delivered (pid %d, %s)",
			s.CPUS, 100*s.CPUS/max(res.WindowS, 1e-9), s.CPUPer1000, s.PID, s.Name))
	}
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}
