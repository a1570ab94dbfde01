package lab

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Progress shows how far a lab run (or a sweep of runs) is: a bar when w is
// a terminal, else a plain line every tenth of the way.
type Progress struct {
	mu    sync.Mutex
	w     io.Writer
	bar   *progressbar.ProgressBar // nil: plain lines
	total int
	done  int // frames of the finished runs
	line  int // last tenth printed as a plain line
}

// NewProgress shows progress over total frames (frames × runs) on w.
func NewProgress(w io.Writer, total int) *Progress {
	p := &Progress{w: w, total: max(total, 1)}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(p.total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("lab"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("frames"),
			progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// Run returns the Config.Progress of a run, named label, that adds its
// frames after those of the runs before it. Call it before each run; a
// Config that plays several matches (TransportBoth) may keep it: a frame
// lower than the last starts the next match.
func (p *Progress) Run(label string) func(frame int32) {
	p.mu.Lock()
	base := p.done
	if p.bar != nil {
		p.bar.Describe("lab " + label)
	}
	p.mu.Unlock()
	last := 0
	return func(frame int32) {
		if int(frame) < last {
			base += last
		}
		last = int(frame)
		p.set(label, base+last)
	}
}

// EndRun counts a run of frames as done, however far it got.
func (p *Progress) EndRun(frames int) {
	p.mu.Lock()
	p.done += frames
	p.mu.Unlock()
	p.set("", p.done)
}

func (p *Progress) set(label string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n = min(n, p.total)
	if p.bar != nil {
		p.bar.Set(n)
		return
	}
	if tenth := 10 * n / p.total; tenth > p.line && label != "" {
		p.line = tenth
		fmt.Fprintf(p.w, "lab: %d%% (%s, frame %d of %d in all)\n", 10*tenth, label, n, p.total)
	}
}

// Finish clears the bar.
func (p *Progress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// partial ends a match stopped by ctx (Ctrl-C) with the report of what was
// played, marked partial, and the reason. Any other failure stays an error
// without a report.
func partial(ctx context.Context, err error, cfg Config, net network, peers []*peer, now time.Duration, rtts []time.Duration, lat *latency) (*Report, error) {
	if ctx.Err() == nil {
		return nil, err
	}
	// The rates divide by the match time.
	rep := newReport(cfg, peers, net.Paths(), max(now, time.Millisecond), rtts, lat.samples)
	rep.Link = net.Links()
	rep.Partial = true
	return rep, fmt.Errorf("stopped at frame %d of %d, the report is partial: %w", peers[0].sess.Frame(), cfg.Frames, ctx.Err())
}

// writePartialNote marks a table whose runs were stopped early.
func writePartialNote(w io.Writer, runs []*Report) {
	for _, r := range runs {
		if r.Partial {
			fmt.Fprintf(w, "PARTIAL: %s was stopped before the end; its figures cover the frames played so far\n", r.Transport)
		}
	}
}
