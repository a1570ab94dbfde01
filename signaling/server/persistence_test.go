package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/crypto/bcrypt"
)

func persistConfig(dir string) Config {
	return Config{DataDir: dir, BcryptCost: bcrypt.MinCost, MatchmakerInterval: time.Hour,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// seed creates accounts and records and returns a session token of "pia".
func seed(t *testing.T, ts *testServer) string {
	t.Helper()
	token, _ := ts.authDevice(t, "device-persist-1", "pia")
	if code, body := ts.do(t, "POST", "/v2/account/authenticate/email?username=pete", basic("defaultkey"),
		`{"email":"pete@example.com","password":"password123"}`); code != 200 {
		t.Fatalf("email = %d %v", code, body)
	}
	for range 3 {
		if code, body := ts.do(t, "POST", "/v2/leaderboard/fish_game_wins", bearer(token), `{"score":"1"}`); code != 200 {
			t.Fatalf("write = %d %v", code, body)
		}
	}
	return token
}

// checkSeeded verifies what seed stored, through a server on the same directory.
func checkSeeded(t *testing.T, ts *testServer, token string) {
	t.Helper()
	code, body := ts.do(t, "GET", "/v2/account", bearer(token), "")
	if code != 200 || body["user"].(map[string]any)["username"] != "pia" {
		t.Fatalf("old token after restart: account = %d %v", code, body)
	}
	code, body = ts.do(t, "POST", "/v2/account/authenticate/device?create=false", basic("defaultkey"), `{"id":"device-persist-1"}`)
	if code != 200 || claims(t, body["token"].(string))["usn"] != "pia" {
		t.Errorf("device login after restart = %d %v", code, body)
	}
	code, body = ts.do(t, "POST", "/v2/account/authenticate/email?create=false", basic("defaultkey"), `{"email":"pete@example.com","password":"password123"}`)
	if code != 200 {
		t.Errorf("email login after restart = %d %v", code, body)
	}
	code, body = ts.do(t, "POST", "/v2/account/authenticate/email?create=false", basic("defaultkey"), `{"email":"pete@example.com","password":"wrongpassword"}`)
	if code != 401 {
		t.Errorf("wrong password after restart = %d %v", code, body)
	}
	code, body = ts.do(t, "GET", "/v2/leaderboard/fish_game_wins?limit=10", bearer(token), "")
	recs, _ := body["records"].([]any)
	if code != 200 || len(recs) != 1 || recs[0].(map[string]any)["score"] != "3" {
		t.Errorf("leaderboard after restart = %d %v", code, body)
	}
}

func TestRestartPersistence(t *testing.T) {
	dir := t.TempDir()
	first := startTestServer(t, persistConfig(dir))
	token := seed(t, first)
	first.Close()
	checkSeeded(t, startTestServer(t, persistConfig(dir)), token)
}

// TestKillPersistence kills a server process with SIGKILL right after it
// answered, then checks that a new server on its directory has everything.
func TestKillPersistence(t *testing.T) {
	if dir := os.Getenv("FISHGAME_KILL_CHILD_DIR"); dir != "" {
		ts := startTestServer(t, persistConfig(dir))
		token := seed(t, ts)
		os.Stdout.WriteString("TOKEN " + token + "\n")
		select {} // wait for SIGKILL
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillPersistence$", "-test.count=1")
	cmd.Env = append(os.Environ(), "FISHGAME_KILL_CHILD_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	token := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if tok, ok := strings.CutPrefix(sc.Text(), "TOKEN "); ok {
			token = tok
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if token == "" {
		t.Fatalf("child printed no token: %v", sc.Err())
	}
	cmd.Wait()
	checkSeeded(t, startTestServer(t, persistConfig(dir)), token)
}

func TestSecretIsGeneratedPerDataDir(t *testing.T) {
	a := startTestServer(t, persistConfig(t.TempDir()))
	b := startTestServer(t, persistConfig(t.TempDir()))
	token, _ := a.authDevice(t, "device-secret-1", "")
	if code, _ := b.do(t, "GET", "/v2/account", bearer(token), ""); code != 401 {
		t.Errorf("a token from another data directory = %d, want 401 (secrets must differ)", code)
	}
}

func TestServeGracefulShutdown(t *testing.T) {
	s, err := New(persistConfig(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	ts := &testServer{Server: s, url: "http://" + ln.Addr().String()}
	c := ts.connect(t, "device-shutdown-1")
	cancel()
	if ce := c.closeOf(); ce.Code != websocket.CloseGoingAway || ce.Text != reasonShutdown {
		t.Errorf("socket on shutdown: close %d %q, want 1001 %q", ce.Code, ce.Text, reasonShutdown)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve after cancel = %v, want nil", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close = %v", err)
	}
	if err := s.Serve(context.Background(), ln); !errors.Is(err, ErrClosed) {
		t.Errorf("Serve after Close = %v, want ErrClosed", err)
	}
}

func TestStoreUsesWAL(t *testing.T) {
	ts := startTestServer(t, persistConfig(t.TempDir()))
	var mode string
	if err := ts.store.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}
