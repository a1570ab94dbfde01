package rollback

import (
	"fmt"
	"time"
)

// Defaults for the options.
const (
	DefaultInputDelay     = 2
	DefaultMaxPrediction  = 8
	DefaultDesyncInterval = 30
	DefaultNotify         = 500 * time.Millisecond
	DefaultTimeout        = 2000 * time.Millisecond
	DefaultFrameDuration  = time.Second / 60

	// MaxMaxPrediction bounds WithMaxPrediction.
	MaxMaxPrediction = 16
)

// Option tunes a session.
type Option func(*settings) error

type settings struct {
	inputDelay     int
	maxPrediction  int
	desyncInterval int
	notify         time.Duration
	timeout        time.Duration
	frameDuration  time.Duration
	spectators     []int
}

func defaultSettings() settings {
	return settings{
		inputDelay:     DefaultInputDelay,
		maxPrediction:  DefaultMaxPrediction,
		desyncInterval: DefaultDesyncInterval,
		notify:         DefaultNotify,
		timeout:        DefaultTimeout,
		frameDuration:  DefaultFrameDuration,
	}
}

func (s *settings) apply(opts []Option) error {
	for _, o := range opts {
		if err := o(s); err != nil {
			return err
		}
	}
	return nil
}

// WithInputDelay sets the frames between sampling a local input and using
// it (default 2, at most MaxInputDelay). SetInputDelay changes it later.
func WithInputDelay(frames int) Option {
	return func(s *settings) error {
		if frames < 0 || frames > MaxInputDelay {
			return fmt.Errorf("input delay %d not in 0..%d: %w", frames, MaxInputDelay, ErrConfig)
		}
		s.inputDelay = frames
		return nil
	}
}

// WithMaxPrediction sets how many frames the session may run ahead of the
// last frame whose inputs are all confirmed (default 8, 1..MaxMaxPrediction).
// At the limit the session stalls until inputs arrive.
func WithMaxPrediction(frames int) Option {
	return func(s *settings) error {
		if frames < 1 || frames > MaxMaxPrediction {
			return fmt.Errorf("max prediction %d not in 1..%d: %w", frames, MaxMaxPrediction, ErrConfig)
		}
		s.maxPrediction = frames
		return nil
	}
}

// WithDesyncInterval sets how often, in frames, peers exchange checksums of
// confirmed frames (default 30; 0 turns desync detection off). Every peer
// of a match must use the same interval.
func WithDesyncInterval(frames int) Option {
	return func(s *settings) error {
		if frames < 0 {
			return fmt.Errorf("desync interval %d: %w", frames, ErrConfig)
		}
		s.desyncInterval = frames
		return nil
	}
}

// WithTimeouts sets how long a silent peer takes to be reported interrupted
// (notify, default 500 ms) and to be disconnected (timeout, default 2 s).
func WithTimeouts(notify, timeout time.Duration) Option {
	return func(s *settings) error {
		if notify <= 0 || timeout <= notify {
			return fmt.Errorf("notify %v, timeout %v: need 0 < notify < timeout: %w", notify, timeout, ErrConfig)
		}
		s.notify, s.timeout = notify, timeout
		return nil
	}
}

// WithFrameDuration sets the length of one frame (default 1/60 s), used to
// turn round-trip times into frames for time sync.
func WithFrameDuration(d time.Duration) Option {
	return func(s *settings) error {
		if d <= 0 {
			return fmt.Errorf("frame duration %v: %w", d, ErrConfig)
		}
		s.frameDuration = d
		return nil
	}
}

// WithSpectators makes a P2P session relay every confirmed input to the
// given spectator peers.
func WithSpectators(peers ...int) Option {
	return func(s *settings) error {
		s.spectators = append([]int(nil), peers...)
		return nil
	}
}
