package game

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

// recordScripted records frames frames of scripted inputs.
func recordScripted(t testing.TB, cfg Config, interval, frames int) Replay {
	t.Helper()
	rec, err := NewRecorder(cfg, interval)
	if err != nil {
		t.Fatal(err)
	}
	for f := range frames {
		rec.Step(scripted(f))
	}
	return rec.Replay()
}

func TestReplayRoundTrip(t *testing.T) {
	r := recordScripted(t, Config{Players: 3, Seed: 77, Map: 1}, 50, 1234)
	data, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if want := int(replaySize(3, 50, 1234)); len(data) != want {
		t.Errorf("encoded size = %d, want %d", len(data), want)
	}
	got, err := ParseReplay(data)
	if err != nil {
		t.Fatalf("ParseReplay error = %v", err)
	}
	if got.Config != r.Config || got.Interval != r.Interval || got.Final != r.Final ||
		len(got.Inputs) != len(r.Inputs) || len(got.Checksums) != 24 {
		t.Fatalf("decoded %+v, want %+v", got.Config, r.Config)
	}
	for i := range r.Inputs {
		want := r.Inputs[i]
		want[3] = 0 // slot 3 is not in a 3-player replay
		if got.Inputs[i] != want {
			t.Fatalf("frame %d inputs = %v, want %v", i+1, got.Inputs[i], want)
		}
	}
	if err := got.Verify(); err != nil {
		t.Errorf("Verify() = %v, want nil", err)
	}
	again, _ := got.MarshalBinary()
	if !bytes.Equal(again, data) {
		t.Errorf("re-encoding a decoded replay changed its bytes")
	}
}

func TestReplayVerifyNamesFirstMismatch(t *testing.T) {
	r := recordScripted(t, Config{Players: 2, Seed: 3}, 10, 400)
	// Change slot 0's input on frame 123: the checksum after frame 130 is the
	// first that can see it.
	r.Inputs[122][0] ^= InputRight | InputLeft | InputJump
	err := r.Verify()
	var mm *MismatchError
	if !errors.As(err, &mm) || !errors.Is(err, ErrReplayMismatch) {
		t.Fatalf("Verify() = %v, want a *MismatchError", err)
	}
	if mm.Frame != 130 {
		t.Errorf("mismatch at frame %d, want 130", mm.Frame)
	}
	if !strings.Contains(err.Error(), "frame 130") {
		t.Errorf("error %q does not name frame 130", err)
	}
	// A wrong final checksum is caught too.
	r = recordScripted(t, Config{Players: 2, Seed: 3}, 10, 405)
	r.Final++
	if err := r.Verify(); !errors.As(err, &mm) || mm.Frame != 405 {
		t.Errorf("Verify() with a bad final checksum = %v, want a mismatch at frame 405", err)
	}
}

func TestParseReplayErrors(t *testing.T) {
	good, err := recordScripted(t, Config{Players: 2, Seed: 1}, 4, 10).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	patch := func(off int, b ...byte) []byte {
		out := bytes.Clone(good)
		copy(out[off:], b)
		return out
	}
	u32 := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "offset 0: unexpected end of data in the 22-byte header"},
		{"short header", good[:10], "offset 10: unexpected end of data in the 22-byte header"},
		{"short garbage", []byte("hello"), `offset 0: magic "hell", expected "FGRP"`},
		{"magic", patch(0, 'X'), `offset 0: magic "XGRP", expected "FGRP"`},
		{"version", patch(4, 2, 0), "offset 4: format version 2, expected 1"},
		{"players", patch(6, 5), "offset 6: 5 players, expected 2 to 4"},
		{"interval", patch(16, 0, 0), "offset 16: checksum interval 0, expected at least 1"},
		{"huge frame count", patch(18, u32(1<<31)...), "offset 18: 2147483648 frames, expected at most"},
		{"truncated inputs", good[:23], "offset 23: unexpected end of data in the inputs of frame 1, expected 2 bytes"},
		{"truncated checksum", good[:22+8+3], "offset 33: unexpected end of data in the checksum after frame 4, expected 8 bytes"},
		{"truncated final", good[:len(good)-1], "unexpected end of data in the final checksum, expected 8 bytes"},
		{"trailing bytes", append(bytes.Clone(good), 0), "1 bytes after the final checksum, expected end of data"},
		{"undefined bits", patch(23, 0x80), "offset 23: input 0x80 of slot 1 in frame 1 has undefined bits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseReplay(tt.data)
			if err == nil {
				t.Fatalf("ParseReplay() error = nil, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseReplay() error = %q, want %q", err, tt.want)
			}
			var re *ReplayError
			if !errors.As(err, &re) || !errors.Is(err, ErrReplay) {
				t.Errorf("ParseReplay() error %v is not a *ReplayError", err)
			}
		})
	}
}

func TestReplayEncodeRejectsInvalid(t *testing.T) {
	good := recordScripted(t, Config{Players: 2}, 4, 10)
	tests := map[string]func(r *Replay){
		"players":   func(r *Replay) { r.Config.Players = 9 },
		"map":       func(r *Replay) { r.Config.Map = 300 },
		"interval":  func(r *Replay) { r.Interval = 0 },
		"checksums": func(r *Replay) { r.Checksums = r.Checksums[1:] },
	}
	for name, breakIt := range tests {
		r := good
		breakIt(&r)
		if _, err := r.MarshalBinary(); !errors.Is(err, ErrReplay) {
			t.Errorf("%s: MarshalBinary error = %v, want ErrReplay", name, err)
		}
	}
	if _, err := NewRecorder(Config{Players: 2}, -1); !errors.Is(err, ErrConfig) {
		t.Errorf("NewRecorder with interval -1: error = %v, want ErrConfig", err)
	}
	if _, err := NewRecorder(Config{Players: 1}, 0); !errors.Is(err, ErrConfig) {
		t.Errorf("NewRecorder with 1 player: error = %v, want ErrConfig", err)
	}
}

func FuzzParseReplay(f *testing.F) {
	for _, c := range []struct {
		cfg              Config
		interval, frames int
	}{{Config{Players: 2, Seed: 1}, 4, 10}, {Config{Players: 4, Seed: 9, Map: 2}, 60, 130}, {Config{Players: 3}, 1, 0}} {
		data, err := recordScripted(f, c.cfg, c.interval, c.frames).MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseReplay(data)
		if err != nil {
			if !errors.Is(err, ErrReplay) {
				t.Fatalf("error %v is not ErrReplay", err)
			}
			return
		}
		again, err := r.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary of a parsed replay: %v", err)
		}
		if !bytes.Equal(again, data) {
			t.Fatalf("re-encoding changed the bytes")
		}
		if len(r.Inputs) <= 600 {
			_ = r.Verify() // must not panic, whatever the config
		}
	})
}
