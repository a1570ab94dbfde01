package server

import (
	"errors"
	"testing"
	"time"
)

// TestConfigDefaults checks that a zero Config gets a stock Nakama's
// defaults, where Nakama has the setting.
func TestConfigDefaults(t *testing.T) {
	cfg, err := Config{DataDir: t.TempDir()}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"server key", cfg.ServerKey, "defaultkey"},
		{"token expiry", cfg.TokenExpiry, 60 * time.Second},
		{"refresh token expiry", cfg.RefreshTokenExpiry, 3600 * time.Second},
		{"max message size", cfg.MaxMessageSize, int64(4096)},
		{"ping period", cfg.PingPeriod, 15 * time.Second},
		{"pong wait", cfg.PongWait, 25 * time.Second},
		{"match token expiry", cfg.MatchTokenExpiry, 30 * time.Second},
		{"fatal close delay", cfg.CloseDelay, 2 * time.Second},
	} {
		if c.got != c.want {
			t.Errorf("default %s = %v, want %v (Nakama's)", c.name, c.got, c.want)
		}
	}
	// Nakama ticks every 15 s; local play wants a few seconds at most.
	if cfg.MatchmakerInterval <= 0 || cfg.MatchmakerInterval > 5*time.Second {
		t.Errorf("default matchmaker interval = %v, want a few seconds", cfg.MatchmakerInterval)
	}
	if _, err := (Config{}).withDefaults(); !errors.Is(err, ErrConfig) {
		t.Errorf("Config without a data directory = %v, want ErrConfig", err)
	}
}

// TestDefaultRateLimitFitsRelayPlay plays a minute of 4-player relay mode
// (3 packets a frame at 60 fps) through the default socket limiter, with a
// second of catch-up at double rate and a 2 s stall flushed at once, and
// checks that only a far faster flood is cut off.
func TestDefaultRateLimitFitsRelayPlay(t *testing.T) {
	cfg, err := Config{DataDir: t.TempDir()}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	lim := cfg.socketLimiter()
	start := time.Unix(1_800_000_000, 0)
	frame := time.Second / 60
	for f := range 60 * 60 {
		now := start.Add(time.Duration(f) * frame)
		n := 3
		switch {
		case f >= 600 && f < 660: // catch-up after a rollback-heavy second
			n = 6
		case f >= 1200 && f < 1320: // stalled: nothing leaves for 2 s
			continue
		case f == 1320: // then the stalled 2 s go at once
			n = 3 * 121
		}
		if !lim.AllowN(now, n) {
			t.Fatalf("relay play refused at frame %d (%d messages)", f, n)
		}
	}
	flood := cfg.socketLimiter()
	for i := range 100 * 60 {
		if !flood.AllowN(start.Add(time.Duration(i)*frame), 30) { // 1800 messages/s
			return
		}
	}
	t.Error("a flood of 1800 messages/s for 100 s was never limited")
}
