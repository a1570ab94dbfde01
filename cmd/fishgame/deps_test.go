package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPackageBoundaries keeps the import arrows of DESIGN.md true: game and
// rollback stay pure, p2p and signaling don't know each other, and nothing
// below cmd/fishgame imports a front end.
func TestPackageBoundaries(t *testing.T) {
	const mod = "github.com/fishgame/fishgame/"
	tests := []struct {
		pkg     string
		allowed []string // import path prefixes allowed besides the standard library
	}{
		{"assets", []string{mod + "assets"}},
		{"game/...", []string{mod + "game", mod + "assets"}},
		{"rollback", []string{mod + "rollback"}},
		{"p2p", []string{mod + "p2p", "github.com/pion/", "golang.org/x/", "github.com/wlynxg/anet", "github.com/google/uuid"}},
		{"signaling", []string{mod + "signaling", "github.com/gorilla/websocket", "github.com/heroiclabs/nakama-common", "google.golang.org/protobuf", "github.com/golang-jwt/jwt", "golang.org/x/"}},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "../../"+tt.pkg).CombinedOutput()
			if err != nil {
				t.Fatalf("go list %s: %v\n%s", tt.pkg, err, out)
			}
			for _, dep := range strings.Fields(string(out)) {
				if !hasAnyPrefix(dep, tt.allowed) {
					t.Errorf("%s depends on %s, which DESIGN.md does not allow", tt.pkg, dep)
				}
			}
		})
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
