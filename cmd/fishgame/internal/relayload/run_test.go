package relayload

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/signaling"
	"github.com/fishgame/fishgame/signaling/server"
)

// startServer runs the embedded server in this process on httptest.
func startServer(t *testing.T) string {
	t.Helper()
	s, err := server.New(server.Config{
		DataDir:    t.TempDir(),
		BcryptCost: bcrypt.MinCost,
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatalf("server.New() = %v", err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Close()
		hs.Close()
	})
	return hs.URL
}

func testConfig(url string) Config {
	return Config{
		URL: url, ServerKey: server.DefaultServerKey, Sockets: 10, Players: 4, Rate: 20,
		Duration: time.Second, Payload: DefaultPayload, Drain: 5 * time.Second, DevicePrefix: DefaultDevicePrefix,
	}
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestRunDeliversEverything runs 10 sockets (matches of 4, 4 and 2) for a
// second against the embedded server: every message reaches every match
// mate, and nothing else arrives.
func TestRunDeliversEverything(t *testing.T) {
	cfg := testConfig(startServer(t))
	var progress strings.Builder
	res, err := Run(context.Background(), cfg, &progress, quietLog())
	if err != nil {
		t.Fatalf("Run() = %v", err)
	}
	if res.Matches != 3 || res.Sent == 0 || res.Delivered == 0 {
		t.Fatalf("Run() = %d matches, %d sent, %d delivered; want 3 matches and traffic", res.Matches, res.Sent, res.Delivered)
	}
	if res.Lost != 0 || res.Delivered != res.Expected {
		t.Errorf("Run() delivered %d of %d expected, lost %d; want all", res.Delivered, res.Expected, res.Lost)
	}
	if res.Misrouted+res.OutOfOrder+res.ErrorFrames+res.BadFrames != 0 || res.ClosedSockets+res.WriteErrors != 0 {
		t.Errorf("Run() = %+v; want no misrouted, out-of-order, error or bad frames, closed sockets or write errors", res)
	}
	if res.Latency.P50 <= 0 || res.Latency.P99 < res.Latency.P50 || res.Latency.Max < res.Latency.P99 {
		t.Errorf("Run() latency = %+v; want 0 < p50 <= p99 <= max", res.Latency)
	}
	if res.Partial || res.Server != nil {
		t.Errorf("Run() partial %v, server %+v; want a full run and no server figure without a pid", res.Partial, res.Server)
	}
	if !strings.Contains(progress.String(), "relay-load: connected 10 of 10 sockets\n") {
		t.Errorf("progress = %q; want a plain line saying all sockets connected", progress.String())
	}
}

func TestRunRefusesBadConfig(t *testing.T) {
	for _, mutate := range []func(*Config){
		func(c *Config) { c.Players = 1 },
		func(c *Config) { c.Sockets = 9 }, // the last match would hold 1
		func(c *Config) { c.Rate = 0 },
		func(c *Config) { c.Duration = 0 },
		func(c *Config) { c.Payload = MinPayload - 1 },
		func(c *Config) { c.DevicePrefix = "" },
		func(c *Config) { c.URL = "127.0.0.1:7350" },
	} {
		cfg := testConfig("http://127.0.0.1:1")
		mutate(&cfg)
		if _, err := Run(context.Background(), cfg, nil, quietLog()); !errors.Is(err, ErrBadConfig) {
			t.Errorf("Run(%+v) = %v, want ErrBadConfig", cfg, err)
		}
	}
}

func TestRunReportsAWrongServerKey(t *testing.T) {
	cfg := testConfig(startServer(t))
	cfg.ServerKey = "wrong"
	_, err := Run(context.Background(), cfg, nil, quietLog())
	if !errors.Is(err, signaling.ErrUnauthorized) || !strings.Contains(err.Error(), "Server key invalid") {
		t.Fatalf("Run() with a wrong key = %v, want the server's ErrUnauthorized", err)
	}
}

// cancelOnDelivery cancels a run once its progress shows deliveries.
type cancelOnDelivery struct {
	cancel context.CancelFunc
}

func (c cancelOnDelivery) Write(p []byte) (int, error) {
	if s := string(p); strings.Contains(s, "delivered ") && !strings.Contains(s, "delivered 0 ") {
		c.cancel()
	}
	return len(p), nil
}

// TestRunStopsWithAPartialResult stops a minute-long run once messages flow,
// as Ctrl-C does: Run returns what it measured, marked partial.
func TestRunStopsWithAPartialResult(t *testing.T) {
	cfg := testConfig(startServer(t))
	cfg.Duration = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := Run(ctx, cfg, cancelOnDelivery{cancel}, quietLog())
	if err != nil {
		t.Fatalf("Run() = %v", err)
	}
	if !res.Partial || res.Sent == 0 || res.Delivered == 0 {
		t.Errorf("Run() stopped = partial %v, %d sent, %d delivered; want a partial result with traffic", res.Partial, res.Sent, res.Delivered)
	}
}
