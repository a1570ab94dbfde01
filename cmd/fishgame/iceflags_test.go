package main

import (
	"errors"
	"flag"
	"io"
	"slices"
	"testing"
)

func TestICEFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    []string // URLs of the resulting ICE server
		wantErr bool
	}{
		{args: nil},
		{args: []string{"--ice-server", "stun:a.example:3478, stun:b.example:3478"}, want: []string{"stun:a.example:3478", "stun:b.example:3478"}},
		{args: []string{"--ice-server", "stun:a.example:3478", "--ice-server", "turn:t.example:3478?transport=udp", "--ice-username", "u", "--ice-credential", "p"},
			want: []string{"stun:a.example:3478", "turn:t.example:3478?transport=udp"}},
		{args: []string{"--ice-server", "turn:t.example:3478"}, wantErr: true}, // TURN without credentials
		{args: []string{"--ice-server", "http://x.example"}, wantErr: true},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var f iceFlags
		f.register(fs, "")
		if err := fs.Parse(tt.args); err != nil {
			t.Fatalf("Parse(%q) = %v", tt.args, err)
		}
		servers, err := f.servers()
		if tt.wantErr {
			if !errors.As(err, new(usageError)) {
				t.Errorf("servers() for %q = %v, want a usage error", tt.args, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("servers() for %q = %v", tt.args, err)
		}
		var got []string
		for _, s := range servers {
			got = append(got, s.URLs...)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("servers() for %q = %q, want %q", tt.args, got, tt.want)
		}
	}
}
