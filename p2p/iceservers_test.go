package p2p_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/fishgame/fishgame/p2p"
)

func TestICEServers(t *testing.T) {
	tests := []struct {
		name       string
		urls       []string
		user, cred string
		wantErr    bool
		wantCreds  bool
	}{
		{name: "none"},
		{name: "stun", urls: []string{"stun:stun.example.com:3478"}},
		{name: "stun and turn", urls: []string{"stun:1.2.3.4:3478", "turn:1.2.3.4:3478?transport=udp"}, user: "1700000000:fish", cred: "c2VjcmV0", wantCreds: true},
		{name: "turns", urls: []string{"turns:turn.example.com:5349"}, user: "u", cred: "p", wantCreds: true},
		{name: "turn without credentials", urls: []string{"turn:1.2.3.4:3478"}, wantErr: true},
		{name: "not a URL", urls: []string{"1.2.3.4:3478"}, wantErr: true},
		{name: "http scheme", urls: []string{"http://example.com"}, wantErr: true},
		{name: "stun with query", urls: []string{"stun:1.2.3.4:3478?transport=udp"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p2p.ICEServers(tt.urls, tt.user, tt.cred)
			if tt.wantErr {
				if !errors.Is(err, p2p.ErrBadConfig) {
					t.Fatalf("ICEServers(%q) = %v, %v; want ErrBadConfig", tt.urls, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ICEServers(%q) = %v", tt.urls, err)
			}
			if len(tt.urls) == 0 {
				if got != nil {
					t.Errorf("ICEServers(none) = %v, want nil", got)
				}
				return
			}
			if len(got) != 1 || !slices.Equal(got[0].URLs, tt.urls) {
				t.Fatalf("ICEServers(%q) = %+v, want one entry with those URLs", tt.urls, got)
			}
			if hasCreds := got[0].Username != "" && got[0].Credential == tt.cred; hasCreds != tt.wantCreds {
				t.Errorf("ICEServers(%q) credentials = %q/%v, want credentials %v", tt.urls, got[0].Username, got[0].Credential, tt.wantCreds)
			}
		})
	}
}

func FuzzICEServers(f *testing.F) {
	f.Add("stun:1.2.3.4:3478", "", "")
	f.Add("turn:1.2.3.4:3478?transport=udp", "1700000000:fish", "secret")
	f.Add("turns:[::1]:5349?transport=tcp", "u", "p")
	f.Fuzz(func(t *testing.T, url, user, cred string) {
		got, err := p2p.ICEServers([]string{url}, user, cred)
		if err != nil && !errors.Is(err, p2p.ErrBadConfig) {
			t.Fatalf("ICEServers(%q) = %v, want ErrBadConfig", url, err)
		}
		if err == nil && (len(got) != 1 || got[0].URLs[0] != url) {
			t.Fatalf("ICEServers(%q) = %+v", url, got)
		}
	})
}
