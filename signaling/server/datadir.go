package server

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
)

// Modes of the data directory and of the database files: the database holds
// the token signing secrets, so no other local user may read it.
const (
	dataDirMode  = 0o700
	dataFileMode = 0o600
)

// dbCompanions are the suffixes of the files SQLite keeps next to the
// database in WAL mode.
var dbCompanions = []string{"-wal", "-shm"}

// prepareDataDir creates dir (mode 0700) or, when it exists, tightens a
// wider mode to 0700 with a warning. It reports whether it created dir.
func prepareDataDir(dir string, log *slog.Logger) (created bool, err error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, dataDirMode); err != nil {
			return false, fmt.Errorf("%w: create data directory: %w", ErrStore, err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("%w: data directory: %w", ErrStore, err)
	case !fi.IsDir():
		return false, fmt.Errorf("%w: data directory %s is not a directory", ErrStore, dir)
	}
	if err := tighten(dir, fi.Mode(), dataDirMode, log); err != nil {
		return false, err
	}
	return false, nil
}

// prepareDatabase makes sure the database at path exists with mode 0600
// before SQLite opens it (SQLite gives its -wal and -shm files the
// database's mode), tightening wider existing files with a warning. It
// refuses a 0-byte database (with no WAL that could restore it) in a data
// directory that already existed: opening it would silently start over
// with no accounts and new secrets.
func prepareDatabase(path string, dirCreated bool, log *slog.Logger) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, dataFileMode)
		if err != nil {
			return fmt.Errorf("%w: create database: %w", ErrStore, err)
		}
		return f.Close()
	}
	if err != nil {
		return fmt.Errorf("%w: database: %w", ErrStore, err)
	}
	if fi.Size() == 0 && !dirCreated && !nonEmpty(path+"-wal") {
		return fmt.Errorf("%w: database %s is empty (0 bytes): refusing to start over with no accounts and new secrets; restore it from a backup, or remove it to start with an empty database", ErrStore, path)
	}
	for _, p := range append([]string{path}, companions(path)...) {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("%w: database: %w", ErrStore, err)
		}
		if err := tighten(p, fi.Mode(), dataFileMode, log); err != nil {
			return err
		}
	}
	return nil
}

func companions(path string) []string {
	out := make([]string, len(dbCompanions))
	for i, s := range dbCompanions {
		out[i] = path + s
	}
	return out
}

func nonEmpty(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Size() > 0
}

// tighten sets path's permissions to want when mode grants anything more,
// with a warning: what it held may already have been read.
func tighten(path string, mode fs.FileMode, want fs.FileMode, log *slog.Logger) error {
	if runtime.GOOS == "windows" || mode.Perm()&^want == 0 {
		return nil // Windows has no Unix permission bits to tighten
	}
	if err := os.Chmod(path, want|(mode.Perm()&want)); err != nil {
		return fmt.Errorf("%w: restrict %s to mode %v: %w", ErrStore, path, want, err)
	}
	log.Warn("data file was accessible to other users; restricted it (its signing secrets may have been read: remove the database to rotate them)",
		slog.String("path", filepath.Clean(path)), slog.String("was", mode.Perm().String()), slog.String("now", want.String()))
	return nil
}
