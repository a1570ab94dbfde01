package netplay_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
)

// syncBuffer is a log destination safe for the client's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLoginSaysWhenTheUsernameIsNotUsed: a username asked for an existing
// device account is not silently dropped: Login warns, naming both.
func TestLoginSaysWhenTheUsernameIsNotUsed(t *testing.T) {
	e := newEnv(t)
	cfg := e.config(t, false)
	cfg.DeviceID, cfg.Username = "username-device-1", "first"
	c, err := netplay.Login(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()

	var logs syncBuffer
	cfg.Username = "second"
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	c, err = netplay.Login(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Username() != "first" {
		t.Errorf("Username() = %q, want the account's name %q", c.Username(), "first")
	}
	if out := logs.String(); !strings.Contains(out, `username \"second\" not used`) || !strings.Contains(out, `account \"first\"`) {
		t.Errorf("log = %q, want a warning naming the unused and the kept username", out)
	}

	var logs2 syncBuffer
	cfg.Username = "first"
	cfg.Logger = slog.New(slog.NewTextHandler(&logs2, nil))
	c2, err := netplay.Login(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if out := logs2.String(); strings.Contains(out, "not used") {
		t.Errorf("log = %q, want no warning when the name matches", out)
	}
}
