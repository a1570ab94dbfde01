package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"
)

// account is a user row with its device ids.
type account struct {
	id, username, email, langTag string
	createTime, updateTime       int64
	devices                      []string
}

// isUniqueViolation reports whether err is a SQLite UNIQUE/PRIMARY KEY
// constraint failure on the given column ("users.username").
func isUniqueViolation(err error, column string) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: "+column)
}

// authenticateDevice finds the user owning deviceID or, when create is set,
// creates one named username with that device. It returns the user id, its
// username and whether it was created.
func (s *store) authenticateDevice(ctx context.Context, deviceID, username string, create bool) (string, string, bool, error) {
	var id, name string
	err := s.db.QueryRowContext(ctx, `SELECT u.id, u.username FROM user_devices d JOIN users u ON u.id = d.user_id
		WHERE d.id = ?`, deviceID).Scan(&id, &name)
	switch {
	case err == nil:
		return id, name, false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", "", false, fmt.Errorf("%w: find device: %w", ErrStore, err)
	case !create:
		return "", "", false, errNotFound
	}
	id = uuid.NewString()
	now := s.unixNow()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", "", false, fmt.Errorf("%w: begin: %w", ErrStore, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, username, create_time, update_time) VALUES (?, ?, ?, ?)`,
		id, username, now, now); err != nil {
		if isUniqueViolation(err, "users.username") {
			return "", "", false, errUsernameInUse
		}
		return "", "", false, fmt.Errorf("%w: create user: %w", ErrStore, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO user_devices (id, user_id) VALUES (?, ?)`, deviceID, id); err != nil {
		if isUniqueViolation(err, "user_devices.id") {
			// Linked concurrently by another request: use that account.
			tx.Rollback()
			return s.authenticateDevice(ctx, deviceID, username, false)
		}
		return "", "", false, fmt.Errorf("%w: link device: %w", ErrStore, err)
	}
	if err := tx.Commit(); err != nil {
		return "", "", false, fmt.Errorf("%w: commit: %w", ErrStore, err)
	}
	return id, username, true, nil
}

// authenticateEmail checks email and password, or creates the account when it
// does not exist and create is set. email must already be lower-cased.
func (s *store) authenticateEmail(ctx context.Context, email, password, username string, create bool, cost int) (string, string, bool, error) {
	var id, name string
	var hash []byte
	err := s.db.QueryRowContext(ctx, `SELECT id, username, password FROM users WHERE email = ?`, email).Scan(&id, &name, &hash)
	switch {
	case err == nil:
		if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil {
			return "", "", false, errBadCredentials
		}
		return id, name, false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", "", false, fmt.Errorf("%w: find email: %w", ErrStore, err)
	case !create:
		return "", "", false, errNotFound
	}
	hash, err = bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", "", false, fmt.Errorf("hash password: %w", err)
	}
	id = uuid.NewString()
	now := s.unixNow()
	_, err = s.db.ExecContext(ctx, `INSERT INTO users (id, username, email, password, create_time, update_time)
		VALUES (?, ?, ?, ?, ?, ?)`, id, username, email, hash, now, now)
	switch {
	case isUniqueViolation(err, "users.username"):
		return "", "", false, errUsernameInUse
	case isUniqueViolation(err, "users.email"):
		// Created concurrently by another request: authenticate against it.
		return s.authenticateEmail(ctx, email, password, username, false, cost)
	case err != nil:
		return "", "", false, fmt.Errorf("%w: create user: %w", ErrStore, err)
	}
	return id, username, true, nil
}

// account returns the user with id and its devices.
func (s *store) account(ctx context.Context, id string) (account, error) {
	a := account{id: id}
	var email sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT username, email, lang_tag, create_time, update_time FROM users WHERE id = ?`, id).
		Scan(&a.username, &email, &a.langTag, &a.createTime, &a.updateTime)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errNotFound
	}
	if err != nil {
		return a, fmt.Errorf("%w: read account: %w", ErrStore, err)
	}
	a.email = email.String
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM user_devices WHERE user_id = ? ORDER BY id`, id)
	if err != nil {
		return a, fmt.Errorf("%w: read devices: %w", ErrStore, err)
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return a, fmt.Errorf("%w: read devices: %w", ErrStore, err)
		}
		a.devices = append(a.devices, d)
	}
	return a, rows.Err()
}

// usernames returns the username of each existing user among ids.
func (s *store) usernames(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		var name string
		err := s.db.QueryRowContext(ctx, `SELECT username FROM users WHERE id = ?`, id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%w: read users: %w", ErrStore, err)
		}
		out[id] = name
	}
	return out, nil
}

// userIDsByUsername returns the id of each existing user among names.
func (s *store) userIDsByUsername(ctx context.Context, names []string) (map[string]string, error) {
	out := make(map[string]string, len(names))
	for _, n := range names {
		var id string
		err := s.db.QueryRowContext(ctx, `SELECT id FROM users WHERE username = ?`, n).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%w: read users: %w", ErrStore, err)
		}
		out[id] = n
	}
	return out, nil
}
