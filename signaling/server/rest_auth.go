package server

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/heroiclabs/nakama-common/api"
)

var (
	invalidCharsRegex = regexp.MustCompilePOSIX("([[:cntrl:]]|[[:space:]])+")
	emailRegex        = regexp.MustCompile(`^.+@.+\..+$`)
)

// maxPasswordBytes is bcrypt's limit: it refuses longer passwords.
const maxPasswordBytes = 72

// usernameAlphabet is the alphabet of generated usernames, as in Nakama.
const usernameAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// generateUsername returns a random 10-letter username.
func generateUsername() string {
	var b [10]byte
	for i := range b {
		b[i] = usernameAlphabet[rand.IntN(len(usernameAlphabet))]
	}
	return string(b[:])
}

// authQuery reads the create and username query parameters of an
// authenticate request.
func authQuery(r *http.Request) (create bool, username string, e *apiError) {
	q := r.URL.Query()
	create = true
	if v := q.Get("create"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, "", newAPIError(http.StatusBadRequest, codeInvalidArgument, "Invalid create parameter.")
		}
		create = b
	}
	username = q.Get("username")
	switch {
	case username == "":
		username = generateUsername()
	case !utf8.ValidString(username) || invalidCharsRegex.MatchString(username) || hasInvisible(username):
		// Invalid UTF-8 could not be encoded back in any JSON reply;
		// invisible and bidirectional characters would let one name pass
		// for another.
		return false, "", newAPIError(http.StatusBadRequest, codeInvalidArgument, "Username invalid, no spaces or control characters allowed.")
	case len(username) > 128:
		return false, "", newAPIError(http.StatusBadRequest, codeInvalidArgument, "Username invalid, must be 1-128 bytes.")
	}
	return create, username, nil
}

// hasInvisible reports whether s holds a control or format character
// (unicode.Cc, unicode.Cf: U+200B zero width space, U+202E right-to-left
// override, ...) or any Unicode space, none of which belongs in a username.
func hasInvisible(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			return true
		}
	}
	return false
}

// authError maps a store authentication failure to Nakama's API error.
func (s *Server) authError(err error) *apiError {
	switch {
	case errors.Is(err, errNotFound):
		return newAPIError(http.StatusNotFound, codeNotFound, "User account not found.")
	case errors.Is(err, errUsernameInUse):
		return newAPIError(http.StatusConflict, codeAlreadyExists, "Username is already in use.")
	case errors.Is(err, errBadCredentials):
		return newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Invalid credentials.")
	default:
		return s.internalError("Error finding or creating user account.", err)
	}
}

// session issues the tokens of a new session and writes the response.
func (s *Server) writeSession(w http.ResponseWriter, r *http.Request, userID, username string, created bool, vars map[string]string) *apiError {
	token, refresh, err := s.tokens.issue(r.Context(), userID, username, vars)
	if err != nil {
		return s.internalError("Error creating session.", err)
	}
	writeJSON(w, &api.Session{Created: created, Token: token, RefreshToken: refresh})
	return nil
}

func (s *Server) handleAuthenticateDevice(w http.ResponseWriter, r *http.Request) *apiError {
	if e := s.checkServerKey(r); e != nil {
		return e
	}
	if e := s.throttleIP(w, r); e != nil {
		return e
	}
	var in api.AccountDevice
	if e := readBody(r, &in); e != nil {
		return e
	}
	switch {
	case in.Id == "":
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Device ID is required.")
	case invalidCharsRegex.MatchString(in.Id):
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Device ID invalid, no spaces or control characters allowed.")
	case len(in.Id) < 10 || len(in.Id) > 128:
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Device ID invalid, must be 10-128 bytes.")
	}
	create, username, e := authQuery(r)
	if e != nil {
		return e
	}
	if e := s.throttleAccount(w, "device:"+in.Id); e != nil {
		return e
	}
	userID, username, created, err := s.store.authenticateDevice(r.Context(), in.Id, username, create)
	if err != nil {
		return s.authError(err)
	}
	return s.writeSession(w, r, userID, username, created, in.Vars)
}

func (s *Server) handleAuthenticateEmail(w http.ResponseWriter, r *http.Request) *apiError {
	if e := s.checkServerKey(r); e != nil {
		return e
	}
	if e := s.throttleIP(w, r); e != nil {
		return e
	}
	var in api.AccountEmail
	if e := readBody(r, &in); e != nil {
		return e
	}
	switch {
	case in.Email == "" || in.Password == "":
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Email address and password is required.")
	case invalidCharsRegex.MatchString(in.Email):
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Invalid email address, no spaces or control characters allowed.")
	case !emailRegex.MatchString(in.Email):
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Invalid email address format.")
	case len(in.Email) < 10 || len(in.Email) > 255:
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Invalid email address, must be 10-255 bytes.")
	case len(in.Password) < 8:
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Password must be at least 8 characters long.")
	case len(in.Password) > maxPasswordBytes:
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Password must be at most 72 bytes long.")
	}
	create, username, e := authQuery(r)
	if e != nil {
		return e
	}
	email := strings.ToLower(in.Email)
	if e := s.throttleAccount(w, "email:"+email); e != nil {
		return e
	}
	userID, username, created, err := s.store.authenticateEmail(r.Context(), email, in.Password, username, create, s.cfg.BcryptCost)
	if err != nil {
		return s.authError(err)
	}
	return s.writeSession(w, r, userID, username, created, in.Vars)
}

func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) *apiError {
	if e := s.checkServerKey(r); e != nil {
		return e
	}
	var in api.SessionRefreshRequest
	if e := readBody(r, &in); e != nil {
		return e
	}
	if in.Token == "" {
		return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Refresh token is required.")
	}
	token, err := s.tokens.refresh(in.Token, in.Vars)
	if err != nil {
		return newAPIError(http.StatusUnauthorized, codeUnauthenticated, "Refresh token invalid or expired.")
	}
	writeJSON(w, &api.Session{Token: token, RefreshToken: in.Token})
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) *apiError {
	c, e := s.bearer(r)
	if e != nil {
		return e
	}
	var in api.SessionLogoutRequest
	if e := readBody(r, &in); e != nil {
		return e
	}
	var err error
	if in.Token == "" && in.RefreshToken == "" {
		err = s.tokens.logoutAll(r.Context(), c.UserID)
	} else {
		var tids []string
		if t, verr := s.tokens.verify(in.Token); verr == nil {
			tids = append(tids, t.TokenID)
		}
		if t, verr := s.tokens.verifyRefresh(in.RefreshToken); verr == nil {
			tids = append(tids, t.TokenID)
		}
		err = s.tokens.logout(r.Context(), c.UserID, tids...)
	}
	if err != nil {
		return s.internalError("Error logging out.", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte("{}"))
	return nil
}
