package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
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
