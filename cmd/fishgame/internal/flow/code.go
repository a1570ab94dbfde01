package flow

import (
	"crypto/rand"
	"strings"

	"github.com/google/uuid"
)

// ShareCodeAlphabet is the alphabet of share codes: digits and capital
// letters without the look-alikes 0/O and 1/I/L.
const ShareCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// ShareCodeLength is the number of characters of a share code.
const ShareCodeLength = 6

// matchNamePrefix starts the name of every private match: a code's match
// is the named match of this prefix and the code.
const matchNamePrefix = "fishgame-private-"

// ShareCode is the short code that names a private match, like "K7M2QX".
// Players type it to join; it works on a stock Nakama because the match is
// the named match MatchName, whose id every client derives the same way.
type ShareCode string

// NewShareCode returns a random share code.
func NewShareCode() ShareCode {
	var b [ShareCodeLength]byte
	for i := range b {
		b[i] = ShareCodeAlphabet[randIndex(len(ShareCodeAlphabet))]
	}
	return ShareCode(b[:])
}

// randIndex returns a uniform random number in 0..n-1 (n at most 256).
func randIndex(n int) int {
	limit := 256 / n * n // refuse the bytes that would favour small results
	var b [1]byte
	for {
		rand.Read(b[:])
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}

// ParseShareCode reads a code as a player types or pastes it: case does
// not matter, and spaces and dashes are skipped ("k7m 2qx" is "K7M2QX").
// Anything else is an *Error matching ErrInvalidCode.
func ParseShareCode(s string) (ShareCode, error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\r':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if r > 0x7f || !strings.ContainsRune(ShareCodeAlphabet, r) || b.Len() == ShareCodeLength {
			return "", failure(ErrInvalidCode, "A code is 6 letters and digits, like K7M2QX", nil)
		}
		b.WriteRune(r)
	}
	if b.Len() != ShareCodeLength {
		return "", failure(ErrInvalidCode, "A code is 6 letters and digits, like K7M2QX", nil)
	}
	return ShareCode(b.String()), nil
}

// String returns the code.
func (c ShareCode) String() string { return string(c) }

// MatchName returns the name of the code's match, for creating it.
func (c ShareCode) MatchName() string { return matchNamePrefix + string(c) }

// MatchID returns the id of the code's match, for joining it without
// creating it: Nakama's id of a named relayed match, the UUIDv5 of the
// name in the DNS namespace followed by ".".
func (c ShareCode) MatchID() string {
	return uuid.NewSHA1(uuid.NameSpaceDNS, []byte(c.MatchName())).String() + "."
}
