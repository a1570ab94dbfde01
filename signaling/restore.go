package signaling

import (
	"context"
	"fmt"

	"github.com/heroiclabs/nakama-common/api"
)

// Restore resumes a remembered session from its refresh token, without the
// credentials it was created with: a player who asked to be remembered
// logs in silently on the next launch. When the refresh token is later
// refused (it expired, was revoked, or the server has a new secret) the
// session cannot log in again: its calls fail with ErrUnauthorized.
func (c *Client) Restore(ctx context.Context, refreshToken string) (*Session, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("restore session: empty refresh token: %w", ErrInvalidArgument)
	}
	login := func(ctx context.Context) (*api.Session, error) {
		return c.refresh(ctx, refreshToken)
	}
	return c.newSession(ctx, login)
}

// RefreshToken returns the session's refresh token ("" when the server
// gave none), the only secret a remembered login keeps.
func (s *Session) RefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refresh.raw
}
