package flow

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Modes of the files the game keeps: only the player may read them.
const (
	dirMode  fs.FileMode = 0o700
	fileMode fs.FileMode = 0o600
)

// ConfigDir returns the directory the game keeps the player's settings and
// remembered login in: os.UserConfigDir()/fishgame.
func ConfigDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config dir: %w", err)
	}
	return filepath.Join(dir, "fishgame"), nil
}

// readPrivate reads dir/name; a missing file is (nil, nil).
func readPrivate(dir, name string) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// writePrivate replaces dir/name with data, atomically, mode 0600 in a
// directory made 0700: a crash leaves the old file or the new one, and no
// other user can read either.
func writePrivate(dir, name string, data []byte) error {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil {
		return err
	} else if st.Mode().Perm()&^dirMode != 0 {
		if err := os.Chmod(dir, dirMode); err != nil {
			return err
		}
	}
	f, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after the rename, there is nothing left to remove
	if err := f.Chmod(fileMode); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, name))
}

// removePrivate deletes dir/name; a missing file is no error.
func removePrivate(dir, name string) error {
	err := os.Remove(filepath.Join(dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
