package server

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestHostilePingFlood checks that control-frame pings count against the
// socket's message rate limit.
func TestHostilePingFlood(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MessageRate = 1; c.MessageBurst = 5 })
	h := ts.connect(t, "device-ping-flood")
	for range 50 {
		if err := h.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(testTimeout)); err != nil {
			break // closed already
		}
	}
	if ce := h.closeOf(); ce.Code != closePolicyViolation || ce.Text != reasonRateLimit {
		t.Errorf("close after a ping flood = %d %q, want %d %q", ce.Code, ce.Text, closePolicyViolation, reasonRateLimit)
	}
}
