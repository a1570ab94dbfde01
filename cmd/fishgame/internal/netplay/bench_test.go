package netplay_test

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// BenchmarkConnect4 forms and connects 4-player matches on loopback
// (create/join through the embedded server) and reports the time from
// match formed (every member joined, as the first peer saw it) to every
// link open on every peer: p50 and p95 over the iterations.
func BenchmarkConnect4(b *testing.B) {
	var times []time.Duration
	for b.Loop() {
		times = append(times, connectOnce(b, 4))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2])/float64(time.Millisecond), "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100])/float64(time.Millisecond), "p95-ms")
}

func connectOnce(b *testing.B, players int) time.Duration {
	b.Helper()
	e := newEnv(b)
	matches, errs := connectAll(b, configs(b, e, players, false), createJoin(players))
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
	var formed, ready time.Time
	for _, m := range matches {
		if formed.IsZero() || m.Formed().Before(formed) {
			formed = m.Formed()
		}
		if m.Ready().After(ready) {
			ready = m.Ready()
		}
	}
	return ready.Sub(formed)
}
