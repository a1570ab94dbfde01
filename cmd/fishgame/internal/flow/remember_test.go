package flow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fishgame/fishgame/signaling"
	"github.com/fishgame/fishgame/signaling/server"
)

// loginDir returns a fresh directory for a Remember, one level below a
// temporary directory so that Remember has to make it.
func loginDir(t *testing.T) string { return filepath.Join(t.TempDir(), "fishgame") }

func TestRememberKeepsOnlyTheRefreshToken(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	a := newAccounts(t, url)
	sess, err := a.Create(ctx, "alice@example.com", "secret-password", "alice")
	if err != nil {
		t.Fatal(err)
	}
	dir := loginDir(t)
	if err := NewRemember(dir).Keep(url, sess, false); err != nil {
		t.Fatalf("Keep() = %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, loginFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), sess.RefreshToken()) || strings.Contains(string(b), "secret-password") {
		t.Fatalf("login file = %s, want the refresh token and no password", b)
	}
	wantMode(t, dir, dirMode)
	wantMode(t, filepath.Join(dir, loginFile), fileMode)

	resumed, err := NewRemember(dir).Resume(ctx, a, time.Now())
	if err != nil || resumed == nil {
		t.Fatalf("Resume() = %v, %v, want a session", resumed, err)
	}
	if resumed.UserID() != sess.UserID() || resumed.Username() != "alice" {
		t.Fatalf("Resume() = %s %q, want %s alice", resumed.UserID(), resumed.Username(), sess.UserID())
	}
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != want {
		t.Errorf("mode of %s = %v, want %v", path, st.Mode().Perm(), want)
	}
}

func TestRememberTightensWideDir(t *testing.T) {
	dir := loginDir(t)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRemember(dir).DeviceID(); err != nil {
		t.Fatal(err)
	}
	wantMode(t, dir, dirMode)
}

func TestResumeNothingRemembered(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	a := newAccounts(t, url)
	dir := loginDir(t)
	if s, err := NewRemember(dir).Resume(ctx, a, time.Now()); s != nil || err != nil {
		t.Fatalf("Resume() with nothing kept = %v, %v, want nil, nil", s, err)
	}
	sess, err := a.Guest(ctx, "fishgame-device-0001")
	if err != nil {
		t.Fatal(err)
	}
	if err := NewRemember(dir).Keep("http://other.example:7350", sess, true); err != nil {
		t.Fatal(err)
	}
	if s, err := NewRemember(dir).Resume(ctx, a, time.Now()); s != nil || err != nil {
		t.Fatalf("Resume() of another server's login = %v, %v, want nil, nil", s, err)
	}
}

func TestLogOutForgets(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	a := newAccounts(t, url)
	dir := loginDir(t)
	r := NewRemember(dir)
	dev, err := r.DeviceID()
	if err != nil {
		t.Fatal(err)
	}
	sess, err := a.Guest(ctx, dev)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Keep(url, sess, true); err != nil {
		t.Fatal(err)
	}
	tok := sess.RefreshToken()
	if err := r.LogOut(ctx, sess); err != nil {
		t.Fatalf("LogOut() = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, loginFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("login file after LogOut: %v, want none", err)
	}
	if s, err := r.Resume(ctx, a, time.Now()); s != nil || err != nil {
		t.Fatalf("Resume() after LogOut = %v, %v, want nil, nil", s, err)
	}
	if _, err := a.Client().Restore(ctx, tok); !errors.Is(err, signaling.ErrUnauthorized) {
		t.Fatalf("Restore(logged out token) = %v, want it refused", err)
	}
	if again, err := r.DeviceID(); err != nil || again == dev {
		t.Fatalf("DeviceID() after LogOut = %q, %v, want a new one", again, err)
	}
}

func TestGuestKeepsDeviceID(t *testing.T) {
	ctx := context.Background()
	a := newAccounts(t, startServer(t))
	dir := loginDir(t)
	first, err := NewRemember(dir).DeviceID()
	if err != nil {
		t.Fatal(err)
	}
	again, err := NewRemember(dir).DeviceID() // the next launch
	if err != nil || again != first {
		t.Fatalf("DeviceID() on the next launch = %q, %v, want %q", again, err, first)
	}
	s1, err := a.Guest(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := a.Guest(ctx, again)
	if err != nil || s2.UserID() != s1.UserID() {
		t.Fatalf("Guest() on the next launch = %v, %v, want user %s", s2, err, s1.UserID())
	}
}

// expiringServer is a server whose refresh tokens last an hour on clk.
func expiringServer(t *testing.T, clk *clock) string {
	return startServer(t, func(c *server.Config) {
		c.Now = clk.Now
		c.RefreshTokenExpiry = time.Hour
	})
}

func TestResumeExpired(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	url := expiringServer(t, clk)
	a := newAccounts(t, url)
	sess, err := a.Create(ctx, "alice@example.com", "password123", "alice")
	if err != nil {
		t.Fatal(err)
	}
	r := NewRemember(loginDir(t))
	if err := r.Keep(url, sess, false); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Hour)
	_, err = r.Resume(ctx, a, clk.Now())
	wantFailure(t, "Resume(expired)", err, ErrSessionExpired, textLoginExpired)
	if m, _ := r.Load(); m.RefreshToken != "" {
		t.Fatalf("remembered after a refused resume: %+v, want the token forgotten", m)
	}
}

func TestResumeRefusedByNewSecret(t *testing.T) {
	ctx := context.Background()
	old := startServer(t)
	sess, err := newAccounts(t, old).Create(ctx, "alice@example.com", "password123", "alice")
	if err != nil {
		t.Fatal(err)
	}
	// A server with a fresh data dir signs with another secret, as a
	// server that was reset does.
	reset := startServer(t)
	r := NewRemember(loginDir(t))
	if err := r.Keep(reset, sess, false); err != nil {
		t.Fatal(err)
	}
	_, err = r.Resume(ctx, newAccounts(t, reset), time.Now())
	wantFailure(t, "Resume(new secret)", err, ErrSessionExpired, textLoginRefused)
}

func TestResumeGuestAfterExpiry(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	url := expiringServer(t, clk)
	a := newAccounts(t, url)
	r := NewRemember(loginDir(t))
	dev, err := r.DeviceID()
	if err != nil {
		t.Fatal(err)
	}
	sess, err := a.Guest(ctx, dev)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Keep(url, sess, true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Hour)
	again, err := r.Resume(ctx, a, clk.Now())
	if err != nil || again == nil || again.UserID() != sess.UserID() {
		t.Fatalf("Resume(expired guest) = %v, %v, want user %s again", again, err, sess.UserID())
	}
	if m, _ := r.Load(); m.DeviceID != dev || !m.Guest {
		t.Fatalf("remembered after the guest's new login: %+v, want the guest with device %s", m, dev)
	}
}

func TestForgetSessionKeepsDeviceID(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	a := newAccounts(t, url)
	r := NewRemember(loginDir(t))
	dev, err := r.DeviceID()
	if err != nil {
		t.Fatal(err)
	}
	sess, err := a.Guest(ctx, dev)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Keep(url, sess, true); err != nil {
		t.Fatal(err)
	}
	if err := r.ForgetSession(); err != nil {
		t.Fatalf("ForgetSession() = %v", err)
	}
	if s, err := r.Resume(ctx, a, time.Now()); s != nil || err != nil {
		t.Fatalf("Resume() after ForgetSession = %v, %v, want nil, nil", s, err)
	}
	if again, err := r.DeviceID(); err != nil || again != dev {
		t.Fatalf("DeviceID() after ForgetSession = %q, %v, want %q", again, err, dev)
	}
}

func TestResumeUnreachableKeepsLogin(t *testing.T) {
	ctx := context.Background()
	url := startServer(t)
	sess, err := newAccounts(t, url).Guest(ctx, "fishgame-device-0001")
	if err != nil {
		t.Fatal(err)
	}
	dead := deadURL(t)
	r := NewRemember(loginDir(t))
	if err := r.Keep(dead, sess, true); err != nil {
		t.Fatal(err)
	}
	_, err = r.Resume(ctx, newAccounts(t, dead), time.Now())
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("Resume(dead server) = %v, want ErrUnreachable", err)
	}
	if m, _ := r.Load(); m.RefreshToken != sess.RefreshToken() {
		t.Fatalf("remembered after an unreachable server: %+v, want the login kept", m)
	}
}

func TestResumeUnreadableFile(t *testing.T) {
	dir := loginDir(t)
	if err := writePrivate(dir, loginFile, []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	r := NewRemember(dir)
	_, err := r.Resume(context.Background(), newAccounts(t, deadURL(t)), time.Now())
	if !errors.Is(err, ErrSessionExpired) {
		t.Fatalf("Resume(unreadable file) = %v, want ErrSessionExpired", err)
	}
	if _, err := os.Stat(filepath.Join(dir, loginFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("unreadable login file kept: %v", err)
	}
}

// TestExpiredWhilePlaying: a restored session whose refresh token runs
// out fails its next call, and Expired says why.
func TestExpiredWhilePlaying(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	url := expiringServer(t, clk)
	a, err := NewAccounts(url, server.DefaultServerKey, signaling.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	first, err := a.Guest(ctx, "fishgame-device-0001")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := a.Client().Restore(ctx, first.RefreshToken())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Account(ctx); err != nil {
		t.Fatalf("Account() = %v", err)
	}
	if got := Expired(nil, sess.RefreshToken(), clk.Now()); got != nil {
		t.Fatalf("Expired(nil) = %v, want nil", got)
	}
	clk.Advance(2 * time.Hour)
	_, err = sess.Account(ctx)
	wantFailure(t, "Expired(Account() after expiry)", Expired(err, sess.RefreshToken(), clk.Now()), ErrSessionExpired, textLoginExpired)
}

func TestTokenExpiry(t *testing.T) {
	// {"alg":"HS256","typ":"JWT"} . {"exp":1700000000,"uid":"u"} . sig
	const tok = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDAwMDAwMDAsInVpZCI6InUifQ.c2ln"
	if exp, ok := tokenExpiry(tok); !ok || exp.Unix() != 1700000000 {
		t.Fatalf("tokenExpiry() = %v, %v, want 1700000000", exp, ok)
	}
	for _, bad := range []string{"", "a.b", "a.b.c", "a.eyJ1aWQiOiJ1In0.c", "a.eyJleHAiOiJ4In0.c", "a.eyJleHAiOi0xfQ.c"} {
		if _, ok := tokenExpiry(bad); ok {
			t.Errorf("tokenExpiry(%q) ok, want refused", bad)
		}
	}
}

func FuzzTokenExpiry(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDAwMDAwMDAsInVpZCI6InUifQ.c2ln")
	f.Add("a.eyJleHAiOjEuNWUxMH0.c")
	f.Add("...")
	f.Fuzz(func(t *testing.T, tok string) {
		if exp, ok := tokenExpiry(tok); ok && exp.Unix() <= 0 {
			t.Fatalf("tokenExpiry(%q) = %v, want a positive time", tok, exp)
		}
	})
}
