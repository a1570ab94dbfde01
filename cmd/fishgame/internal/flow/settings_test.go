package flow

import (
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
)

func TestSettingsSaveLoad(t *testing.T) {
	dir := loginDir(t)
	got, err := LoadSettings(dir)
	if err != nil || got != DefaultSettings() {
		t.Fatalf("LoadSettings(empty dir) = %+v, %v, want the defaults", got, err)
	}
	want := Settings{ServerURL: "https://fish.example:7350", ServerKey: "k", InputDelay: 8, Volume: 0,
		Mute: true, Fullscreen: true, Scale: 1, KeymapPath: "/tmp/keys.json"}
	if err := SaveSettings(dir, want); err != nil {
		t.Fatalf("SaveSettings() = %v", err)
	}
	wantMode(t, dir, dirMode)
	wantMode(t, filepath.Join(dir, settingsFile), fileMode)
	if got, err := LoadSettings(dir); err != nil || got != want {
		t.Fatalf("LoadSettings() = %+v, %v, want %+v", got, err, want)
	}
}

func TestSettingsFileLeavesOutSettings(t *testing.T) {
	dir := loginDir(t)
	if err := writePrivate(dir, settingsFile, []byte(`{"volume": 30, "from_a_newer_version": 1}`)); err != nil {
		t.Fatal(err)
	}
	want := DefaultSettings()
	want.Volume = 30
	if got, err := LoadSettings(dir); err != nil || got != want {
		t.Fatalf("LoadSettings(volume only) = %+v, %v, want %+v", got, err, want)
	}
}

func TestSettingsRefused(t *testing.T) {
	for _, file := range []string{`{`, `{"input_delay": 9}`, `{"volume": -1}`, `{"window_scale": 0}`,
		`{"server_url": "ftp://x"}`, `{"server_url": "http://"}`, `{"server_key": ""}`, `{"mute": "yes"}`} {
		dir := loginDir(t)
		if err := writePrivate(dir, settingsFile, []byte(file)); err != nil {
			t.Fatal(err)
		}
		got, err := LoadSettings(dir)
		if !errors.Is(err, ErrSettings) || got != DefaultSettings() {
			t.Errorf("LoadSettings(%s) = %+v, %v, want the defaults and ErrSettings", file, got, err)
		}
	}
	bad := DefaultSettings()
	bad.InputDelay = MaxInputDelay + 1
	if err := SaveSettings(loginDir(t), bad); !errors.Is(err, ErrSettings) {
		t.Errorf("SaveSettings(input delay 9) = %v, want ErrSettings", err)
	}
}

// env returns a lookup function over vars.
func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

// playFlags parses args with flags named like fishgame play's, with
// defaults that must not override anything.
func playFlags(t *testing.T, args ...string) *flag.FlagSet {
	t.Helper()
	fs := flag.NewFlagSet("play", flag.ContinueOnError)
	fs.String("nakama", DefaultServerURL, "")
	fs.String("server-key", DefaultServerKey, "")
	fs.Int("input-delay", DefaultInputDelay, "")
	fs.Int("volume", DefaultVolume, "")
	fs.Bool("mute", false, "")
	fs.Bool("fullscreen", false, "")
	fs.Int("scale", DefaultScale, "")
	fs.String("keys", "", "")
	fs.Int("bots", 0, "") // not a setting
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestApplyOverrides(t *testing.T) {
	saved := Settings{ServerURL: "http://saved.example:7350", ServerKey: "saved", InputDelay: 1, Volume: 50,
		Mute: true, Scale: 4, KeymapPath: "saved.json"}
	vars := map[string]string{
		"FISHGAME_SERVER_URL":  "http://env.example:7350",
		"FISHGAME_INPUT_DELAY": "5",
		"FISHGAME_MUTE":        "false",
		"FISHGAME_SCALE":       "6",
	}
	fs := playFlags(t, "--scale", "2", "--fullscreen", "--bots", "3", "--volume=70")
	got, err := Apply(saved, env(vars), fs)
	if err != nil {
		t.Fatalf("Apply() = %v", err)
	}
	want := Settings{ServerURL: "http://env.example:7350", ServerKey: "saved", InputDelay: 5, Volume: 70,
		Mute: false, Fullscreen: true, Scale: 2, KeymapPath: "saved.json"}
	if got != want {
		t.Fatalf("Apply() = %+v, want %+v", got, want)
	}
	if got, err := Apply(saved, env(nil), playFlags(t)); err != nil || got != saved {
		t.Fatalf("Apply(no overrides) = %+v, %v, want the saved settings", got, err)
	}
	if got, err := Apply(saved, env(nil), nil); err != nil || got != saved {
		t.Fatalf("Apply(no flag set) = %+v, %v, want the saved settings", got, err)
	}
}

func TestApplyRefusesBadOverrides(t *testing.T) {
	saved := DefaultSettings()
	for _, tc := range []struct {
		vars map[string]string
		args []string
		name string
	}{
		{vars: map[string]string{"FISHGAME_INPUT_DELAY": "two"}, name: "FISHGAME_INPUT_DELAY"},
		{vars: map[string]string{"FISHGAME_INPUT_DELAY": "9"}, name: "FISHGAME_INPUT_DELAY"},
		{vars: map[string]string{"FISHGAME_MUTE": "maybe"}, name: "FISHGAME_MUTE"},
		{vars: map[string]string{"FISHGAME_SERVER_URL": "localhost:7350"}, name: "FISHGAME_SERVER_URL"},
		{args: []string{"--volume", "101"}, name: "--volume"},
		{args: []string{"--scale", "0"}, name: "--scale"},
		{args: []string{"--server-key="}, name: "--server-key"},
	} {
		got, err := Apply(saved, env(tc.vars), playFlags(t, tc.args...))
		if !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), tc.name) || got != saved {
			t.Errorf("Apply(%v %v) = %+v, %v, want ErrSettings naming %s", tc.vars, tc.args, got, err, tc.name)
		}
	}
}

func TestOverridesNamed(t *testing.T) {
	for _, o := range Overrides() {
		if o.Flag == "" || !strings.HasPrefix(o.Env, "FISHGAME_") {
			t.Errorf("override %+v: want a flag and a FISHGAME_ variable", o)
		}
	}
}
