package desync

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// DefaultQueue is how many reports a Writer holds before Submit drops.
const DefaultQueue = 8

// Writer encodes and writes reports on its own goroutine, so a game loop
// hands one over without waiting for the encoder or the disk. Its
// goroutine runs from NewWriter until Close.
type Writer struct {
	dir     string
	log     *slog.Logger
	save    func(dir, path string, data []byte) error
	queue   chan Report
	done    chan struct{}
	mu      sync.Mutex // guards closed against Submit's send
	closed  bool
	dropped atomic.Uint64
	written atomic.Uint64
	failed  atomic.Uint64
}

// NewWriter starts a writer into dir (created on the first write) holding
// up to queue reports (DefaultQueue if queue <= 0).
func NewWriter(dir string, queue int, log *slog.Logger) *Writer {
	return newWriter(dir, queue, log, replaceFile)
}

// newWriter is NewWriter saving files with save (tests hold it up).
func newWriter(dir string, queue int, log *slog.Logger, save func(dir, path string, data []byte) error) *Writer {
	if queue <= 0 {
		queue = DefaultQueue
	}
	if log == nil {
		log = slog.Default()
	}
	w := &Writer{dir: dir, log: log, save: save, queue: make(chan Report, queue), done: make(chan struct{})}
	go w.run()
	return w
}

// Dir returns the directory reports are written to.
func (w *Writer) Dir() string { return w.dir }

// Submit queues r to be written to Path(r) and returns at once. It returns
// false, counting a drop, when the queue is full or the writer is closed.
// r must not be changed afterwards (NewReport's reports never are).
func (w *Writer) Submit(r Report) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		w.dropped.Add(1)
		return false
	}
	select {
	case w.queue <- r:
		return true
	default:
		w.dropped.Add(1)
		w.log.Warn("desync report dropped: writer queue full", "frame", r.Frame, "queue", cap(w.queue))
		return false
	}
}

// Path returns the file r is written to.
func (w *Writer) Path(r *Report) string { return filepath.Join(w.dir, FileName(r)) }

// Close writes the queued reports, stops the goroutine and returns once it
// has ended. Later Submits are dropped.
func (w *Writer) Close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	<-w.done
}

// Stats returns how many reports were written, failed to be written, and
// were dropped by Submit.
func (w *Writer) Stats() (written, failed, dropped uint64) {
	return w.written.Load(), w.failed.Load(), w.dropped.Load()
}

func (w *Writer) run() {
	defer close(w.done)
	var buf []byte
	for r := range w.queue {
		path, b, err := w.write(&r, buf[:0])
		buf = b
		if err != nil {
			w.failed.Add(1)
			w.log.Error("desync report not written", "frame", r.Frame, "err", err)
			continue
		}
		w.written.Add(1)
		w.log.Info("desync report written", "path", path, "frame", r.Frame,
			"remote_state", r.Remote.HasState(), "remote_inputs", r.Remote.HasReplay())
	}
}

// write encodes r into buf and saves it to its file; it returns the file
// and the buffer, for the next report to reuse.
func (w *Writer) write(r *Report, buf []byte) (string, []byte, error) {
	b, err := r.AppendBinary(buf)
	if err != nil {
		return "", b, fmt.Errorf("encode: %w", err)
	}
	path := w.Path(r)
	if err := w.save(w.dir, path, b); err != nil {
		return "", b, err
	}
	return path, b, nil
}

// replaceFile writes data to path in dir (created if missing) through a
// temporary file, so a reader never sees half a report.
func replaceFile(dir, path string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".desync-*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
