package frontend

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestSynthesize(t *testing.T) {
	for k := range soundCount {
		pcm := Synthesize(k, SampleRate)
		ms := 0
		for _, n := range recipe(k) {
			ms += n.ms
		}
		if ms < 10 || ms > 800 {
			t.Errorf("sound %d lasts %d ms, want a short effect (10..800 ms)", k, ms)
		}
		frames := 0
		for _, n := range recipe(k) {
			frames += SampleRate * n.ms / 1000
		}
		if len(pcm) != frames*4 {
			t.Errorf("len(Synthesize(%d)) = %d, want %d (16-bit stereo)", k, len(pcm), frames*4)
		}
		peak := 0
		for i := 0; i+1 < len(pcm); i += 2 {
			v := int(int16(binary.LittleEndian.Uint16(pcm[i:])))
			peak = max(peak, v, -v)
		}
		if peak < 2000 {
			t.Errorf("Synthesize(%d) peaks at %d, want an audible sound", k, peak)
		}
		if !bytes.Equal(pcm, Synthesize(k, SampleRate)) {
			t.Errorf("Synthesize(%d) differs between calls", k)
		}
	}
	if bytes.Equal(Synthesize(SoundJump, SampleRate), Synthesize(SoundShot, SampleRate)) {
		t.Error("jump and shot sound the same")
	}
}

func TestMutedSpeakerPlaysNothing(t *testing.T) {
	s := OpenSpeaker(t.Context(), true, nil)
	if !s.Muted() {
		t.Fatal("OpenSpeaker(mute=true).Muted() = false, want true")
	}
	s.Play(SoundShot) // must not panic or open a device
	if len(s.voices) != 0 {
		t.Errorf("muted speaker has %d voices, want 0", len(s.voices))
	}
}
