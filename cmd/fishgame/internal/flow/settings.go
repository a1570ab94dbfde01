package flow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
)

// settingsFile is the settings' file in the config dir.
const settingsFile = "settings.json"

// Bounds and defaults of the settings.
const (
	DefaultServerURL  = "http://127.0.0.1:7350"
	DefaultServerKey  = "defaultkey"
	DefaultInputDelay = 2
	MaxInputDelay     = 8
	DefaultVolume     = 80
	MaxVolume         = 100
	DefaultScale      = 3
	MaxScale          = 16
)

// Settings are the player's choices, kept as JSON in the config dir.
type Settings struct {
	// ServerURL is the signaling server, like "http://127.0.0.1:7350".
	ServerURL string `json:"server_url"`
	// ServerKey is the server's server key.
	ServerKey string `json:"server_key"`
	// InputDelay is the frames of input delay online, 0 to 8.
	InputDelay int `json:"input_delay"`
	// Volume is the sound volume in percent, 0 to 100.
	Volume int `json:"volume"`
	// Mute silences the game without losing Volume.
	Mute bool `json:"mute"`
	// Fullscreen opens the game full screen.
	Fullscreen bool `json:"fullscreen"`
	// Scale is the window size as a multiple of 480x270, 1 to 16.
	Scale int `json:"window_scale"`
	// KeymapPath is the keyboard layout file the controls screen writes;
	// empty means the default place.
	KeymapPath string `json:"keymap_path,omitempty"`
}

// DefaultSettings returns the settings of a first launch.
func DefaultSettings() Settings {
	return Settings{
		ServerURL: DefaultServerURL, ServerKey: DefaultServerKey,
		InputDelay: DefaultInputDelay, Volume: DefaultVolume, Scale: DefaultScale,
	}
}

// Validate reports the first setting out of its range.
func (s Settings) Validate() error {
	u, err := url.Parse(s.ServerURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("%w: server URL %q: want http:// or https:// and a host", ErrSettings, s.ServerURL)
	case s.ServerKey == "":
		return fmt.Errorf("%w: empty server key", ErrSettings)
	case s.InputDelay < 0 || s.InputDelay > MaxInputDelay:
		return fmt.Errorf("%w: input delay %d outside 0..%d", ErrSettings, s.InputDelay, MaxInputDelay)
	case s.Volume < 0 || s.Volume > MaxVolume:
		return fmt.Errorf("%w: volume %d outside 0..%d", ErrSettings, s.Volume, MaxVolume)
	case s.Scale < 1 || s.Scale > MaxScale:
		return fmt.Errorf("%w: window scale %d outside 1..%d", ErrSettings, s.Scale, MaxScale)
	}
	return nil
}

// LoadSettings reads the settings kept in dir: the defaults when there are
// none, and the default of every setting the file leaves out. A file that
// does not decode or holds a setting out of range is an error wrapping
// ErrSettings (the caller may then carry on with the defaults).
func LoadSettings(dir string) (Settings, error) {
	s := DefaultSettings()
	b, err := readPrivate(dir, settingsFile)
	if err != nil {
		return s, fmt.Errorf("%w: %w", ErrSettings, err)
	}
	if b == nil {
		return s, nil
	}
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&s); err != nil {
		return DefaultSettings(), fmt.Errorf("%w: %s: %w", ErrSettings, settingsFile, err)
	}
	if err := s.Validate(); err != nil {
		return DefaultSettings(), fmt.Errorf("%s: %w", settingsFile, err)
	}
	return s, nil
}

// SaveSettings keeps s in dir, readable only by the player.
func SaveSettings(dir string, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	b, err := json.MarshalIndent(s, "", "\t")
	if err != nil {
		return err
	}
	if err := writePrivate(dir, settingsFile, append(b, '\n')); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}
