package ice

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/pion/logging"
)

// slogFactory routes pion's logs to slog. pion's info level is chatty
// (every allocation), so it goes to debug; trace is dropped.
type slogFactory struct{ log *slog.Logger }

func (f slogFactory) NewLogger(scope string) logging.LeveledLogger {
	return slogLogger{f.log.With("pion", scope)}
}

type slogLogger struct{ log *slog.Logger }

func (l slogLogger) emit(level slog.Level, msg string) {
	l.log.Log(context.Background(), level, msg)
}

func (l slogLogger) Trace(string)              {}
func (l slogLogger) Tracef(string, ...any)     {}
func (l slogLogger) Debug(msg string)          { l.emit(slog.LevelDebug, msg) }
func (l slogLogger) Debugf(f string, a ...any) { l.emit(slog.LevelDebug, fmt.Sprintf(f, a...)) }
func (l slogLogger) Info(msg string)           { l.emit(slog.LevelDebug, msg) }
func (l slogLogger) Infof(f string, a ...any)  { l.emit(slog.LevelDebug, fmt.Sprintf(f, a...)) }
func (l slogLogger) Warn(msg string)           { l.emit(slog.LevelWarn, msg) }
func (l slogLogger) Warnf(f string, a ...any)  { l.emit(slog.LevelWarn, fmt.Sprintf(f, a...)) }
func (l slogLogger) Error(msg string)          { l.emit(slog.LevelError, msg) }
func (l slogLogger) Errorf(f string, a ...any) { l.emit(slog.LevelError, fmt.Sprintf(f, a...)) }
