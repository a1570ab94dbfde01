package signaling

import (
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// claims are the claims Nakama puts in session and refresh tokens.
type claims struct {
	TokenID  string            `json:"tid"`
	UserID   string            `json:"uid"`
	Username string            `json:"usn"`
	Vars     map[string]string `json:"vrs,omitempty"`
	jwt.RegisteredClaims
}

// token is a parsed Nakama JWT with its expiry on the local clock.
type token struct {
	raw      string
	claims   claims
	lifetime time.Duration // exp - iat as issued
	expires  time.Time     // local clock
}

// parser reads tokens without verifying them: only the server holds the key,
// the client needs the claims for ids and expiry.
var parser = jwt.NewParser(jwt.WithoutClaimsValidation())

// parseToken decodes raw, received at local time now. The expiry is moved to
// the local clock (received + exp - iat) so a client whose clock is off does
// not refresh too late, and shortened by a second because exp and iat are
// whole seconds: a token issued at 12:00:00.9 with "exp" 12:00:01 lives only
// 0.1 s.
func parseToken(raw string, now time.Time) (token, error) {
	t := token{raw: raw}
	if _, _, err := parser.ParseUnverified(raw, &t.claims); err != nil {
		return token{}, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	if t.claims.UserID == "" {
		return token{}, fmt.Errorf("%w: no user id claim", ErrInvalidToken)
	}
	if t.claims.ExpiresAt == nil {
		return token{}, fmt.Errorf("%w: no expiry claim", ErrInvalidToken)
	}
	exp := t.claims.ExpiresAt.Time
	if t.claims.IssuedAt != nil && !t.claims.IssuedAt.After(exp) {
		t.lifetime = exp.Sub(t.claims.IssuedAt.Time)
		t.expires = now.Add(t.lifetime - time.Second)
	} else {
		t.lifetime = exp.Sub(now)
		t.expires = exp.Add(-time.Second)
	}
	return t, nil
}

// maxRefreshMargin caps how early a token is refreshed.
const maxRefreshMargin = 30 * time.Second

// stale reports whether the token should be replaced before use at now: it
// is refreshed once three quarters of its life have passed (at most 30 s
// before expiry), so a default 60 s token is refreshed after 44 s and the
// request that uses it never races its expiry.
func (t token) stale(now time.Time) bool {
	margin := min(t.lifetime/4, maxRefreshMargin)
	return !now.Before(t.expires.Add(-margin))
}
