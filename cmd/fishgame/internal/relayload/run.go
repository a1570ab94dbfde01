package relayload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/fishgame/fishgame/signaling"
)

// Run runs the load described by cfg against the server at cfg.URL and
// returns what it measured. It shows progress on w (nil for none) and logs
// the first problems of a few sockets through log. When ctx ends while the
// load sends, it stops and returns the partial result.
func Run(ctx context.Context, cfg Config, w io.Writer, log *slog.Logger) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{}, err
	}
	if log == nil {
		log = slog.Default()
	}
	wsURL, _ := socketURL(cfg.URL) // valid: checked by Validate
	hc := &http.Client{Timeout: requestTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.workers()}}
	defer hc.CloseIdleConnections()
	client, err := signaling.NewClient(cfg.URL, cfg.ServerKey, signaling.WithHTTPClient(hc), signaling.WithLogger(log))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrBadConfig, err)
	}
	r := &run{cfg: cfg, lay: cfg.layout(), log: log, p: newProgress(w), start: time.Now()}
	defer r.hangUp()
	if err := r.connect(ctx, client, &websocket.Dialer{HandshakeTimeout: requestTimeout}, wsURL); err != nil {
		return Result{}, err
	}
	if err := r.formMatches(ctx); err != nil {
		return Result{}, err
	}
	return r.load(ctx), nil
}

// run is one load in progress.
type run struct {
	cfg   Config
	lay   layout
	log   *slog.Logger
	p     *progress
	start time.Time // payload send times count from here

	members   []*member
	delivered atomic.Int64 // deliveries so far, for progress and the drain
	closing   atomic.Bool  // set when the run closes the sockets itself
}

// connect authenticates every device user and opens its socket, starting its
// reader.
func (r *run) connect(ctx context.Context, c *signaling.Client, d *websocket.Dialer, wsURL *url.URL) error {
	r.members = make([]*member, r.cfg.Sockets)
	var opened atomic.Int64
	stop := r.p.every(func() string { return fmt.Sprintf("connected %d of %d sockets", opened.Load(), r.cfg.Sockets) })
	defer stop()
	return forEach(ctx, r.cfg.Sockets, r.cfg.workers(), func(ctx context.Context, i int) error {
		m, err := connect(ctx, c, d, wsURL, deviceID(r.cfg.DevicePrefix, i), i)
		if err != nil {
			return fmt.Errorf("socket %d: %w", i, err)
		}
		r.members[i] = m
		go m.read(r.start, r.lay, &r.delivered, &r.closing)
		opened.Add(1)
		return nil
	})
}

// formMatches has the first socket of every match create it, and the others
// join it.
func (r *run) formMatches(ctx context.Context) error {
	var formed atomic.Int64
	stop := r.p.every(func() string { return fmt.Sprintf("formed %d of %d matches", formed.Load(), r.lay.matches()) })
	defer stop()
	return forEach(ctx, r.lay.matches(), r.cfg.workers(), func(ctx context.Context, g int) error {
		group := r.members[g*r.cfg.Players : g*r.cfg.Players+r.lay.size(g)]
		id, err := group[0].request(ctx, "c", appendMatchCreate(nil, "c"))
		if err != nil {
			return fmt.Errorf("match %d: create: %w", g, err)
		}
		for _, m := range group {
			m.join(id)
		}
		for _, m := range group[1:] {
			if _, err := m.request(ctx, "j", appendMatchJoin(nil, "j", id)); err != nil {
				return fmt.Errorf("match %d: socket %d join: %w", g, m.idx, err)
			}
		}
		formed.Add(1)
		return nil
	})
}

// load sends for the configured duration, drains and measures.
func (r *run) load(ctx context.Context) Result {
	select { // let the join presence events pass
	case <-ctx.Done():
	case <-time.After(settle):
	}
	interval := time.Duration(float64(time.Second) / r.cfg.Rate)
	cpu0 := r.snapshot()
	first := time.Now().Add(50 * time.Millisecond)
	end := first.Add(r.cfg.Duration)
	stopProgress := r.p.every(func() string {
		d, el := r.delivered.Load(), min(time.Since(first).Seconds(), r.cfg.Duration.Seconds())
		return fmt.Sprintf("%.1f of %.1f s, delivered %d (%.0f/s)", max(el, 0), r.cfg.Duration.Seconds(), d, float64(d)/max(el, 1e-3))
	})
	var senders sync.WaitGroup
	for i, m := range r.members {
		senders.Add(1)
		go func() {
			defer senders.Done()
			// Spread the sockets' send times evenly over an interval.
			m.send(r.start, first.Add(interval*time.Duration(i)/time.Duration(len(r.members))), end, interval, r.cfg.Payload, ctx.Done())
		}()
	}
	senders.Wait()
	partial := ctx.Err() != nil
	var expected int64
	for _, m := range r.members {
		expected += int64(m.sent) * int64(r.lay.size(r.lay.group(m.idx))-1)
	}
	r.drain(ctx, expected)
	cpu1 := r.snapshot()
	stopProgress()
	r.hangUp()
	return r.result(expected, partial, cpu0, cpu1)
}

