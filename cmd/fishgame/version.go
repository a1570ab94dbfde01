package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/netplay"
	"github.com/fishgame/fishgame/rollback"
)

// runVersion prints the client version (the one players must share to
// play together), the wire format and how the binary was built.
func runVersion(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	setUsage(fs, `Usage: fishgame version

Prints the client version, which every player of an online match must share,
the game packet format, and the build (Go version, platform, source revision).

`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, err := fmt.Fprintln(stdout, versionLine(debug.ReadBuildInfo))
	return err
}

// versionLine describes this build; buildInfo is debug.ReadBuildInfo.
func versionLine(buildInfo func() (*debug.BuildInfo, bool)) string {
	s := fmt.Sprintf("fishgame %s (wire %d, %s, %s/%s", netplay.ClientVersion, rollback.WireVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if bi, ok := buildInfo(); ok {
		var rev, modified string
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
			case "vcs.modified":
				modified = kv.Value
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			s += ", revision " + rev
			if modified == "true" {
				s += "+modified"
			}
		}
	}
	return s + ")"
}
