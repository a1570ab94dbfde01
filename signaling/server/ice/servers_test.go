package ice

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestPayload(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	cfg := ServersConfig{
		Host:       "play.example.com",
		STUNPort:   3478,
		TURNPort:   3478,
		TURNSecret: "s3cret",
		TURNTTL:    time.Hour,
		ExtraSTUN:  []string{"stun:stun.l.google.com:19302"},
	}
	got, err := cfg.Payload("user-1", now)
	if err != nil {
		t.Fatalf("Payload: %v", err)
	}
	user, pass := Credentials("s3cret", "user-1", now.Add(time.Hour))
	want := `{"ice_servers":[{"urls":["stun:play.example.com:3478","stun:stun.l.google.com:19302"]},` +
		`{"urls":["turn:play.example.com:3478?transport=udp"],"username":"` + user + `","credential":"` + pass + `"}]}`
	if got != want {
		t.Errorf("Payload =\n%s\nwant\n%s", got, want)
	}
	if user != "1700003600:user-1" {
		t.Errorf("username = %q, want expiry:user", user)
	}
}

func TestPayloadShapes(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name string
		cfg  ServersConfig
		want string
	}{
		{"stun only", ServersConfig{Host: "10.0.0.5", STUNPort: 3478},
			`{"ice_servers":[{"urls":["stun:10.0.0.5:3478"]}]}`},
		{"ipv6", ServersConfig{Host: "2001:db8::1", STUNPort: 3478},
			`{"ice_servers":[{"urls":["stun:[2001:db8::1]:3478"]}]}`},
		{"nothing", ServersConfig{}, `{"ice_servers":[]}`},
		{"extra only", ServersConfig{ExtraSTUN: []string{"stun:a:1"}}, `{"ice_servers":[{"urls":["stun:a:1"]}]}`},
		{"no html escaping", ServersConfig{ExtraSTUN: []string{"stun:a:1?x=1&y=<2>"}}, `{"ice_servers":[{"urls":["stun:a:1?x=1&y=<2>"]}]}`},
	}
	for _, tt := range tests {
		got, err := tt.cfg.Payload("u", now)
		if err != nil || got != tt.want {
			t.Errorf("%s: Payload = %s, %v, want %s", tt.name, got, err, tt.want)
		}
	}
}

func TestPayloadDefaultTTLAndExtraTURN(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	cfg := ServersConfig{TURNSecret: "k", ExtraTURN: []string{"turns:relay.example.com:5349?transport=tcp"}}
	s, err := cfg.Build("u", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.ICEServers) != 1 {
		t.Fatalf("Build = %+v, want one TURN entry", s)
	}
	e := s.ICEServers[0]
	exp, user, ok := parseCredentialUsername(e.Username)
	if !ok || user != "u" || !exp.Equal(now.Add(DefaultCredentialTTL)) {
		t.Errorf("username %q: expiry %v user %q, want %v and u", e.Username, exp, user, now.Add(DefaultCredentialTTL))
	}
	if e.Credential != credentialPassword("k", e.Username) {
		t.Errorf("credential does not verify against the secret")
	}
	var round Servers
	p, _ := cfg.Payload("u", now)
	if err := json.Unmarshal([]byte(p), &round); err != nil || round.ICEServers[0].URLs[0] != cfg.ExtraTURN[0] {
		t.Errorf("Payload %s does not decode back: %v", p, err)
	}
}

func TestServersConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  ServersConfig
		want string
	}{
		{"turn without secret", ServersConfig{Host: "h", TURNPort: 3478}, "secret"},
		{"extra turn without secret", ServersConfig{ExtraTURN: []string{"turn:x:1"}}, "secret"},
		{"port without host", ServersConfig{STUNPort: 3478}, "public host"},
		{"bad port", ServersConfig{Host: "h", STUNPort: 70000}, "out of range"},
		{"bad host", ServersConfig{Host: "h/x", STUNPort: 1}, "not a host"},
		{"bad stun url", ServersConfig{ExtraSTUN: []string{"http://x"}}, "not a stun"},
		{"bad turn url", ServersConfig{TURNSecret: "k", ExtraTURN: []string{"stun:x"}}, "not a turn"},
		{"negative ttl", ServersConfig{TURNSecret: "k", TURNTTL: -1}, "ttl"},
	}
	for _, tt := range tests {
		_, err := tt.cfg.Payload("u", time.Unix(0, 0))
		if !errors.Is(err, ErrServersConfig) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Payload error = %v, want ErrServersConfig mentioning %q", tt.name, err, tt.want)
		}
	}
}

func TestCredentials(t *testing.T) {
	// Reference value computed independently (Python hmac) for HMAC-SHA1("secret", "1700000000:alice"),
	// as coturn and pion's GenerateLongTermTURNRESTCredentials compute it.
	user, pass := Credentials("secret", "alice", time.Unix(1_700_000_000, 0))
	if user != "1700000000:alice" {
		t.Errorf("username = %q", user)
	}
	if want := "d8soP47RbdIKLDUOpnJPVQyq5Ts="; pass != want {
		t.Errorf("password = %q, want %q", pass, want)
	}
	for _, bad := range []string{"", "abc:u", "-5:u", "0:u", ":u"} {
		if _, _, ok := parseCredentialUsername(bad); ok {
			t.Errorf("parseCredentialUsername(%q) ok, want refused", bad)
		}
	}
}
