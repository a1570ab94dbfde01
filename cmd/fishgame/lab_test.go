package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/lab"
)

func TestLabRejectsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--players", "5"}, "--players 5"},
		{[]string{"--players", "1"}, "--players 1"},
		{[]string{"--loss", "1.5"}, "--loss 1.5"},
		{[]string{"--dup", "-0.1"}, "--dup -0.1"},
		{[]string{"--reorder", "2"}, "--reorder 2"},
		{[]string{"--client-latency", "-40ms"}, "--client-latency -40ms"},
		{[]string{"--transport", "both", "--server-latency", "-1ms"}, "--server-latency -1ms, expected 0 or more"},
		{[]string{"--transport", "both", "--loss", "1.01"}, "--loss 1.01, expected a probability from 0 to 1"},
		{[]string{"--transport", "both", "--players", "5"}, "--players 5, expected 2 to 4"},
		{[]string{"--transport", "both", "--reorder", "0.1"}, "--reorder applies to --transport sim only"},
		{[]string{"--jitter", "-1ms"}, "--jitter -1ms"},
		{[]string{"--frames", "0"}, "--frames 0"},
		{[]string{"--input-delay", "99"}, "--input-delay 99"},
		{[]string{"--transport", "carrier-pigeon"}, "carrier-pigeon"},
		{[]string{"--client-latency", "forty"}, "invalid value"},
		{[]string{"--matchmaker"}, "--matchmaker applies to --transport p2p or relay"},
		{[]string{"--nakama", "http://127.0.0.1:7350"}, "--nakama applies"},
		{[]string{"--transport", "p2p", "--nakama", "127.0.0.1:7350"}, "expected a URL"},
		{[]string{"--transport", "p2p", "--connect-timeout", "0s"}, "--connect-timeout 0s"},
	}
	for _, tt := range tests {
		err := runLab(context.Background(), tt.args, &bytes.Buffer{})
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("runLab(%q) = %v, want a usage error mentioning %q", tt.args, err, tt.want)
		}
	}
}

// TestLabExitStatus checks that a script can tell a desync, a disconnect
// and a setup failure apart by the exit status, as -h documents.
func TestLabExitStatus(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"lab", "--loss", "0.99", "--frames", "300"}, &stdout, &stderr); code != 4 || !strings.Contains(stderr.String(), "disconnect: player 1 dropped by peer 0") {
		t.Errorf("lab --loss 0.99 exited %d with %q, want 4 and the disconnect", code, stderr.String())
	}
	tests := []struct {
		err  error
		code int
	}{
		{fmt.Errorf("%w: peers 0, 1 disagree", lab.ErrDesync), 3},
		{fmt.Errorf("%w: player 1 dropped", lab.ErrDisconnect), 4},
	}
	for _, tt := range tests {
		var coded interface{ ExitCode() int }
		if err := labError(tt.err); !errors.As(err, &coded) || coded.ExitCode() != tt.code || err.Error() != tt.err.Error() {
			t.Errorf("labError(%v) = %v, want exit status %d", tt.err, err, tt.code)
		}
	}
	if err := labError(errors.New("listen: address in use")); errors.As(err, new(interface{ ExitCode() int })) || errors.As(err, new(usageError)) {
		t.Errorf("labError(setup failure) = %#v, want exit status 1", err)
	}
	for _, want := range []string{"Exit status:", "3  desync", "4  disconnect", "1  setup failure"} {
		if !strings.Contains(labUsage, want) {
			t.Errorf("lab -h lacks %q", want)
		}
	}
}

func TestLabSweepRejectsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sweep"}, "nothing to sweep"},
		{[]string{"sweep", "--server-latency", "10ms"}, "nothing to sweep"},
		{[]string{"sweep", "--server-latency", ""}, "sweep list is empty"},
		{[]string{"sweep", "--loss", ","}, "sweep list is empty"},
		{[]string{"sweep", "--server-latency", "0,10ms", "--loss", "0,0.1"}, "--server-latency and --loss are both lists"},
		{[]string{"sweep", "--dup", "0,0.1"}, "--dup cannot be swept"},
		{[]string{"sweep", "--server-latency", "0,-10ms"}, "expected 0 or more"},
		{[]string{"sweep", "--loss", "0,1.5"}, "expected a probability"},
		{[]string{"sweep", "--transport", "sim", "--players", "5", "--loss", "0,0.1"}, "--players 5"},
	}
	for _, tt := range tests {
		err := runLab(context.Background(), tt.args, &bytes.Buffer{})
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("runLab(%q) = %v, want a usage error mentioning %q", tt.args, err, tt.want)
		}
	}
}
