package flow

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestShareCodeAlphabet(t *testing.T) {
	for _, lookAlike := range "0O1IL" {
		if strings.ContainsRune(ShareCodeAlphabet, lookAlike) {
			t.Errorf("ShareCodeAlphabet holds the look-alike %q", lookAlike)
		}
	}
	seen := make(map[rune]bool)
	for _, r := range ShareCodeAlphabet {
		if seen[r] {
			t.Errorf("ShareCodeAlphabet holds %q twice", r)
		}
		seen[r] = true
	}
}

func TestNewShareCode(t *testing.T) {
	used := make(map[byte]bool)
	for range 200 {
		c := NewShareCode()
		if len(c) != ShareCodeLength {
			t.Fatalf("NewShareCode() = %q, want %d characters", c, ShareCodeLength)
		}
		if p, err := ParseShareCode(string(c)); err != nil || p != c {
			t.Fatalf("ParseShareCode(NewShareCode() = %q) = %q, %v", c, p, err)
		}
		for i := range len(c) {
			used[c[i]] = true
		}
	}
	// 1200 draws from 31 characters all land on every one of them unless
	// the draw is broken (the chance that one is missed is below 1e-15).
	if len(used) != len(ShareCodeAlphabet) {
		t.Fatalf("200 codes use %d of the %d characters", len(used), len(ShareCodeAlphabet))
	}
}

func TestParseShareCode(t *testing.T) {
	for in, want := range map[string]ShareCode{
		"K7M2QX":       "K7M2QX",
		"k7m2qx":       "K7M2QX",
		" k7m 2qx\n":   "K7M2QX",
		"K7M-2QX":      "K7M2QX",
		"\tZ9Z9Z9\r\n": "Z9Z9Z9",
	} {
		if got, err := ParseShareCode(in); err != nil || got != want {
			t.Errorf("ParseShareCode(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "K7M2Q", "K7M2QXX", "K7M2Q0", "K7M2QO", "K7M2Q1", "K7M2QI", "k7m2ql", "K7M2Q!", "K7M2QÉ", "ｋ7M2QX"} {
		_, err := ParseShareCode(in)
		var fe *Error
		if !errors.As(err, &fe) || !errors.Is(err, ErrInvalidCode) {
			t.Errorf("ParseShareCode(%q) = %v, want ErrInvalidCode", in, err)
		}
	}
}

// TestShareCodeMatchID: the id a joiner derives is the id the server gives
// the match created by the code's name.
func TestShareCodeMatchID(t *testing.T) {
	ctx := context.Background()
	a := newAccounts(t, startServer(t))
	sess, err := a.Guest(ctx, "fishgame-device-0001")
	if err != nil {
		t.Fatal(err)
	}
	sock, err := sess.Dial(ctx, testSocket)
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	code := ShareCode("K7M2QX")
	m, err := sock.CreateMatch(ctx, code.MatchName())
	if err != nil {
		t.Fatal(err)
	}
	if m.MatchId != code.MatchID() {
		t.Fatalf("match %q created by name has id %s, want %s", code.MatchName(), m.MatchId, code.MatchID())
	}
	if other := ShareCode("K7M2QY").MatchID(); other == code.MatchID() {
		t.Fatalf("two codes share the match id %s", other)
	}
}

func FuzzParseShareCode(f *testing.F) {
	f.Add("K7M2QX")
	f.Add(" k7m-2qx ")
	f.Add("0O1IL")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseShareCode(s)
		if err != nil {
			return
		}
		if again, err := ParseShareCode(string(c)); err != nil || again != c || len(c) != ShareCodeLength {
			t.Fatalf("ParseShareCode(%q) = %q, which parses as %q, %v", s, c, again, err)
		}
	})
}
