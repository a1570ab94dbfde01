package flow

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/fishgame/fishgame/signaling"
)

// The lines that say why a login is gone.
const (
	textLoginExpired = "Your login has expired: log in again"
	textLoginRefused = "The server no longer accepts your login (it may have been reset): log in again"
)

// Expired tells whether err means the server no longer accepts the
// session whose refresh token is refreshToken: a remembered session
// restored at launch cannot log in again once its refresh token is
// refused. It returns an *Error matching ErrSessionExpired that says why
// (the refresh token's time ran out at now, or the server refused it
// before, as a server with a new secret does), or nil when err is not
// about the session. The UI then shows the Connection screen with the
// error's text and, after login, returns to the screen it left.
func Expired(err error, refreshToken string, now time.Time) error {
	var se *signaling.Error
	if !errors.As(err, &se) || se.Status != http.StatusUnauthorized || se.Message == msgServerKeyInvalid {
		return nil
	}
	if exp, ok := tokenExpiry(refreshToken); ok && !now.Before(exp) {
		return failure(ErrSessionExpired, textLoginExpired, err)
	}
	return failure(ErrSessionExpired, textLoginRefused, err)
}

// msgServerKeyInvalid is Nakama's message for a wrong server key.
const msgServerKeyInvalid = "Server key invalid"

// maxTokenBytes bounds the tokens tokenExpiry decodes.
const maxTokenBytes = 8 << 10

// tokenExpiry reads the exp claim of a JWT without checking its signature
// (only the server holds the key): the time the token stops working.
func tokenExpiry(jwt string) (time.Time, bool) {
	if len(jwt) > maxTokenBytes {
		return time.Time{}, false
	}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	sec, err := claims.Exp.Int64()
	if err != nil || sec <= 0 {
		return time.Time{}, false
	}
	return time.Unix(sec, 0), true
}
