package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// dbFile is the database file name inside the data directory.
const dbFile = "fishgame.db"

const schema = `
CREATE TABLE IF NOT EXISTS settings (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
	id          TEXT PRIMARY KEY,
	username    TEXT NOT NULL UNIQUE,
	email       TEXT UNIQUE,
	password    BLOB,
	lang_tag    TEXT NOT NULL DEFAULT 'en',
	create_time INTEGER NOT NULL,
	update_time INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS user_devices (
	id      TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX IF NOT EXISTS user_devices_user_id ON user_devices (user_id);
CREATE TABLE IF NOT EXISTS sessions (
	token_id   TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS leaderboards (
	id          TEXT PRIMARY KEY,
	sort_order  TEXT NOT NULL,
	operator    TEXT NOT NULL,
	create_time INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS leaderboard_records (
	leaderboard_id TEXT NOT NULL,
	owner_id       TEXT NOT NULL,
	username       TEXT NOT NULL,
	score          INTEGER NOT NULL,
	subscore       INTEGER NOT NULL,
	num_score      INTEGER NOT NULL,
	metadata       TEXT NOT NULL,
	create_time    INTEGER NOT NULL,
	update_time    INTEGER NOT NULL,
	PRIMARY KEY (leaderboard_id, owner_id)
);
CREATE INDEX IF NOT EXISTS leaderboard_records_rank
	ON leaderboard_records (leaderboard_id, score DESC, subscore DESC, update_time, owner_id);
`

// store is the server's SQLite database.
type store struct {
	db  *sql.DB
	now func() time.Time
}

// openStore opens (creating if needed) the database in dir.
func openStore(ctx context.Context, dir string, now func() time.Time, log *slog.Logger) (*store, error) {
	created, err := prepareDataDir(dir, log)
	if err != nil {
		return nil, err
	}
	if err := prepareDatabase(filepath.Join(dir, dbFile), created, log); err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(5000)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	dsn := "file:" + filepath.Join(dir, dbFile) + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("%w: open database: %w", ErrStore, err)
	}
	// One connection: SQLite has a single writer anyway, and this keeps every
	// transaction free of SQLITE_BUSY. Hot paths never touch the database.
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: create schema in %s: %w", ErrStore, dir, err)
	}
	return &store{db: db, now: now}, nil
}

func (s *store) close() error { return s.db.Close() }

// secret returns the random secret stored under key, generating and storing
// n random bytes on first use.
func (s *store) secret(ctx context.Context, key string, n int) ([]byte, error) {
	var v []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err == nil && len(v) >= n {
		return v, nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: read %s: %w", ErrStore, key, err)
	}
	v = make([]byte, n)
	if _, err := rand.Read(v); err != nil {
		return nil, fmt.Errorf("%w: generate %s: %w", ErrStore, key, err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, v); err != nil {
		return nil, fmt.Errorf("%w: store %s: %w", ErrStore, key, err)
	}
	return v, nil
}

// unixNow returns the store clock in whole seconds, the precision of every
// timestamp the API returns.
func (s *store) unixNow() int64 { return s.now().Unix() }
