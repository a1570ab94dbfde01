//go:build !headless

package main

import (
	"github.com/fishgame/fishgame/cmd/fishgame/internal/flow"
	"github.com/fishgame/fishgame/cmd/fishgame/internal/frontend"
)

// savedSettings is the settings screen's store: the run's settings (the
// saved ones with this run's flags and FISHGAME_* variables), and Save
// writes them to the config dir with flow.SaveSettings.
type savedSettings struct {
	dir   string
	saved flow.Settings // what is on disk, for the fields the screen does not edit
	run   frontend.Settings
}

// newSavedSettings keeps the settings in dir; run is what this run uses.
func newSavedSettings(dir string, saved, run flow.Settings) *savedSettings {
	return &savedSettings{dir: dir, saved: saved, run: screenSettings(run)}
}

// screenSettings is s as the settings screen edits it.
func screenSettings(s flow.Settings) frontend.Settings {
	return frontend.Settings{
		ServerURL: s.ServerURL, ServerKey: s.ServerKey, InputDelay: s.InputDelay,
		Volume: s.Volume, Mute: s.Mute, Fullscreen: s.Fullscreen, Scale: s.Scale,
	}
}

func (st *savedSettings) Load() frontend.Settings { return st.run }

func (st *savedSettings) Save(s frontend.Settings) error {
	fs := st.saved
	fs.ServerURL, fs.ServerKey, fs.InputDelay = s.ServerURL, s.ServerKey, s.InputDelay
	fs.Volume, fs.Mute, fs.Fullscreen, fs.Scale = s.Volume, s.Mute, s.Fullscreen, s.Scale
	if err := flow.SaveSettings(st.dir, fs); err != nil {
		return err
	}
	st.saved, st.run = fs, s
	return nil
}
