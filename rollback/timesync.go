package rollback

import "time"

// Time sync: every qualityInterval each side estimates how far the other is
// ahead (its last reported frame plus the frames elapsed since, with half an
// RTT for the trip) and sends that estimate in a quality report. A peer
// running ahead of another sees a negative local and a positive remote
// advantage; half the difference is the frames it should wait so both meet
// in the middle instead of the one behind rolling back every frame.
const (
	qualityInterval   = 200 * time.Millisecond
	keepaliveInterval = 100 * time.Millisecond
	timeSyncWindow    = 16
	// timeSyncEvery is how often, in frames, a wait is recommended.
	timeSyncEvery = 60
	// minWait is the smallest wait worth recommending.
	minWait = 2
)

// advantageWindow averages recent frame-advantage samples.
type advantageWindow struct {
	local, remote [timeSyncWindow]int32
	nl, nr        int
	il, ir        int
}

func (w *advantageWindow) addLocal(v int32) {
	w.local[w.il] = v
	w.il = (w.il + 1) % timeSyncWindow
	w.nl = min(w.nl+1, timeSyncWindow)
}

func (w *advantageWindow) addRemote(v int32) {
	w.remote[w.ir] = v
	w.ir = (w.ir + 1) % timeSyncWindow
	w.nr = min(w.nr+1, timeSyncWindow)
}

func mean(v []int32) int32 {
	if len(v) == 0 {
		return 0
	}
	var sum int64
	for _, x := range v {
		sum += int64(x)
	}
	return int32(sum / int64(len(v)))
}

// wait returns the frames this side should wait (0 when not ahead). The
// peer's reports only correct this side's own estimate for the trip's
// asymmetry, so they count up to slack frames off its negation (an honest
// report is within the round trip of it): a peer claiming a huge advantage
// cannot make this side wait more than slack/2 frames beyond what it
// measured itself.
func (w *advantageWindow) wait(slack int32) int {
	if w.nl == 0 || w.nr == 0 {
		return 0
	}
	local := mean(w.local[:w.nl])
	remote := min(max(mean(w.remote[:w.nr]), -local-slack), -local+slack)
	d := (remote - local) / 2
	if d < minWait {
		return 0
	}
	return int(d)
}

// framesAhead returns how many frames this side runs ahead of the peer.
func (w *advantageWindow) framesAhead() int {
	return -int(mean(w.local[:w.nl]))
}

// micros encodes now for a quality ping; differences wrap correctly.
func micros(now time.Duration) uint32 { return uint32(now / time.Microsecond) }

// clampInt8 clamps v to the range of int8.
func clampInt8(v int32) int8 { return int8(max(-128, min(127, v))) }
