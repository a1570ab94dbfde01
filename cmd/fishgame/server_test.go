package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pion/stun/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/fishgame/fishgame/signaling/server"
	"github.com/fishgame/fishgame/signaling/server/ice"
)

// lineWriter delivers each written line on a channel.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) {
	for _, l := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		w <- l
	}
	return len(p), nil
}

// startServer runs the server command with args (plus a free local address)
// and returns its URL and a stop func that cancels the command and returns
// its result.
func startServer(t *testing.T, args ...string) (base string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	out := make(lineWriter, 4)
	done := make(chan error, 1)
	args = append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, args...)
	go func() { done <- runServer(ctx, args, out) }()
	select {
	case line := <-out:
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(f[2], "http://127.0.0.1:") {
			t.Fatalf("first stdout line = %q, want the server URL", line)
		}
		base = f[2]
	case err := <-done:
		t.Fatalf("runServer returned early: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("no URL printed")
	}
	return base, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			t.Fatal("server did not shut down")
			return nil
		}
	}
}

// iceServersPayload authenticates device with serverKey at base and returns
// the payload of the ice_servers RPC.
func iceServersPayload(t *testing.T, base, serverKey, device string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/v2/account/authenticate/device?create=true", strings.NewReader(`{"id":"`+device+`"}`))
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(serverKey+":")))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("authenticate with server key %q: %v %v", serverKey, resp, err)
	}
	var sess struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	req, _ = http.NewRequest("POST", base+"/v2/rpc/ice_servers", strings.NewReader(`"{}"`))
	req.Header.Set("Authorization", "Bearer "+sess.Token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("ice_servers: %v %v", resp, err)
	}
	var rpc struct{ Payload string }
	json.NewDecoder(resp.Body).Decode(&rpc)
	resp.Body.Close()
	return rpc.Payload
}

func TestServerCommand(t *testing.T) {
	base, stop := startServer(t, "--server-key", "testkey",
		"--stun-addr", "127.0.0.1:0", "--bcrypt-cost", "4", "--log-level", "warn")
	if resp, err := http.Get(base + "/healthcheck"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthcheck: %v %v", resp, err)
	}
	// The server key is the one given; the ice_servers RPC advertises the
	// STUN responder, which answers.
	payload := iceServersPayload(t, base, "testkey", "device-cmd-test-1")
	var servers struct {
		ICEServers []struct{ URLs []string } `json:"ice_servers"`
	}
	if err := json.Unmarshal([]byte(payload), &servers); err != nil || len(servers.ICEServers) == 0 {
		t.Fatalf("ice_servers payload %q: %v", payload, err)
	}
	stunURL := servers.ICEServers[0].URLs[0]
	if !strings.HasPrefix(stunURL, "stun:127.0.0.1:") {
		t.Fatalf("stun url = %q", stunURL)
	}
	checkSTUN(t, strings.TrimPrefix(stunURL, "stun:"))

	if err := stop(); err != nil {
		t.Errorf("runServer after cancel = %v, want nil", err)
	}
}

// checkSTUN sends a Binding request to addr and expects our own address back.
func checkSTUN(t *testing.T, addr string) {
	t.Helper()
	conn, err := net.Dial("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := stun.MustBuild(stun.TransactionID, stun.BindingRequest)
	if _, err := conn.Write(req.Raw); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 1500)
	n, err := conn.Read(buf)
	if err != nil {
		t.Fatalf("stun read: %v", err)
	}
	var res stun.Message
	res.Raw = buf[:n]
	var xor stun.XORMappedAddress
	if err := res.Decode(); err != nil || xor.GetFrom(&res) != nil {
		t.Fatalf("stun response: %v", err)
	}
	if xor.Port != conn.LocalAddr().(*net.UDPAddr).Port {
		t.Errorf("stun mapped port = %d, want %d", xor.Port, conn.LocalAddr().(*net.UDPAddr).Port)
	}
}

func TestServerFlags(t *testing.T) {
	ctx := context.Background()
	if err := runServer(ctx, []string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("server -h = %v, want flag.ErrHelp", err)
	}
	for _, args := range [][]string{
		{"--log-level", "loud"},
		{"--addr", "nonsense"},
		{"extra"},
	} {
		err := runServer(ctx, append(args, "--data", t.TempDir()), io.Discard)
		if !errors.As(err, new(usageError)) {
			t.Errorf("server %v = %v, want a usage error", args, err)
		}
	}
}

