package flow

import (
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/signaling"
	"github.com/fishgame/fishgame/signaling/server"
)

// testWait bounds every wait for the server; tests never sleep.
const testWait = 10 * time.Second

// quiet is a logger that drops everything.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// startServer runs the embedded server behind httptest and returns its
// URL.
func startServer(t *testing.T, mutate ...func(*server.Config)) string {
	t.Helper()
	url, _ := runServer(t, mutate...)
	return url
}

// runServer is startServer that also returns the server.
func runServer(t *testing.T, mutate ...func(*server.Config)) (string, *server.Server) {
	t.Helper()
	cfg := server.Config{
		DataDir:            t.TempDir(),
		BcryptCost:         bcrypt.MinCost,
		CloseDelay:         time.Millisecond,
		MatchmakerInterval: 20 * time.Millisecond,
		Logger:             quiet,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatalf("server.New() = %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	return hs.URL, srv
}

// deadURL returns the URL of a loopback port nothing listens on.
func deadURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// newAccounts returns the accounts of the server at url with the default
// key.
func newAccounts(t *testing.T, url string) *Accounts {
	t.Helper()
	a, err := NewAccounts(url, server.DefaultServerKey)
	if err != nil {
		t.Fatalf("NewAccounts(%q) = %v", url, err)
	}
	return a
}

// testSocket is the socket configuration of tests: replies within
// testWait.
var testSocket = signaling.SocketConfig{RequestTimeout: testWait}
