package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/fishgame/fishgame/cmd/fishgame/internal/desync"
)

// runDesync dispatches the desync subcommands: diff.
func runDesync(ctx context.Context, args []string, stdout io.Writer) error {
	usage := func(w io.Writer) {
		fmt.Fprintln(w, "Usage: fishgame desync diff [flags] REPORT [REPORT2]")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "  diff   name the fields that differ at a desync and tell nondeterminism from differing inputs")
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Reports (.fgdr) are written on a desync to --desync-dir, by default %s.\n", desync.DefaultDir())
	}
	if len(args) == 0 {
		usage(os.Stderr)
		return usagef("missing subcommand, expected diff")
	}
	switch args[0] {
	case "diff":
		return desyncDiff(args[1:], stdout)
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return flag.ErrHelp
	}
	return usagef("unknown subcommand %q, expected diff", args[0])
}

func desyncDiff(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("desync diff", flag.ContinueOnError)
	maxFields := fs.Int("fields", 40, "print at most this many differing fields per list (0: all)")
	setUsage(fs, fmt.Sprintf(`Usage: fishgame desync diff [flags] REPORT [REPORT2]

Reads a desync report, which a peer writes when its checksum of a confirmed
frame disagrees with another peer's (to --desync-dir, by default
%s), and:

  - names the fields whose values differ between the two peers' states at
    that frame (the first mismatching checkpoint);
  - re-simulates each peer's replay prefix (every confirmed input up to the
    frame) with this build: a peer whose recorded checksums differ from its
    own re-simulation is nondeterministic, and the first such frame is named,
    with the fields in which its dump differs from the re-simulation;
  - compares the peers' inputs and names the first frame where they differ.

A report holds the other peer's side when the peers could exchange their dumps
(the lab always can). Otherwise give the other peer's report as REPORT2.
Re-simulate with the build the peers ran: another build may simulate
differently.

`, desync.DefaultDir()))
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	switch {
	case fs.NArg() == 0:
		return usagef("missing REPORT")
	case fs.NArg() > 2:
		return usagef("%d reports, expected REPORT and at most one REPORT2", fs.NArg())
	case *maxFields < 0:
		return usagef("--fields %d, expected 0 or more", *maxFields)
	}
	r, err := loadDesyncReport(fs.Arg(0))
	if err != nil {
		return err
	}
	var other *desync.Report
	if fs.NArg() == 2 {
		o, err := loadDesyncReport(fs.Arg(1))
		if err != nil {
			return err
		}
		other = &o
	}
	a, err := desync.Analyze(r, other)
	if err != nil {
		return err
	}
	return a.WriteText(stdout, *maxFields)
}

// loadDesyncReport reads and decodes a report file.
func loadDesyncReport(path string) (desync.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return desync.Report{}, err
	}
	r, err := desync.ParseReport(data)
	if err != nil {
		return desync.Report{}, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
