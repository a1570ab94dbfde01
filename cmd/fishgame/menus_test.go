//go:build !headless

package main

import (
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
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
