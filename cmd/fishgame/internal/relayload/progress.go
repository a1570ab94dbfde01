package relayload

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progressEvery is how often the progress line is rewritten.
const progressEvery = time.Second

// progress writes a progress line: rewritten in place on a terminal, one
// plain line at a time elsewhere. A nil writer takes nothing.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	tty     bool
	pending bool // a terminal line not yet ended
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// printf shows one progress line.
func (p *progress) printf(format string, a ...any) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	line := "relay-load: " + fmt.Sprintf(format, a...)
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K"+line)
		p.pending = true
		return
	}
	fmt.Fprintln(p.w, line)
}

// end finishes a line rewritten in place, so that what follows starts on a
// line of its own.
func (p *progress) end() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending {
		fmt.Fprintln(p.w)
		p.pending = false
	}
}

// every shows line() every progressEvery until the returned stop is called;
// stop shows it once more.
func (p *progress) every(line func() string) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				p.printf("%s", line())
			}
		}
	}()
	return func() {
		close(quit)
		<-done
		p.printf("%s", line())
		p.end()
	}
}
