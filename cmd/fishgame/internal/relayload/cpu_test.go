package relayload

import (
	"errors"
	"testing"
	"time"
)

func TestParseProcStat(t *testing.T) {
	// A command name with spaces and parentheses; utime 1234, stime 566.
	line := "4242 (fish (server) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 566 0 0 20 0 12 0 100 1000000 500 18446744073709551615\n"
	got, err := parseProcStat([]byte(line))
	if want := 18 * time.Second; err != nil || got != want {
		t.Errorf("parseProcStat(%q) = %v, %v, want %v", line, got, err, want)
	}
	for _, bad := range []string{"", "1 (x) S 1 2 3", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 -5 1 0", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 99999999999999999999 1 0"} {
		if d, err := parseProcStat([]byte(bad)); !errors.Is(err, ErrNoCPU) {
			t.Errorf("parseProcStat(%q) = %v, %v, want ErrNoCPU", bad, d, err)
		}
	}
}

func TestParseHostStat(t *testing.T) {
	in := "cpu  100 5 50 800 40 3 2 0 7 0\ncpu0 1 2 3 4 5 6 7 8\n"
	got, err := parseHostStat([]byte(in))
	if want := (hostTicks{busy: 160, total: 1000}); err != nil || got != want {
		t.Errorf("parseHostStat(%q) = %+v, %v, want %+v", in, got, err, want)
	}
	if b := (hostTicks{busy: 160, total: 1000}).busyPercent(hostTicks{busy: 210, total: 1200}); b != 25 {
		t.Errorf("busyPercent = %v, want 25", b)
	}
	for _, bad := range []string{"", "intr 1 2 3", "cpu 1 2 3", "cpu 1 2 3 4 5 6 7 x"} {
		if h, err := parseHostStat([]byte(bad)); !errors.Is(err, ErrNoCPU) {
			t.Errorf("parseHostStat(%q) = %+v, %v, want ErrNoCPU", bad, h, err)
		}
	}
}

func FuzzParseProcStat(f *testing.F) {
	f.Add([]byte("4242 (fish (server) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 566 0 0 20 0 12 0 100 1000000 500\n"))
	f.Add([]byte("cpu  100 5 50 800 40 3 2 0 7 0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := parseProcStat(b); err == nil && d < 0 {
			t.Fatalf("parseProcStat(%q) = %v, a negative time", b, d)
		}
		if h, err := parseHostStat(b); err == nil && h.busy > h.total {
			t.Fatalf("parseHostStat(%q) = %+v, busy above total", b, h)
		}
	})
}
