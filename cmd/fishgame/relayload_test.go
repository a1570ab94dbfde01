package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/relayload"
	"github.com/fishgame/fishgame/signaling/server"
)

func TestRelayLoadRejectsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--players", "1"}, "--players 1"},
		{[]string{"--sockets", "5"}, "--sockets 5 in matches of --players 4"},
		{[]string{"--rate", "0"}, "--rate 0"},
		{[]string{"--duration", "-1s"}, "--duration -1s"},
		{[]string{"--payload", "8"}, "--payload 8"},
		{[]string{"--procs", "0"}, "--procs 0"},
		{[]string{"--nakama", "127.0.0.1:7350"}, "want a URL"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		err := runLab(context.Background(), append([]string{"relay-load"}, tt.args...), io.Discard)
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("fishgame lab relay-load %q = %v, want a usage error mentioning %q", tt.args, err, tt.want)
		}
	}
}

// TestRelayLoadJSON runs the command against an embedded server and reads
// its JSON.
func TestRelayLoadJSON(t *testing.T) {
	s, err := server.New(server.Config{DataDir: t.TempDir(), BcryptCost: bcrypt.MinCost, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() { s.Close(); hs.Close() })
	var out bytes.Buffer
	args := []string{"relay-load", "--nakama", hs.URL, "--sockets", "4", "--rate", "20", "--duration", "500ms", "--json",
		"--procs", strconv.Itoa(runtime.GOMAXPROCS(0))}
	if err := runLab(context.Background(), args, &out); err != nil {
		t.Fatalf("fishgame lab %q = %v", args, err)
	}
	var res relayload.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output %q is not JSON: %v", out.String(), err)
	}
	if res.Sockets != 4 || res.Delivered == 0 || res.Lost != 0 {
		t.Errorf("result = %+v, want 4 sockets, deliveries, nothing lost", res)
	}
}
