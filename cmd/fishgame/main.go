package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand of fishgame.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout io.Writer) error
}

func commands() []command {
	return []command{
		{"play", "open the game window: a local match on one keyboard or an online match", runPlay},
		{"lab", "play bots over a transport and report netcode figures", runLab},
		{"server", "run the embedded Nakama-compatible signaling server", runServer},
		{"synctest", "run a seeded bot match with rollback every frame and print the final checksum", runSynctest},
		{"replay", "verify or inspect replay files", runReplay},
		{"desync", "analyse desync reports: the fields that differ, and nondeterminism or differing inputs", runDesync},
		{"doctor", "check the signaling server, authentication and NAT for direct play", runDoctor},
		{"version", "print the client version players must share, and the build", runVersion},
	}
}

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the process exit code:
// 0 on success, 2 for usage errors, the code of an error with an ExitCode
// method, 1 for any other failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && args[0] == "--version" {
		args = []string{"version"}
	}
	if len(args) == 0 && hasWindow {
		args = []string{"play"} // the title screen
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout)
		var coded interface{ ExitCode() int }
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(usageError)):
			fmt.Fprintf(stderr, "fishgame %s: %v\n", c.name, err)
			return 2
		case errors.As(err, &coded):
			fmt.Fprintf(stderr, "fishgame %s: %v\n", c.name, err)
			return coded.ExitCode()
		default:
			fmt.Fprintf(stderr, "fishgame %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "fishgame: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: fishgame <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "fishgame <command> -h" for a command's flags.`)
}

// usageError reports bad flags or arguments; it makes fishgame exit with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError with a formatted message.
func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// parseFlags parses args with fs, turning parse failures into usage errors.
// fs must use flag.ContinueOnError.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// setUsage makes fs print text, then its flags' defaults, for -h.
func setUsage(fs *flag.FlagSet, text string) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), text)
		fs.PrintDefaults()
	}
}

// quietLogger keeps warnings and errors only.
func quietLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
