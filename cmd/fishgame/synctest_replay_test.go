package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestSynctestReplaySyncTestsARecordedMatch(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "match.fgr")
	code, out, errOut := execFishgame(t, "replay", "record", "--seed", "4", "--players", "4", "--frames", "1200", "--interval", "60", "-o", path)
	if code != 0 {
		t.Fatalf("replay record: exit %d, %s", code, errOut)
	}
	final := regexp.MustCompile(`checksum=0x[0-9a-f]{16}`).FindString(out)

	code, out, errOut = execFishgame(t, "synctest", "--replay", path, "--check-distance", "8")
	if code != 0 {
		t.Fatalf("synctest --replay: exit %d, %s", code, errOut)
	}
	if !strings.Contains(out, "1200 frames, each resimulated up to 8 times: no mismatch; 21 recorded checksums match") {
		t.Errorf("synctest --replay output lacks the frames and checksums checked:\n%s", out)
	}
	if last := lastOutputLine(out); final == "" || last != final {
		t.Errorf("synctest --replay ends with %q, want the recorded final %q", last, final)
	}

	// A recording that differs from the simulation fails at its frame.
	r, err := loadReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	r.Checksums[4] ^= 1
	data, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.fgr")
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = execFishgame(t, "synctest", "--replay", bad)
	if code != 1 || !strings.Contains(errOut, "the recording differs: frame 300: checksum") {
		t.Errorf("synctest --replay of a replay with a wrong checksum: exit %d, stderr %q; want exit 1 naming frame 300", code, errOut)
	}
}

func TestSynctestReplayFlags(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.fgr")
	if err := os.WriteFile(junk, []byte("FGRP"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"--replay", junk, "--players", "3"}, 2, "--players does not apply with --replay"},
		{[]string{"--replay", junk, "--frames", "10"}, 2, "--frames does not apply"},
		{[]string{"--replay", junk, "--check-distance", "0"}, 2, "--check-distance 0"},
		{[]string{"--replay", filepath.Join(dir, "absent.fgr")}, 1, "no such file"},
		{[]string{"--replay", junk}, 1, "junk.fgr: offset"},
	}
	for _, tt := range tests {
		code, _, errOut := execFishgame(t, append([]string{"synctest"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errOut, tt.err) {
			t.Errorf("fishgame synctest %v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errOut, tt.code, tt.err)
		}
	}
}
