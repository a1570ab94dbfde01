package flow

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The limits Nakama puts on what an account is made of.
const (
	MinEmailBytes    = 10
	MaxEmailBytes    = 255
	MinPasswordBytes = 8
	MaxPasswordBytes = 72 // bcrypt's limit
	MaxUsernameBytes = 128
)

// ValidateEmail checks the shape the server demands of an e-mail address:
// something@domain.tld, 10 to 255 bytes, no spaces or control characters.
// It returns an *Error matching ErrInvalidEmail, or nil.
func ValidateEmail(email string) error {
	if email == "" {
		return failure(ErrInvalidEmail, "Enter your e-mail address", nil)
	}
	local, domain, ok := strings.Cut(email, "@")
	dot := strings.LastIndexByte(domain, '.')
	if !ok || local == "" || dot <= 0 || dot == len(domain)-1 || !utf8.ValidString(email) || hasInvisible(email) {
		return failure(ErrInvalidEmail, "Enter an e-mail address like name@example.com", nil)
	}
	if len(email) < MinEmailBytes || len(email) > MaxEmailBytes {
		return failure(ErrInvalidEmail, "The e-mail address must be 10 to 255 characters long", nil)
	}
	return nil
}

// ValidatePassword checks that a password has 8 to 72 bytes. It returns an
// *Error matching ErrInvalidPassword, or nil.
func ValidatePassword(password string) error {
	switch {
	case len(password) < MinPasswordBytes:
		return failure(ErrInvalidPassword, "The password must be at least 8 characters long", nil)
	case len(password) > MaxPasswordBytes:
		return failure(ErrInvalidPassword, "The password must be at most 72 bytes long", nil)
	}
	return nil
}

// ValidateUsername checks that a username has 1 to 128 bytes of printable
// characters and no spaces, control or format characters (which would let
// one name pass for another). It returns an *Error matching
// ErrInvalidUsername, or nil.
func ValidateUsername(username string) error {
	switch {
	case username == "":
		return failure(ErrInvalidUsername, "Choose a username", nil)
	case len(username) > MaxUsernameBytes:
		return failure(ErrInvalidUsername, "The username must be at most 128 bytes long", nil)
	case !utf8.ValidString(username) || hasInvisible(username):
		return failure(ErrInvalidUsername, "The username can't hold spaces or invisible characters", nil)
	}
	return nil
}

// hasInvisible reports whether s holds a rune that is not printable or is a
// space of any kind (control and format characters are not printable).
func hasInvisible(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return true
		}
	}
	return false
}
