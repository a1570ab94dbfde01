package server

import "errors"

// ErrClosed indicates that the server has been closed.
var ErrClosed = errors.New("server closed")

// ErrConfig indicates an invalid server configuration.
var ErrConfig = errors.New("invalid config")

// ErrStore indicates that the data directory or its database could not be used.
var ErrStore = errors.New("store")

// Internal outcomes of store operations, mapped to Nakama's API errors.
var (
	errNotFound       = errors.New("not found")
	errUsernameInUse  = errors.New("username in use")
	errBadCredentials = errors.New("invalid credentials")
	errBadToken       = errors.New("invalid token")
)

// errMaxSubmissions reports a leaderboard record at its submission cap.
var errMaxSubmissions = errors.New("max number of score submissions reached")
