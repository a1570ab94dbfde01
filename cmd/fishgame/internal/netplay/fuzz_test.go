package netplay_test

import (
	"testing"
	"time"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/signaling/server/ice"
)

// FuzzParseICEServers feeds the ice_servers RPC decoder server payloads
// and their mutations: it must return servers or an error, never panic.
func FuzzParseICEServers(f *testing.F) {
	cfg := ice.ServersConfig{Host: "203.0.113.1", STUNPort: 3478, TURNPort: 3478, TURNSecret: "s", ExtraSTUN: []string{"stun:stun.example.com:19302"}}
	p, err := cfg.Payload("user", time.Unix(1e9, 0))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(p)
	f.Add(`{"ice_servers":[]}`)
	f.Add(`{"ice_servers":[{"urls":["stun:a"],"credential":{"x":1}}]}`)
	f.Fuzz(func(t *testing.T, payload string) {
		servers, err := netplay.ParseICEServers(payload)
		if err != nil {
			return
		}
		for _, s := range servers {
			if len(s.URLs) == 0 {
				t.Errorf("ParseICEServers(%q) kept a server without URLs", payload)
			}
		}
	})
}
