package frontend

import (
	"errors"
	"io/fs"
	"path"
	"strings"
)

// probeSound says whether this machine could have a sound device, before
// any audio library is loaded. oto tries PulseAudio first and falls back
// to ALSA; on a machine with neither a PulseAudio server nor a sound card,
// libasound prints some 16 "ALSA lib ..." lines to stderr from C (there
// is no way to stop it short of installing a C error handler) before oto
// reports the failure. So when none of what either backend needs is
// there, the speaker stays muted without opening anything. It returns nil
// when a device may exist, else why there is none. root is the file
// system at "/", getenv reads the environment.
//
// What counts as a possible device: a PulseAudio server (PULSE_SERVER,
// $XDG_RUNTIME_DIR/pulse/native or ~/.config/pulse/*-runtime/native, as
// oto's PulseAudio client looks for it), an ALSA playback device
// (/dev/snd/pcmC*p), or any ALSA configuration that may route the default
// device elsewhere (ALSA_CONFIG_PATH, /etc/asound.conf, ~/.asoundrc,
// /etc/alsa/conf.d/*, where the PipeWire and PulseAudio plugins go).
func probeSound(root fs.FS, getenv func(string) string) error {
	if getenv("PULSE_SERVER") != "" || getenv("ALSA_CONFIG_PATH") != "" {
		return nil
	}
	rel := func(p string) string { return strings.TrimPrefix(path.Clean(p), "/") }
	exists := func(p string) bool { _, err := fs.Stat(root, rel(p)); return err == nil }
	if dir := getenv("XDG_RUNTIME_DIR"); dir != "" && exists(path.Join(dir, "pulse/native")) {
		return nil
	}
	if home := getenv("HOME"); home != "" {
		if m, _ := fs.Glob(root, rel(path.Join(home, ".config/pulse/*-runtime/native"))); len(m) > 0 {
			return nil
		}
		if exists(path.Join(home, ".asoundrc")) {
			return nil
		}
	}
	if exists("/etc/asound.conf") {
		return nil
	}
	if m, _ := fs.Glob(root, "etc/alsa/conf.d/*"); len(m) > 0 {
		return nil
	}
	if m, _ := fs.Glob(root, "dev/snd/pcmC*p"); len(m) > 0 {
		return nil
	}
	return errNoSoundDevice
}

// errNoSoundDevice says why probeSound found no possible sound device.
var errNoSoundDevice = errors.New("no PulseAudio server and no ALSA sound card or configuration")
