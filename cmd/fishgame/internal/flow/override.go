package flow

import (
	"flag"
	"fmt"
	"strconv"
)

// Override is one setting given for one run, by a command-line flag or a
// FISHGAME_* environment variable; it changes what the run uses, not what
// is saved.
type Override struct {
	// Flag is the command-line flag's name, like "nakama".
	Flag string
	// Env is the environment variable's name, like "FISHGAME_SERVER_URL".
	Env string
	set func(s *Settings, v string) error
}

// Overrides lists every setting that can be overridden for one run, with
// its flag and environment variable.
func Overrides() []Override {
	return []Override{
		{"nakama", "FISHGAME_SERVER_URL", func(s *Settings, v string) error { s.ServerURL = v; return nil }},
		{"server-key", "FISHGAME_SERVER_KEY", func(s *Settings, v string) error { s.ServerKey = v; return nil }},
		{"input-delay", "FISHGAME_INPUT_DELAY", intSetting(func(s *Settings) *int { return &s.InputDelay })},
		{"volume", "FISHGAME_VOLUME", intSetting(func(s *Settings) *int { return &s.Volume })},
		{"mute", "FISHGAME_MUTE", boolSetting(func(s *Settings) *bool { return &s.Mute })},
		{"fullscreen", "FISHGAME_FULLSCREEN", boolSetting(func(s *Settings) *bool { return &s.Fullscreen })},
		{"scale", "FISHGAME_SCALE", intSetting(func(s *Settings) *int { return &s.Scale })},
		{"keys", "FISHGAME_KEYS", func(s *Settings, v string) error { s.KeymapPath = v; return nil }},
	}
}

func intSetting(field func(*Settings) *int) func(*Settings, string) error {
	return func(s *Settings, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		*field(s) = n
		return nil
	}
}

func boolSetting(field func(*Settings) *bool) func(*Settings, string) error {
	return func(s *Settings, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*field(s) = b
		return nil
	}
}

// Apply returns saved with the overrides of one run: first the FISHGAME_*
// variables lookupEnv finds (os.LookupEnv), then the flags of fs that
// were given on the command line (fs parsed; nil for none), so a flag
// beats a variable and both beat the saved settings. A value that does not
// decode, or a result out of range, is an error wrapping ErrSettings that
// names the flag or variable.
func Apply(saved Settings, lookupEnv func(string) (string, bool), fs *flag.FlagSet) (Settings, error) {
	s, list := saved, Overrides()
	for _, o := range list {
		v, ok := lookupEnv(o.Env)
		if !ok {
			continue
		}
		if err := o.set(&s, v); err != nil {
			return saved, fmt.Errorf("%w: %s: %w", ErrSettings, o.Env, err)
		}
		if err := s.Validate(); err != nil {
			return saved, fmt.Errorf("%s: %w", o.Env, err)
		}
	}
	if fs == nil {
		return s, nil
	}
	given := make(map[string]string)
	fs.Visit(func(f *flag.Flag) { given[f.Name] = f.Value.String() })
	for _, o := range list {
		v, ok := given[o.Flag]
		if !ok {
			continue
		}
		if err := o.set(&s, v); err != nil {
			return saved, fmt.Errorf("%w: --%s: %w", ErrSettings, o.Flag, err)
		}
		if err := s.Validate(); err != nil {
			return saved, fmt.Errorf("--%s: %w", o.Flag, err)
		}
	}
	return s, nil
}
