package lab

import (
	"runtime"
	"syscall"
	"time"
)

// nap sleeps for about d without a Go timer. The runtime's timers wake
// no sooner than a millisecond on Linux (its network poller waits in whole
// milliseconds: ~1.15 ms measured for any shorter timer), which would add
// about half a millisecond to every packet the real-time lab sees. A
// nanosleep call blocks only this goroutine's thread and wakes within tens
// of microseconds; an interrupted one (EINTR) just returns early. It
// yields first, so goroutines that the lab's sends just woke (queued on
// this thread's processor) run now rather than wait out the syscall.
func nap(d time.Duration) {
	runtime.Gosched()
	ts := syscall.NsecToTimespec(int64(d))
	_ = syscall.Nanosleep(&ts, nil)
}