// drain waits until every expected delivery arrived, for at most
// cfg.Drain.
func (r *run) drain(ctx context.Context, expected int64) {
	deadline := time.NewTimer(r.cfg.Drain)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for r.delivered.Load() < expected {
		select {
		case <-ctx.Done():
			return
		case <-deadline.C:
			return
		case <-tick.C:
		}
	}
}

// hangUp closes every socket: politely first, giving the server a moment to
// answer, then for good. It waits for the readers to stop.
func (r *run) hangUp() {
	if r.closing.Swap(true) {
		return
	}
	for _, m := range r.members {
		if m != nil {
			m.hangUp()
		}
	}
	wait := time.NewTimer(3 * closeTimeout)
	defer wait.Stop()
	for _, m := range r.members {
		if m == nil {
			continue
		}
		select {
		case <-m.done:
		case <-wait.C:
		}
	}
	for _, m := range r.members {
		if m != nil {
			m.close()
			<-m.done
		}
	}
}

// cpuSnapshot is the CPU counters at one moment.
type cpuSnapshot struct {
	at           time.Time
	tool, server time.Duration
	toolOK       bool
	serverErr    error
	host         hostTicks
	hostOK       bool
}

func (r *run) snapshot() cpuSnapshot {
	s := cpuSnapshot{at: time.Now()}
	var err error
	s.tool, err = processCPU("self")
	s.toolOK = err == nil
	if r.cfg.ServerPID != 0 {
		s.server, s.serverErr = processCPU(strconv.Itoa(r.cfg.ServerPID))
	}
	s.host, s.hostOK = readHostTicks()
	return s
}

// result puts the figures together once the readers have stopped.
func (r *run) result(expected int64, partial bool, cpu0, cpu1 cpuSnapshot) Result {
	c := r.cfg
	res := Result{
		Sockets: c.Sockets, Matches: r.lay.matches(), Players: c.Players, Rate: c.Rate, PayloadBytes: c.Payload,
		FrameBytes: len(appendMatchDataSend(nil, r.members[0].quotedMatchID, make([]byte, c.Payload))),
		DurationS:  c.Duration.Seconds(), Partial: partial, Expected: expected,
		WindowS: cpu1.at.Sub(cpu0.at).Seconds(),
	}
	var lat []time.Duration
	odd := 0 // sockets whose first unexpected frame was logged
	for _, m := range r.members {
		t := &m.tally
		res.Sent += int64(m.sent)
		lat = append(lat, t.latencies...)
		res.Misrouted += t.misrouted
		res.OutOfOrder += t.outOfOrder
		res.ErrorFrames += t.errorFrames
		res.BadFrames += t.badFrames
		if t.firstError != "" && odd < 3 {
			odd++
			r.log.Warn("relay-load: unexpected frame", "socket", m.idx, "first", t.firstError)
		}
		if m.readErr != nil {
			if res.ClosedSockets++; res.ClosedSockets <= 3 {
				r.log.Warn("relay-load: socket closed by the server", "socket", m.idx, "err", m.readErr)
			}
		}
		if m.writeErr != nil && !errors.Is(m.writeErr, websocket.ErrCloseSent) {
			res.WriteErrors++
		}
	}
	res.Delivered = int64(len(lat))
	res.Lost = max(expected-res.Delivered, 0)
	res.LossPct = 100 * float64(res.Lost) / float64(max(expected, 1))
	res.OfferedPerS = float64(res.Sent) / c.Duration.Seconds()
	res.DeliveredPerS = float64(res.Delivered) / c.Duration.Seconds()
	res.Latency = latency(lat)
	if cpu0.toolOK && cpu1.toolOK {
		res.ToolCPUS = (cpu1.tool - cpu0.tool).Seconds()
	}
	if cpu0.hostOK && cpu1.hostOK {
		res.HostBusyPct = cpu0.host.busyPercent(cpu1.host)
	}
	if c.ServerPID != 0 {
		if err := errors.Join(cpu0.serverErr, cpu1.serverErr); err != nil {
			r.log.Warn("relay-load: no server CPU figure", "pid", c.ServerPID, "err", err)
		} else {
			s := &ServerCPU{PID: c.ServerPID, Name: processName(c.ServerPID), CPUS: (cpu1.server - cpu0.server).Seconds()}
			if res.Delivered > 0 {
				s.CPUPer1000 = 1000 * s.CPUS / float64(res.Delivered)
			}
			res.Server = s
		}
	}
	return res
}

// forEach runs fn(0..n-1) on up to workers goroutines and returns the first
// error; after one, the others' ctx is cancelled and no more start.
func forEach(ctx context.Context, n, workers int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				if err := fn(ctx, i); err != nil {
					once.Do(func() { first = err })
					cancel(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return first
}
