package relayload

import (
	"testing"
	"time"
)

func TestLatencyPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := latency(ds)
	if want := (Latency{P50: 50, P95: 95, P99: 99, Max: 100}); got != want {
		t.Errorf("latency(1..100 ms) = %+v, want %+v", got, want)
	}
	if got := latency([]time.Duration{3 * time.Millisecond}); got != (Latency{3, 3, 3, 3}) {
		t.Errorf("latency(3 ms) = %+v, want all 3", got)
	}
	if got := latency(nil); got != (Latency{}) {
		t.Errorf("latency(nil) = %+v, want zeros", got)
	}
}
