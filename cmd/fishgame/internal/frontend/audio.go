package frontend

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/ebitengine/oto/v3"
)

// SampleRate is the sample rate of the synthesized sounds.
const SampleRate = 44100

// maxVoices bounds the sounds playing at once; more are skipped.
const maxVoices = 12

// DefaultAudioTimeout bounds the wait for the sound device to open.
const DefaultAudioTimeout = 3 * time.Second

// Speaker plays the synthesized sound effects, or nothing when muted.
//
// It drives Ebitengine's own audio backend (oto) directly rather than
// ebiten/audio: ebiten/audio reports a missing sound device only by making
// RunGame fail, while oto says so when the device is opened, so a machine
// without sound runs the game muted.
type Speaker struct {
	ctx    *oto.Context
	clips  [soundCount][]byte
	voices []*oto.Player
}

// OpenSpeaker opens the sound device and synthesizes every sound. With no
// usable device (or mute set) it returns a muted Speaker and logs why; it
// never fails. ctx bounds the wait for the device, as does
// DefaultAudioTimeout; log (nil means slog.Default()) gets the warning.
func OpenSpeaker(ctx context.Context, mute bool, log *slog.Logger) *Speaker {
	s := &Speaker{}
	if mute {
		return s
	}
	if log == nil {
		log = slog.Default()
	}
	// Probe first: on Linux, opening no device makes libasound print its
	// own errors on stderr before this warning.
	err := probeSound(os.DirFS("/"), os.Getenv)
	if err == nil {
		err = s.open(ctx)
	}
	if err != nil {
		log.Warn("no sound device: playing muted", "err", err)
		s.ctx = nil
		return s
	}
	for k := range soundCount {
		s.clips[k] = Synthesize(k, SampleRate)
	}
	return s
}

// open creates the oto context and waits for the device.
func (s *Speaker) open(ctx context.Context) (err error) {
	defer func() {
		// A broken audio stack must not take the game down with it.
		if r := recover(); r != nil {
			err = fmt.Errorf("audio init panicked: %v", r)
		}
	}()
	c, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate:   SampleRate,
		ChannelCount: 2,
		Format:       oto.FormatSignedInt16LE,
		BufferSize:   40 * time.Millisecond,
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, DefaultAudioTimeout)
	defer cancel()
	select {
	case <-ready:
	case <-ctx.Done():
		return errors.New("the sound device did not open in time")
	}
	if err := c.Err(); err != nil {
		return err
	}
	s.ctx = c
	return nil
}

// Muted reports whether the speaker plays nothing; a nil Speaker is muted.
func (s *Speaker) Muted() bool { return s == nil || s.ctx == nil }

// Play starts sound k. Finished voices are recycled; when maxVoices are
// playing the sound is skipped.
func (s *Speaker) Play(k Sound) {
	if s.Muted() || k >= soundCount {
		return
	}
	live := s.voices[:0]
	for _, v := range s.voices {
		if v.IsPlaying() {
			live = append(live, v)
		} else {
			_ = v.Close()
		}
	}
	s.voices = live
	if len(s.voices) >= maxVoices {
		return
	}
	p := s.ctx.NewPlayer(bytes.NewReader(s.clips[k]))
	p.Play()
	s.voices = append(s.voices, p)
}
