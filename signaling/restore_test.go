package signaling_test

import (
	"context"
	"errors"
	"testing"

	"github.com/fishgame/fishgame/signaling"
)

func TestRestoreFromRefreshToken(t *testing.T) {
	c := newE2E(t).client()
	ctx := context.Background()
	s, err := c.AuthenticateEmail(ctx, "ann@example.com", "password123", true, "ann")
	if err != nil {
		t.Fatal(err)
	}
	ref := s.RefreshToken()
	if ref == "" {
		t.Fatal("RefreshToken() is empty")
	}
	r, err := c.Restore(ctx, ref)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if r.UserID() != s.UserID() || r.Username() != "ann" {
		t.Errorf("restored user %s %q, want %s ann", r.UserID(), r.Username(), s.UserID())
	}
	if _, err := r.Account(ctx); err != nil {
		t.Errorf("Account with a restored session: %v", err)
	}
	if err := r.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Restore(ctx, ref); !errors.Is(err, signaling.ErrUnauthorized) {
		t.Errorf("Restore after logout = %v, want ErrUnauthorized", err)
	}
	if _, err := c.Restore(ctx, ""); !errors.Is(err, signaling.ErrInvalidArgument) {
		t.Errorf("Restore(\"\") = %v, want ErrInvalidArgument", err)
	}
}
