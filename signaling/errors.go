package signaling

import (
	"errors"
	"fmt"
	"net/http"
)

var (
	// ErrUnauthorized indicates that the server answered 401: a bad server
	// key, a missing, invalid or revoked token, or rejected credentials.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrInvalidCredentials indicates that an authentication was refused
	// because the password is wrong for an existing email (which is also what
	// registering an email already in use looks like) or the requested
	// username is taken.
	ErrInvalidCredentials = errors.New("wrong password, or email or username already in use")
	// ErrNotFound indicates that the server answered 404: an unknown account
	// with create=false, an unknown leaderboard or RPC.
	ErrNotFound = errors.New("not found")
	// ErrLoggedOut indicates that the session was logged out and can no
	// longer be used.
	ErrLoggedOut = errors.New("session logged out")
	// ErrInvalidToken indicates that a session token is not a readable JWT
	// with the claims Nakama puts in it.
	ErrInvalidToken = errors.New("invalid session token")
	// ErrSocketClosed indicates that the realtime socket is closed, either
	// by Close or because the connection dropped; Socket.Err tells which.
	ErrSocketClosed = errors.New("socket closed")
	// ErrRequestTimeout indicates that a socket request got no reply within
	// the socket's request timeout.
	ErrRequestTimeout = errors.New("socket request timed out")
	// ErrFrameTooLarge indicates that an outgoing socket frame would exceed
	// the server's inbound frame limit, which would make it close the socket.
	ErrFrameTooLarge = errors.New("frame exceeds the server's size limit")
	// ErrSlowConsumer indicates that the socket was closed because nobody
	// read Socket.Events for too long while an event had to be delivered.
	ErrSlowConsumer = errors.New("socket events not consumed")
	// ErrBadResponse indicates a server reply that could not be decoded or
	// that lacks what the request must return.
	ErrBadResponse = errors.New("bad server response")
	// ErrInvalidArgument indicates a request the client refuses to send
	// because the server would reject it.
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrMalformed indicates a signaling payload that does not decode:
	// wrong length, unknown version or out-of-range field.
	ErrMalformed = errors.New("malformed signaling message")
	// ErrNotMember indicates match data whose server-stamped sender is not a
	// member of the match (or is missing, or is ourselves).
	ErrNotMember = errors.New("sender is not a match member")
	// ErrNotAddressed indicates a signaling message addressed to another
	// session.
	ErrNotAddressed = errors.New("message not addressed to us")
	// ErrUnknownOp indicates match data with an op code this protocol does
	// not define.
	ErrUnknownOp = errors.New("unknown signaling op code")
	// ErrLimit indicates that a peer exceeded a reassembly or holding limit
	// (too many chunks, too large a description, too many pending messages).
	ErrLimit = errors.New("signaling limit exceeded")
	// ErrVersionMismatch indicates a peer running another client version;
	// the error is a *VersionError.
	ErrVersionMismatch = errors.New("client version mismatch")
)

// Error is an error answer from the Nakama REST API: the HTTP status and the
// gRPC code and message from the body {"code": ..., "message": ...}.
//
// It matches ErrUnauthorized (401), ErrNotFound (404) and
// ErrInvalidCredentials (a 401 "Invalid credentials." on authentication, or
// a 409 conflict) with errors.Is.
type Error struct {
	// Op is the operation that failed, like "authenticate email".
	Op string
	// Status is the HTTP status code.
	Status int
	// Code is the gRPC status code from the body (16 unauthenticated, 5 not
	// found, 6 already exists, 3 invalid argument, ...), 0 if absent.
	Code int
	// Message is the server's message, like "Invalid credentials.".
	Message string

	auth bool // the request was an authentication
}

// Error implements error.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("%s: %s (http %d, code %d)", e.Op, msg, e.Status, e.Code)
}

// Is reports whether the error matches one of the package's sentinels.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrInvalidCredentials:
		return e.Status == http.StatusConflict ||
			(e.auth && e.Status == http.StatusUnauthorized && e.Message != msgServerKeyInvalid)
	}
	return false
}

// msgServerKeyInvalid is Nakama's message for a wrong server key, the one
// 401 on authentication that is not about the user's credentials.
const msgServerKeyInvalid = "Server key invalid"

// RealtimeError is an error envelope from the realtime socket, either the
// reply to a request or (for match data) an event without cid. Codes are
// rtapi.Error_Code values: 3 bad input, 4 match not found, 5 match join
// rejected, and so on.
type RealtimeError struct {
	// Code is the rtapi error code.
	Code int32
	// Message is the server's message, like "Match not found".
	Message string
	// Context holds the server's optional extra details.
	Context map[string]string
}

// Error implements error.
func (e *RealtimeError) Error() string {
	return fmt.Sprintf("nakama realtime error %d: %s", e.Code, e.Message)
}

// CloseError reports that the server closed the socket with a WebSocket
// close frame: 1000 with a reason such as "received malformed payload" for
// Nakama's fatal errors, 1009 for a frame above its size limit. It matches
// ErrSocketClosed.
type CloseError struct {
	// Code is the WebSocket close code.
	Code int
	// Reason is the close reason text.
	Reason string
}

// Error implements error.
func (e *CloseError) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("socket closed by server (code %d)", e.Code)
	}
	return fmt.Sprintf("socket closed by server (code %d): %s", e.Code, e.Reason)
}

// Is reports whether target is ErrSocketClosed.
func (e *CloseError) Is(target error) bool { return target == ErrSocketClosed }

// VersionError reports a peer whose hello carries another client version.
// It matches ErrVersionMismatch.
type VersionError struct {
	// Local is our client version.
	Local string
	// Remote is the version the peer announced.
	Remote string
	// Username is the peer's username, for the message.
	Username string
}

// Error implements error.
func (e *VersionError) Error() string {
	return fmt.Sprintf("player %q runs client version %q, we run %q: both must run the same version",
		e.Username, e.Remote, e.Local)
}

// Is reports whether target is ErrVersionMismatch.
func (e *VersionError) Is(target error) bool { return target == ErrVersionMismatch }
