package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReplayRecordVerifyInfo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "match.fgr")
	code, out, errOut := execFishgame(t, "replay", "record", "--seed", "5", "--players", "3", "--frames", "900", "--interval", "30", "-o", path)
	if code != 0 {
		t.Fatalf("replay record: exit %d, %s", code, errOut)
	}
	if !strings.Contains(out, "900 frames") {
		t.Errorf("record output %q lacks the frame count", out)
	}
	code, out, errOut = execFishgame(t, "replay", "verify", path)
	if code != 0 || !strings.Contains(out, "ok: 900 frames, 31 checksums match") {
		t.Fatalf("replay verify: exit %d, out %q, err %q", code, out, errOut)
	}
	code, out, _ = execFishgame(t, "replay", "info", path)
	for _, want := range []string{"players         3", "seed            5", "frames          900 (15.00 s)", "every 30 frames, 30 recorded", "rounds finished"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("replay info: exit %d, output lacks %q:\n%s", code, want, out)
		}
	}

	// Tampering with the inputs of frames 101-110 shows at the checksum after frame 120.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for f := 101; f <= 110; f++ {
		off := 22 + (f-1)*3 + (f-1)/30*8
		data[off] = 0x03 // left and right: the fish stands still
		data[off+1] = 0x03
		data[off+2] = 0x03
	}
	bad := filepath.Join(t.TempDir(), "tampered.fgr")
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = execFishgame(t, "replay", "verify", bad)
	if code != 1 || !strings.Contains(errOut, "tampered.fgr: frame 120: checksum") {
		t.Errorf("verify of a tampered replay: exit %d, stderr %q; want exit 1 naming frame 120", code, errOut)
	}

	// Truncated and missing files give clear errors.
	if err := os.WriteFile(bad, data[:100], 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = execFishgame(t, "replay", "verify", bad)
	if code != 1 || !strings.Contains(errOut, "offset 100: unexpected end of data") {
		t.Errorf("verify of a truncated replay: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = execFishgame(t, "replay", "info", filepath.Join(t.TempDir(), "nope.fgr"))
	if code != 1 || !strings.Contains(errOut, "no such file") {
		t.Errorf("info of a missing file: exit %d, stderr %q", code, errOut)
	}
}

func TestReplayVerifyGoldenReplays(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "game", "testdata", "replays", "*.fgr"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden replays found (%v)", err)
	}
	code, out, errOut := execFishgame(t, append([]string{"replay", "verify"}, files...)...)
	if code != 0 || strings.Count(out, ": ok:") != len(files) {
		t.Errorf("replay verify of the golden replays: exit %d, out %q, err %q", code, out, errOut)
	}
}

func TestReplayUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"replay"}, 2},
		{[]string{"replay", "bogus"}, 2},
		{[]string{"replay", "verify"}, 2},
		{[]string{"replay", "info"}, 2},
		{[]string{"replay", "record"}, 2},
		{[]string{"replay", "record", "-o", "x", "--players", "9"}, 2},
		{[]string{"replay", "record", "-o", "x", "--interval", "0"}, 0},
		{[]string{"replay", "-h"}, 0},
		{[]string{"replay", "verify", "-h"}, 0},
		{[]string{"replay", "record", "-h"}, 0},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		args := append([]string(nil), tt.args...)
		for i := range args {
			if args[i] == "x" {
				args[i] = filepath.Join(dir, "x.fgr")
			}
		}
		if code, _, errOut := execFishgame(t, args...); code != tt.code {
			t.Errorf("fishgame %v: exit %d (%s), want %d", tt.args, code, errOut, tt.code)
		}
	}
}
