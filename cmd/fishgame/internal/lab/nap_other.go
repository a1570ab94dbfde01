//go:build !linux

package lab

import "time"

// nap sleeps for about d (at the resolution of the runtime's timers on
// this platform).
func nap(d time.Duration) { time.Sleep(d) }
