//go:build !linux

package main

import "time"

// labNap sleeps for about d (at the resolution of the runtime's timers on
// this platform).
func labNap(d time.Duration) { time.Sleep(d) }
