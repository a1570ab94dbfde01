package server

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// sessionClaims are the claims of Nakama session and refresh tokens.
type sessionClaims struct {
	TokenID  string            `json:"tid"`
	UserID   string            `json:"uid"`
	Username string            `json:"usn"`
	Vars     map[string]string `json:"vrs,omitempty"`
	jwt.RegisteredClaims
}

// matchClaims are the claims of a matchmaker match token.
type matchClaims struct {
	MatchID string `json:"mid"`
	jwt.RegisteredClaims
}

// tokens issues and verifies JWTs (HS256) and tracks live sessions: a token is
// valid only while its session (its tid) has not been logged out.
type tokens struct {
	store                  *store
	sessionKey, refreshKey []byte
	tokenTTL, refreshTTL   time.Duration
	matchTTL               time.Duration
	maxPerUser             int
	now                    func() time.Time
	mu                     sync.RWMutex
	live                   map[string]liveSession // by tid
	byUser                 map[string][]string    // user id -> live tids, oldest first
}

type liveSession struct {
	userID  string
	expires int64 // unix seconds: the refresh token's expiry
}

// newTokens loads (or generates) the signing secrets and the live sessions.
func newTokens(ctx context.Context, st *store, cfg Config) (*tokens, error) {
	t := &tokens{store: st, tokenTTL: cfg.TokenExpiry, refreshTTL: cfg.RefreshTokenExpiry,
		matchTTL: cfg.MatchTokenExpiry, maxPerUser: cfg.MaxSessionsPerUser, now: cfg.Now,
		live: make(map[string]liveSession), byUser: make(map[string][]string)}
	var err error
	if t.sessionKey, err = st.secret(ctx, "session_encryption_key", 32); err != nil {
		return nil, err
	}
	if t.refreshKey, err = st.secret(ctx, "refresh_encryption_key", 32); err != nil {
		return nil, err
	}
	now := st.unixNow()
	if _, err := st.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now); err != nil {
		return nil, fmt.Errorf("%w: prune sessions: %w", ErrStore, err)
	}
	// Every refresh token lives as long, so expiry order is issue order.
	rows, err := st.db.QueryContext(ctx, `SELECT token_id, user_id, expires_at FROM sessions ORDER BY expires_at, rowid`)
	if err != nil {
		return nil, fmt.Errorf("%w: load sessions: %w", ErrStore, err)
	}
	defer rows.Close()
	for rows.Next() {
		var tid string
		var s liveSession
		if err := rows.Scan(&tid, &s.userID, &s.expires); err != nil {
			return nil, fmt.Errorf("%w: load sessions: %w", ErrStore, err)
		}
		t.live[tid] = s
		t.byUser[s.userID] = append(t.byUser[s.userID], tid)
	}
	return t, rows.Err()
}

func (t *tokens) sign(claims jwt.Claims, key []byte) (string, error) {
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return s, nil
}

// issue starts a session for the user and returns its session and refresh
// tokens; beyond maxPerUser sessions, it ends the user's oldest.
func (t *tokens) issue(ctx context.Context, userID, username string, vars map[string]string) (string, string, error) {
	now := t.now()
	tid := uuid.NewString()
	refreshExp := now.Add(t.refreshTTL)
	if _, err := t.store.db.ExecContext(ctx, `INSERT INTO sessions (token_id, user_id, expires_at) VALUES (?, ?, ?)`,
		tid, userID, refreshExp.Unix()); err != nil {
		return "", "", fmt.Errorf("%w: record session: %w", ErrStore, err)
	}
	t.mu.Lock()
	t.live[tid] = liveSession{userID: userID, expires: refreshExp.Unix()}
	t.byUser[userID] = append(t.byUser[userID], tid)
	var ended []string
	if n := len(t.byUser[userID]) - t.maxPerUser; n > 0 {
		ended = slices.Clone(t.byUser[userID][:n])
		for _, old := range ended {
			t.forget(old)
		}
	}
	t.mu.Unlock()
	if err := t.deleteSessions(ctx, ended); err != nil {
		return "", "", err
	}
	c := sessionClaims{TokenID: tid, UserID: userID, Username: username, Vars: vars,
		RegisteredClaims: jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(now.Add(t.tokenTTL)), IssuedAt: jwt.NewNumericDate(now)}}
	token, err := t.sign(c, t.sessionKey)
	if err != nil {
		return "", "", err
	}
	c.ExpiresAt = jwt.NewNumericDate(refreshExp)
	refresh, err := t.sign(c, t.refreshKey)
	return token, refresh, err
}

