//go:build !headless

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/signaling/server"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
)

func TestSettingsScreenSavesForTheNextLaunch(t *testing.T) {
	dir := t.TempDir()
	st := newSavedSettings(dir, flow.DefaultSettings(), flow.DefaultSettings())
	s := st.Load()
	s.ServerURL, s.InputDelay, s.Mute = "http://192.0.2.7:7350", 5, true
	if err := st.Save(s); err != nil {
		t.Fatalf("Save() = %v", err)
	}
	saved, err := flow.LoadSettings(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := newSavedSettings(dir, saved, saved).Load(); got != s {
		t.Fatalf("the next launch loads %+v, want %+v", got, s)
	}
	bad := s
	bad.ServerURL = "not a url"
	if err := st.Save(bad); err == nil {
		t.Fatal("Save(malformed URL) = nil, want an error")
	}
	if got := st.Load(); got != s {
		t.Fatalf("after a refused save the screen loads %+v, want %+v", got, s)
	}
}

func TestRememberedLoginResumesSilently(t *testing.T) {
	ctx := context.Background()
	url, dir := doctorServer(t, 0), t.TempDir()
	a, err := newMenuAccounts(url, server.DefaultServerKey, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Create(ctx, "alice@example.com", "password123", "alice", true); err != nil {
		t.Fatalf("Create() = %v", err)
	}
	relaunch := func() *menuAccounts {
		b, err := newMenuAccounts(url, server.DefaultServerKey, dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Resume(ctx); err != nil {
			t.Fatalf("Resume() = %v", err)
		}
		return b
	}
	b := relaunch()
	if p, ok := b.Current(); !ok || p.Username != "alice" {
		t.Fatalf("after a relaunch Current() = %+v, %v, want alice logged in", p, ok)
	}
	if err := b.Logout(); err != nil {
		t.Fatalf("Logout() = %v", err)
	}
	if p, ok := relaunch().Current(); ok {
		t.Fatalf("after Log out a relaunch is logged in as %+v, want nobody", p)
	}
}

func TestLeaderboardListsTheTopAndTheOwnRecord(t *testing.T) {
	ctx := context.Background()
	url := doctorServer(t, 0)
	a, err := newMenuAccounts(url, server.DefaultServerKey, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Create(ctx, "bob@example.com", "password123", "bob", false); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session().WriteLeaderboardRecord(ctx, netplay.WinsLeaderboard, 1); err != nil {
		t.Fatal(err)
	}
	top, own, err := menuBoard{a}.Top(ctx, 20)
	if err != nil {
		t.Fatalf("Top() = %v", err)
	}
	if len(top) != 1 || top[0].Username != "bob" || top[0].Wins != 1 || own.Rank != 1 || own.Username != "bob" {
		t.Fatalf("Top() = %+v, own %+v; want bob first with 1 win", top, own)
	}
}

func TestPrivateMatchCodeJoins(t *testing.T) {
	ctx := context.Background()
	url := doctorServer(t, 0)
	login := func(guest bool) *menuLobby {
		a, err := newMenuAccounts(url, server.DefaultServerKey, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if guest {
			_, err = a.Guest(ctx, false)
		} else {
			_, err = a.Create(ctx, "carol@example.com", "password123", "carol", false)
		}
		if err != nil {
			t.Fatal(err)
		}
		return &menuLobby{accts: a, log: quietLogger(&bytes.Buffer{})}
	}
	host, guest := login(false), login(true)
	r, err := host.CreatePrivate(ctx)
	if err != nil {
		t.Fatalf("CreatePrivate() = %v", err)
	}
	if _, err := flow.ParseShareCode(r.Code()); err != nil {
		t.Fatalf("CreatePrivate() code %q: %v", r.Code(), err)
	}
	j, err := guest.Join(ctx, strings.ToLower(r.Code()))
	if err != nil {
		t.Fatalf("Join(%q) = %v", r.Code(), err)
	}
	if j.Code() != r.Code() {
		t.Fatalf("joined %q, want %q", j.Code(), r.Code())
	}
	if _, err := guest.Join(ctx, "XXXXXX"); err == nil || err.Error() != "No match with the code XXXXXX" {
		t.Fatalf("Join(unknown code) = %v, want no match", err)
	}
}
