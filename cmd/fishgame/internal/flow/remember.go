package flow

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fishgame/fishgame/signaling"
)

// loginFile is the remembered login's file in the config dir.
const loginFile = "login.json"

// Remembered is what the game keeps of a login between launches: the
// session's refresh token when the player asked to be remembered, and the
// guest's device id, never a password.
type Remembered struct {
	// Server is the URL of the server the refresh token belongs to.
	Server string `json:"server,omitempty"`
	// RefreshToken resumes the session; empty when nobody is remembered.
	RefreshToken string `json:"refresh_token,omitempty"`
	// Guest tells that the remembered session is the guest's, which can
	// always log in again with DeviceID.
	Guest bool `json:"guest,omitempty"`
	// DeviceID is the guest's device id, kept so that a guest is the same
	// player on every launch.
	DeviceID string `json:"device_id,omitempty"`
}

// Remember keeps the remembered login in a directory (ConfigDir for the
// player; a temporary one in tests), in a file only the player can read.
type Remember struct {
	dir string
}

// NewRemember keeps the remembered login in dir.
func NewRemember(dir string) *Remember { return &Remember{dir: dir} }

// Load returns what is remembered; nothing remembered is the zero value.
func (r *Remember) Load() (Remembered, error) {
	b, err := readPrivate(r.dir, loginFile)
	if err != nil || b == nil {
		return Remembered{}, err
	}
	var m Remembered
	if err := json.Unmarshal(b, &m); err != nil {
		return Remembered{}, fmt.Errorf("remembered login %s: %w", loginFile, err)
	}
	return m, nil
}

func (r *Remember) save(m Remembered) error {
	if m == (Remembered{}) {
		return removePrivate(r.dir, loginFile)
	}
	b, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return err
	}
	return writePrivate(r.dir, loginFile, append(b, '\n'))
}

// DeviceID returns the guest's device id, making and keeping a new one the
// first time.
func (r *Remember) DeviceID() (string, error) {
	m, err := r.Load()
	if err != nil {
		m = Remembered{} // unreadable: start over rather than fail the guest
	}
	if m.DeviceID != "" {
		return m.DeviceID, nil
	}
	var b [16]byte
	rand.Read(b[:])
	m.DeviceID = "fishgame-" + hex.EncodeToString(b[:])
	if err := r.save(m); err != nil {
		return "", fmt.Errorf("keep device id: %w", err)
	}
	return m.DeviceID, nil
}

// Keep remembers sess, a session on the server at serverURL (guest tells
// whether it is the guest's), so that the next launch resumes it.
func (r *Remember) Keep(serverURL string, sess *signaling.Session, guest bool) error {
	tok := sess.RefreshToken()
	if tok == "" {
		return fmt.Errorf("remember login: %w: the server gave no refresh token", signaling.ErrBadResponse)
	}
	m, err := r.Load()
	if err != nil {
		m = Remembered{}
	}
	m.Server, m.RefreshToken, m.Guest = serverURL, tok, guest
	if err := r.save(m); err != nil {
		return fmt.Errorf("remember login: %w", err)
	}
	return nil
}

// Forget forgets the remembered session and the guest's device id.
func (r *Remember) Forget() error {
	if err := removePrivate(r.dir, loginFile); err != nil {
		return fmt.Errorf("forget login: %w", err)
	}
	return nil
}

// LogOut ends sess on the server and forgets everything remembered; the
// login is forgotten even when the server could not be told.
func (r *Remember) LogOut(ctx context.Context, sess *signaling.Session) error {
	return errors.Join(sess.Logout(ctx), r.Forget())
}

// ForgetSession forgets the remembered session but keeps the guest's
// device id: a login without "Remember me".
func (r *Remember) ForgetSession() error {
	m, err := r.Load()
	if err != nil {
		return r.Forget()
	}
	m.Server, m.RefreshToken, m.Guest = "", "", false
	if err := r.save(m); err != nil {
		return fmt.Errorf("forget session: %w", err)
	}
	return nil
}

// Resume logs in silently with what is remembered for a's server. With
// nothing remembered for it, it returns (nil, nil) and the player chooses
// how to log in. A remembered guest logs in with the device id, so that
// the session never expires; anyone else resumes the session from its
// refresh token. A refused refresh token is forgotten and gives an *Error
// matching ErrSessionExpired saying why (now tells whether the token ran
// out); an unreachable server keeps it for the next try.
func (r *Remember) Resume(ctx context.Context, a *Accounts, now time.Time) (*signaling.Session, error) {
	m, err := r.Load()
	if err != nil {
		r.Forget()
		return nil, failure(ErrSessionExpired, "Your saved login could not be read: log in again", err)
	}
	switch {
	case m.Server != a.url:
		return nil, nil
	case m.Guest && m.DeviceID != "":
		return a.Guest(ctx, m.DeviceID)
	case m.RefreshToken == "":
		return nil, nil
	}
	sess, err := a.client.Restore(ctx, m.RefreshToken)
	if err == nil {
		return sess, nil
	}
	expired := Expired(err, m.RefreshToken, now)
	if expired == nil {
		return nil, a.explain(err, false) // unreachable or the server key: keep the login for later
	}
	if err := r.ForgetSession(); err != nil {
		return nil, err
	}
	return nil, expired
}