// refresh issues a new session token for the session of a valid refresh
// token. The refresh token itself is not rotated. vars, when non-nil,
// replace the session variables.
func (t *tokens) refresh(refreshToken string, vars map[string]string) (string, error) {
	c, err := t.parseSession(refreshToken, t.refreshKey)
	if err != nil {
		return "", err
	}
	if vars != nil {
		c.Vars = vars
	}
	now := t.now()
	c.IssuedAt = jwt.NewNumericDate(now)
	c.ExpiresAt = jwt.NewNumericDate(now.Add(t.tokenTTL))
	return t.sign(c, t.sessionKey)
}

// verify returns the claims of a valid, live session token.
func (t *tokens) verify(token string) (*sessionClaims, error) {
	return t.parseSession(token, t.sessionKey)
}

// verifyRefresh returns the claims of a valid, live refresh token.
func (t *tokens) verifyRefresh(token string) (*sessionClaims, error) {
	return t.parseSession(token, t.refreshKey)
}

func (t *tokens) parseSession(token string, key []byte) (*sessionClaims, error) {
	c := &sessionClaims{}
	_, err := jwt.ParseWithClaims(token, c, func(*jwt.Token) (any, error) { return key, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithTimeFunc(t.now))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadToken, err)
	}
	if _, err := uuid.Parse(c.UserID); err != nil || c.TokenID == "" {
		return nil, fmt.Errorf("%w: bad claims", errBadToken)
	}
	t.mu.RLock()
	s, ok := t.live[c.TokenID]
	t.mu.RUnlock()
	if !ok || s.userID != c.UserID {
		return nil, fmt.Errorf("%w: session ended", errBadToken)
	}
	return c, nil
}

// forget drops a live session from memory; t.mu must be held.
func (t *tokens) forget(tid string) {
	s, ok := t.live[tid]
	if !ok {
		return
	}
	delete(t.live, tid)
	if tids := slices.DeleteFunc(t.byUser[s.userID], func(x string) bool { return x == tid }); len(tids) > 0 {
		t.byUser[s.userID] = tids
	} else {
		delete(t.byUser, s.userID)
	}
}

// deleteSessions removes ended sessions from the database.
func (t *tokens) deleteSessions(ctx context.Context, tids []string) error {
	for _, tid := range tids {
		if _, err := t.store.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_id = ?`, tid); err != nil {
			return fmt.Errorf("%w: end session: %w", ErrStore, err)
		}
	}
	return nil
}

// logout ends the sessions with the given token ids that belong to userID.
func (t *tokens) logout(ctx context.Context, userID string, tids ...string) error {
	var ended []string
	t.mu.Lock()
	for _, tid := range tids {
		if s, ok := t.live[tid]; ok && s.userID == userID {
			t.forget(tid)
			ended = append(ended, tid)
		}
	}
	t.mu.Unlock()
	return t.deleteSessions(ctx, ended)
}

// logoutAll ends every session of userID.
func (t *tokens) logoutAll(ctx context.Context, userID string) error {
	t.mu.Lock()
	for _, tid := range slices.Clone(t.byUser[userID]) {
		t.forget(tid)
	}
	t.mu.Unlock()
	if _, err := t.store.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("%w: end sessions: %w", ErrStore, err)
	}
	return nil
}

// prune forgets sessions whose refresh token has expired.
func (t *tokens) prune(ctx context.Context) error {
	now := t.now().Unix()
	t.mu.Lock()
	for tid, s := range t.live {
		if s.expires < now {
			t.forget(tid)
		}
	}
	t.mu.Unlock()
	if _, err := t.store.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now); err != nil {
		return fmt.Errorf("%w: prune sessions: %w", ErrStore, err)
	}
	return nil
}

// matchToken returns a matchmaker token that lets its holder join matchID.
func (t *tokens) matchToken(matchID string) (string, error) {
	now := t.now()
	return t.sign(matchClaims{MatchID: matchID, RegisteredClaims: jwt.RegisteredClaims{
		ExpiresAt: jwt.NewNumericDate(now.Add(t.matchTTL))}}, t.sessionKey)
}

// verifyMatchToken returns the match id of a valid, unexpired matchmaker token.
func (t *tokens) verifyMatchToken(token string) (string, error) {
	c := &matchClaims{}
	_, err := jwt.ParseWithClaims(token, c, func(*jwt.Token) (any, error) { return t.sessionKey, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithTimeFunc(t.now))
	if err != nil {
		return "", fmt.Errorf("%w: %w", errBadToken, err)
	}
	if c.MatchID == "" {
		return "", fmt.Errorf("%w: no match id", errBadToken)
	}
	return c.MatchID, nil
}
