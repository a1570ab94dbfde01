package main

import (
	"bytes"
	"context"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
)

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("fishgame %v exited %d: %s", args, code, stderr.String())
		}
		if want := "fishgame " + netplay.ClientVersion + " "; !strings.HasPrefix(stdout.String(), want) {
			t.Errorf("fishgame %v printed %q, want it to start with %q", args, stdout.String(), want)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"version", "extra"}, &stdout, &stderr); code != 2 {
		t.Errorf("fishgame version extra exited %d, want 2 (usage)", code)
	}
}

func TestVersionLineNamesTheRevision(t *testing.T) {
	bi := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, true
	}
	if got := versionLine(bi); !strings.Contains(got, "revision 0123456789ab+modified") {
		t.Errorf("versionLine = %q, want the short revision marked modified", got)
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	if got := versionLine(none); strings.Contains(got, "revision") {
		t.Errorf("versionLine without build info = %q, want no revision", got)
	}
}
