package relayload

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of the CPU times in /proc: 100 ticks a second on every
// Linux architecture Go supports.
const userHZ = 100

// processCPU returns the user plus system CPU time of process pid so far, from
// /proc/PID/stat (pid "self" works too). Elsewhere than Linux it fails with
// ErrNoCPU.
func processCPU(pid string) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrNoCPU, err)
	}
	return parseProcStat(b)
}

// parseProcStat reads utime and stime, fields 14 and 15 of a /proc/PID/stat
// line. Field 2, the command name in parentheses, may hold spaces and
// parentheses itself, so fields are counted from its last ')'.
func parseProcStat(b []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("%w: no command name in /proc stat line", ErrNoCPU)
	}
	f := strings.Fields(string(b[i+1:])) // f[0] is field 3, the state
	if len(f) < 13 {
		return 0, fmt.Errorf("%w: /proc stat line has %d fields after the name, want at least 13", ErrNoCPU, len(f))
	}
	var ticks uint64
	for _, s := range f[11:13] {
		t, err := strconv.ParseUint(s, 10, 63)
		if err != nil {
			return 0, fmt.Errorf("%w: /proc stat cpu time %q: %w", ErrNoCPU, s, err)
		}
		ticks += t
	}
	if ticks > uint64(1<<63-1)/uint64(time.Second/userHZ) {
		return 0, fmt.Errorf("%w: /proc stat cpu time %d ticks out of range", ErrNoCPU, ticks)
	}
	return time.Duration(ticks) * (time.Second / userHZ), nil
}

// processName returns the command name of process pid, or "" when unknown.
func processName(pid int) string {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	return strings.TrimSpace(string(b))
}

// hostTicks is the machine's CPU time from /proc/stat: busy and total ticks
// over all cores.
type hostTicks struct{ busy, total uint64 }

// readHostTicks reads /proc/stat; ok is false where there is none.
func readHostTicks() (hostTicks, bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return hostTicks{}, false
	}
	h, err := parseHostStat(b)
	return h, err == nil
}

// parseHostStat reads the first line of /proc/stat, "cpu user nice system
// idle iowait irq softirq steal ...": idle and iowait are not busy, and guest
// time is already counted in user.
func parseHostStat(b []byte) (hostTicks, error) {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := strings.Fields(string(line))
	if len(f) < 9 || f[0] != "cpu" {
		return hostTicks{}, fmt.Errorf("%w: /proc/stat does not start with a cpu line of 8 counters", ErrNoCPU)
	}
	var h hostTicks
	for i, s := range f[1:9] {
		t, err := strconv.ParseUint(s, 10, 48)
		if err != nil {
			return hostTicks{}, fmt.Errorf("%w: /proc/stat counter %q: %w", ErrNoCPU, s, err)
		}
		h.total += t
		if i != 3 && i != 4 {
			h.busy += t
		}
	}
	return h, nil
}

// busyPercent is the share of the machine that was busy between h and later.
func (h hostTicks) busyPercent(later hostTicks) float64 {
	if later.total <= h.total {
		return 0
	}
	return 100 * float64(later.busy-h.busy) / float64(later.total-h.total)
}
