package flow

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/signaling"
)

// wantFailure checks that err is an *Error for reason whose text is text.
func wantFailure(t *testing.T, what string, err, reason error, text string) {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) || !errors.Is(err, reason) || err.Error() != text {
		t.Fatalf("%s = %v (%T), want %q matching %v", what, err, err, text, reason)
	}
}

func TestCreateThenLogin(t *testing.T) {
	ctx := context.Background()
	a := newAccounts(t, startServer(t))
	s, err := a.Create(ctx, "alice@example.com", "password123", "alice")
	if err != nil {
		t.Fatalf("Create() = %v", err)
	}
	if s.Username() != "alice" || !s.Created() {
		t.Fatalf("Create() = user %q created %v, want alice created", s.Username(), s.Created())
	}
	l, err := a.Login(ctx, "alice@example.com", "password123")
	if err != nil {
		t.Fatalf("Login() = %v", err)
	}
	if l.UserID() != s.UserID() || l.Username() != "alice" {
		t.Fatalf("Login() = %s %q, want %s alice", l.UserID(), l.Username(), s.UserID())
	}
}

func TestAccountErrors(t *testing.T) {
	ctx := context.Background()
	a := newAccounts(t, startServer(t))
	if _, err := a.Create(ctx, "alice@example.com", "password123", "alice"); err != nil {
		t.Fatalf("Create(alice) = %v", err)
	}
	_, err := a.Create(ctx, "alice@example.com", "otherpassword", "alice2")
	wantFailure(t, "Create(existing e-mail)", err, ErrEmailInUse, "E-mail already in use")
	_, err = a.Create(ctx, "bob@example.com", "password123", "alice")
	wantFailure(t, "Create(taken username)", err, ErrUsernameTaken, "Username already taken")
	_, err = a.Login(ctx, "alice@example.com", "wrongpassword")
	wantFailure(t, "Login(wrong password)", err, ErrWrongPassword, "Wrong e-mail or password")
	_, err = a.Login(ctx, "nobody@example.com", "password123")
	wantFailure(t, "Login(unknown e-mail)", err, ErrWrongPassword, "Wrong e-mail or password")
	if !errors.Is(err, signaling.ErrNotFound) {
		t.Errorf("Login(unknown e-mail) = %v, want the server's answer as its cause", err)
	}
}

func TestServerKeyRefused(t *testing.T) {
	a, err := NewAccounts(startServer(t), "notthekey")
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Guest(context.Background(), "device-0123456789")
	wantFailure(t, "Guest(wrong key)", err, ErrServerKey, "Server refused the server key")
}

func TestServerUnreachable(t *testing.T) {
	url := deadURL(t)
	a := newAccounts(t, url)
	_, err := a.Login(context.Background(), "alice@example.com", "password123")
	wantFailure(t, "Login(dead server)", err, ErrUnreachable, "Server unreachable at "+strings.TrimPrefix(url, "http://"))
}

func TestHostPort(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"http://127.0.0.1:7350", "127.0.0.1:7350"},
		{"http://example.com", "example.com:80"},
		{"https://example.com/nakama", "example.com:443"},
		{"http://[::1]:7350", "[::1]:7350"},
	} {
		if got := hostPort(tc.url); got != tc.want {
			t.Errorf("hostPort(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}

func TestGuestKeepsAccount(t *testing.T) {
	ctx := context.Background()
	a := newAccounts(t, startServer(t))
	first, err := a.Guest(ctx, "fishgame-guest-device-1")
	if err != nil {
		t.Fatalf("Guest() = %v", err)
	}
	again, err := a.Guest(ctx, "fishgame-guest-device-1")
	if err != nil {
		t.Fatalf("Guest() again = %v", err)
	}
	if again.UserID() != first.UserID() || again.Created() {
		t.Fatalf("Guest() again = %s created %v, want %s not created", again.UserID(), again.Created(), first.UserID())
	}
}

// TestValidateBeforeSending sends to a dead server: a refusal before
// sending is about the input, not ErrUnreachable.
func TestValidateBeforeSending(t *testing.T) {
	ctx := context.Background()
	a := newAccounts(t, deadURL(t))
	for _, tc := range []struct {
		email, password, username string
		reason                    error
	}{
		{"", "password123", "alice", ErrInvalidEmail},
		{"alice.example.com", "password123", "alice", ErrInvalidEmail},
		{"alice@example", "password123", "alice", ErrInvalidEmail},
		{"alice@example.", "password123", "alice", ErrInvalidEmail},
		{"@example.com", "password123", "alice", ErrInvalidEmail},
		{"al ce@example.com", "password123", "alice", ErrInvalidEmail},
		{"a@b.co", "password123", "alice", ErrInvalidEmail}, // under 10 bytes
		{"alice@example.com", "short", "alice", ErrInvalidPassword},
		{"alice@example.com", strings.Repeat("p", 73), "alice", ErrInvalidPassword},
		{"alice@example.com", "password123", "", ErrInvalidUsername},
		{"alice@example.com", "password123", "al ice", ErrInvalidUsername},
		{"alice@example.com", "password123", "al\tice", ErrInvalidUsername},
		{"alice@example.com", "password123", "ali\u200bce", ErrInvalidUsername},           // zero width space (Cf)
		{"alice@example.com", "password123", "\u202ealice", ErrInvalidUsername},           // right-to-left override
		{"alice@example.com", "password123", "ali\u00a0ce", ErrInvalidUsername},           // no-break space
		{"alice@example.com", "password123", "ali\xffce", ErrInvalidUsername},             // invalid UTF-8
		{"alice@example.com", "password123", strings.Repeat("é", 65), ErrInvalidUsername}, // 130 bytes
	} {
		_, err := a.Create(ctx, tc.email, tc.password, tc.username)
		var fe *Error
		if !errors.As(err, &fe) || !errors.Is(err, tc.reason) || fe.Err != nil || fe.Text == "" {
			t.Errorf("Create(%q, %q, %q) = %v, want a refusal matching %v", tc.email, tc.password, tc.username, err, tc.reason)
		}
	}
	for _, ok := range []struct{ email, password, username string }{
		{"alice@example.com", "12345678", "a"},
		{"alice@example.com", strings.Repeat("p", 72), strings.Repeat("x", 128)},
		{"émile@exemple.fr", "pass word", "Émile_🐟"},
	} {
		if err := errors.Join(ValidateEmail(ok.email), ValidatePassword(ok.password), ValidateUsername(ok.username)); err != nil {
			t.Errorf("validate(%q, %q, %q) = %v, want nil", ok.email, ok.password, ok.username, err)
		}
	}
}
