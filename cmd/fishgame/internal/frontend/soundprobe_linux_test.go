package frontend

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"
)

func TestProbeSound(t *testing.T) {
	file := &fstest.MapFile{}
	env := map[string]string{"HOME": "/home/ann", "XDG_RUNTIME_DIR": "/run/user/1000"}
	tests := []struct {
		name  string
		files fstest.MapFS
		env   map[string]string
		want  error
	}{
		{"nothing", fstest.MapFS{"dev/null": file, "usr/share/alsa/alsa.conf": file}, env, errNoSoundDevice},
		{"capture device only", fstest.MapFS{"dev/snd/pcmC0D0c": file, "dev/snd/controlC0": file}, env, errNoSoundDevice},
		{"no HOME or XDG_RUNTIME_DIR", fstest.MapFS{}, map[string]string{}, errNoSoundDevice},
		{"playback device", fstest.MapFS{"dev/snd/pcmC0D0p": file}, env, nil},
		{"pulse socket", fstest.MapFS{"run/user/1000/pulse/native": file}, env, nil},
		{"pulse socket under HOME", fstest.MapFS{"home/ann/.config/pulse/abc-runtime/native": file}, env, nil},
		{"PULSE_SERVER", fstest.MapFS{}, map[string]string{"PULSE_SERVER": "tcp:host"}, nil},
		{"ALSA_CONFIG_PATH", fstest.MapFS{}, map[string]string{"ALSA_CONFIG_PATH": "/opt/alsa.conf"}, nil},
		{"asoundrc", fstest.MapFS{"home/ann/.asoundrc": file}, env, nil},
		{"asound.conf", fstest.MapFS{"etc/asound.conf": file}, env, nil},
		{"pipewire plugin", fstest.MapFS{"etc/alsa/conf.d/99-pipewire-default.conf": file}, env, nil},
	}
	for _, tt := range tests {
		got := probeSound(tt.files, func(k string) string { return tt.env[k] })
		if !errors.Is(got, tt.want) {
			t.Errorf("%s: probeSound() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// speakerChildEnv makes the test binary open a speaker and exit.
const speakerChildEnv = "FISHGAME_FRONTEND_SPEAKER_TEST"

// TestSpeakerWarnsOnce opens the sound device in a child process and reads
// its stderr: ALSA never prints there, and on a machine without sound the
// one "no sound device" warning is all there is.
func TestSpeakerWarnsOnce(t *testing.T) {
	if os.Getenv(speakerChildEnv) != "" {
		sp := OpenSpeaker(context.Background(), false, slog.New(slog.NewTextHandler(os.Stderr, nil)))
		if sp.Muted() {
			os.Exit(3)
		}
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSpeakerWarnsOnce$")
	cmd.Env = append(os.Environ(), speakerChildEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	muted := false
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) && ee.ExitCode() == 3 {
		muted, err = true, nil
	}
	if err != nil {
		t.Fatalf("speaker process: %v\n%s", err, &stderr)
	}
	out := stderr.String()
	if strings.Contains(out, "ALSA lib") {
		t.Errorf("opening the speaker printed ALSA's errors:\n%s", out)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); muted && (len(lines) != 1 || !strings.Contains(lines[0], "no sound device")) {
		t.Errorf("muted speaker printed %d lines, want the one \"no sound device\" warning:\n%s", len(lines), out)
	}
}
