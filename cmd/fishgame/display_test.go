//go:build !headless

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// displayRequired reports whether a test that needs a display must fail
// without one instead of skipping: on CI (CI=true) and under make test,
// which checks for xvfb-run first and sets FISHGAME_REQUIRE_DISPLAY=1.
func displayRequired() bool {
	return os.Getenv("CI") == "true" || os.Getenv("FISHGAME_REQUIRE_DISPLAY") == "1"
}

// needDisplay skips a test that opens a window when there is no display,
// or fails it where a display is required (see displayRequired), so a CI
// run never passes without having drawn anything.
func needDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") != "" {
		return
	}
	const msg = "no display: DISPLAY is empty; run under xvfb-run -a -s \"-screen 0 1280x720x24\" to test the window"
	if displayRequired() {
		t.Fatal(msg + " (a display is required: CI=true or FISHGAME_REQUIRE_DISPLAY=1)")
	}
	t.Skip(msg)
}

// TestNeedDisplayFailsOnCI runs a window test without a display in a child
// process: on CI it must fail, elsewhere skip.
func TestNeedDisplayFailsOnCI(t *testing.T) {
	for _, tt := range []struct {
		env      []string
		wantFail bool
	}{
		{[]string{"CI=true"}, true},
		{[]string{"FISHGAME_REQUIRE_DISPLAY=1"}, true},
		{nil, false},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPlayScreenshot$", "-test.v")
		cmd.Env = append(withoutVars(os.Environ(), "DISPLAY", "WAYLAND_DISPLAY", "CI", "FISHGAME_REQUIRE_DISPLAY"), tt.env...)
		out, err := cmd.CombinedOutput()
		failed := err != nil
		if failed != tt.wantFail || !strings.Contains(string(out), "no display") {
			t.Errorf("window test without a display, env %q: failed = %v (%v), want %v and a \"no display\" message\n%s",
				tt.env, failed, err, tt.wantFail, out)
		}
	}
}

// withoutVars returns env without the variables named.
func withoutVars(env []string, names ...string) []string {
	var out []string
next:
	for _, kv := range env {
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}