// TestServerFlagDefaults checks the command's defaults: the address
// and server key, and no setting that differs from the server package's
// defaults (which are Nakama's where Nakama has them).
func TestServerFlagDefaults(t *testing.T) {
	var f serverFlags
	if err := serverFlagSet(&f).Parse(nil); err != nil {
		t.Fatal(err)
	}
	if f.addr != "127.0.0.1:7350" || f.serverKey != "defaultkey" || f.dataDir == "" {
		t.Errorf("defaults --addr %q --server-key %q --data %q, want 127.0.0.1:7350, defaultkey and a data directory",
			f.addr, f.serverKey, f.dataDir)
	}
	got := f.config(ice.ServersConfig{}, nil)
	want := server.Config{
		DataDir:                  f.dataDir,
		ServerKey:                server.DefaultServerKey,
		HTTPKey:                  server.DefaultHTTPKey,
		TokenExpiry:              server.DefaultTokenExpiry,
		RefreshTokenExpiry:       server.DefaultRefreshTokenExpiry,
		MatchmakerInterval:       server.DefaultMatchmakerInterval,
		MatchmakerMaxCount:       server.DefaultMatchmakerMaxCount,
		MatchmakerMaxTickets:     server.DefaultMatchmakerMaxTickets,
		MatchmakerMaxUserTickets: server.DefaultMatchmakerMaxUserTickets,
		MatchTokenExpiry:         server.DefaultMatchTokenExpiry,
		MaxMatchesPerSocket:      server.DefaultMaxMatchesPerSocket,
		MaxSessionsPerUser:       server.DefaultMaxSessionsPerUser,
		AuthIPRate:               server.DefaultAuthIPRate,
		AuthIPBurst:              server.DefaultAuthIPBurst,
		AuthAccountRate:          server.DefaultAuthAccountRate,
		AuthAccountBurst:         server.DefaultAuthAccountBurst,
		MaxMessageSize:           server.DefaultMaxMessageSize,
		CloseDelay:               server.DefaultCloseDelay,
		MessageRate:              server.DefaultMessageRate,
		MessageBurst:             server.DefaultMessageBurst,
		BcryptCost:               bcrypt.DefaultCost,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("default flags give\n%+v\nwant\n%+v", got, want)
	}
}

// TestServerFlagsReachConfig checks that every server setting flag ends up
// in the server's configuration.
func TestServerFlagsReachConfig(t *testing.T) {
	var f serverFlags
	args := []string{"--addr", "0.0.0.0:9000", "--data", "/srv/fg", "--server-key", "k1", "--http-key", "h1",
		"--token-expiry", "7s", "--refresh-token-expiry", "70s", "--matchmaker-interval", "300ms",
		"--match-token-expiry", "9s", "--max-message-size", "8192", "--close-delay", "1s",
		"--socket-rate", "100", "--socket-burst", "300", "--bcrypt-cost", "5",
		"--matchmaker-max-count", "16", "--matchmaker-max-tickets", "2", "--matchmaker-max-user-tickets", "4",
		"--max-matches-per-socket", "5", "--max-sessions-per-user", "6", "--auth-ip-rate", "7", "--auth-ip-burst", "8",
		"--auth-account-rate", "9", "--auth-account-burst", "10"}
	if err := serverFlagSet(&f).Parse(args); err != nil {
		t.Fatal(err)
	}
	if f.addr != "0.0.0.0:9000" {
		t.Errorf("--addr = %q", f.addr)
	}
	got := f.config(ice.ServersConfig{}, nil)
	want := server.Config{DataDir: "/srv/fg", ServerKey: "k1", HTTPKey: "h1", TokenExpiry: 7 * time.Second,
		RefreshTokenExpiry: 70 * time.Second, MatchmakerInterval: 300 * time.Millisecond, MatchTokenExpiry: 9 * time.Second,
		MaxMessageSize: 8192, CloseDelay: time.Second, MessageRate: 100, MessageBurst: 300, BcryptCost: 5,
		MatchmakerMaxCount: 16, MatchmakerMaxTickets: 2, MatchmakerMaxUserTickets: 4,
		MaxMatchesPerSocket: 5, MaxSessionsPerUser: 6, AuthIPRate: 7, AuthIPBurst: 8, AuthAccountRate: 9, AuthAccountBurst: 10}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("server %v gives\n%+v\nwant\n%+v", args, got, want)
	}
}

func TestServerCommandTURN(t *testing.T) {
	base, stop := startServer(t, "--stun-addr", "127.0.0.1:0", "--turn", "--log-level", "warn")
	payload := iceServersPayload(t, base, "defaultkey", "device-cmd-turn-1")
	var servers struct {
		ICEServers []struct {
			URLs                 []string
			Username, Credential string
		} `json:"ice_servers"`
	}
	json.Unmarshal([]byte(payload), &servers)
	if len(servers.ICEServers) != 2 || !strings.HasPrefix(servers.ICEServers[1].URLs[0], "turn:127.0.0.1:") ||
		servers.ICEServers[1].Username == "" || servers.ICEServers[1].Credential == "" {
		t.Fatalf("ice_servers with --turn = %s, want a stun entry and a turn entry with credentials", payload)
	}
	// The TURN server answers STUN on the same port.
	checkSTUN(t, strings.TrimPrefix(servers.ICEServers[0].URLs[0], "stun:"))
	if err := stop(); err != nil {
		t.Errorf("runServer after cancel = %v", err)
	}
}
