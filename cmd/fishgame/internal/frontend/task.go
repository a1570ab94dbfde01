package frontend

import "context"

// task is a blocking call (logging in, finding a match) running off the
// game loop: a scene starts it, polls it once per tick and may cancel it.
type task[T any] struct {
	cancel context.CancelFunc
	done   chan taskResult[T]
}

type taskResult[T any] struct {
	v   T
	err error
}

// startTask runs f through run (a new goroutine in the game; the calling
// goroutine in tests) with a context that stop cancels.
func startTask[T any](run func(func()), f func(ctx context.Context) (T, error)) *task[T] {
	ctx, cancel := context.WithCancel(context.Background())
	t := &task[T]{cancel: cancel, done: make(chan taskResult[T], 1)}
	run(func() {
		v, err := f(ctx)
		t.done <- taskResult[T]{v, err}
	})
	return t
}

// poll returns the call's result once it has finished; ok is false while
// it runs.
func (t *task[T]) poll() (v T, err error, ok bool) {
	select {
	case r := <-t.done:
		t.cancel()
		return r.v, r.err, true
	default:
		return v, nil, false
	}
}

// stop cancels the call; its result, when it comes, is dropped.
func (t *task[T]) stop() { t.cancel() }
