package ice

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // HMAC-SHA1 is what the TURN REST API specifies.
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// DefaultCredentialTTL is how long TURN credentials stay valid when no TTL is
// configured: long enough for a session of matches, since the TURN client
// refreshes its allocation with the same credentials.
const DefaultCredentialTTL = 12 * time.Hour

// Credentials returns TURN REST API credentials for userID that expire at
// expires: username "<expiry-unix>:<userID>" and password
// base64(HMAC-SHA1(secret, username)).
func Credentials(secret, userID string, expires time.Time) (username, password string) {
	username = strconv.FormatInt(expires.Unix(), 10) + ":" + userID
	return username, credentialPassword(secret, username)
}

func credentialPassword(secret, username string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(username))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// parseCredentialUsername splits a TURN REST username into its expiry and
// user id. A username without a user id ("<expiry>") is accepted, as coturn
// does.
func parseCredentialUsername(username string) (expires time.Time, userID string, ok bool) {
	ts, user, _ := strings.Cut(username, ":")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sec <= 0 {
		return time.Time{}, "", false
	}
	return time.Unix(sec, 0), user, true
}
