package desync

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultDir is where reports go without --desync-dir: the user data
// directory, $XDG_DATA_HOME/fishgame/desync, else
// ~/.local/share/fishgame/desync, else ./fishgame-desync.
func DefaultDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "fishgame", "desync")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".local", "share", "fishgame", "desync")
	}
	return "fishgame-desync"
}

// FileName is the name of r's file in the report directory:
// desync-<match>-f<frame>-slot<local slot>.fgdr, with the match id
// reduced to letters, digits, '-' and '_'. Writing the report again (once
// the remote side arrived) replaces the same file.
func FileName(r *Report) string {
	id := []byte(r.MatchID)
	n := 0
	for _, c := range id {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			id[n] = c
			n++
		}
	}
	name := string(id[:min(n, 64)])
	if name == "" {
		name = "local"
	}
	return fmt.Sprintf("desync-%s-f%06d-slot%d.fgdr", name, r.Frame, r.Local.Slot)
}
