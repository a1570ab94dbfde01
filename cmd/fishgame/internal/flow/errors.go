package flow

import "errors"

// The reasons a step of the journey fails. Every failure the flow returns
// is an *Error matching one of them with errors.Is; its Error method gives
// the line the player reads.
var (
	// ErrInvalidEmail indicates an e-mail address the server would refuse.
	ErrInvalidEmail = errors.New("invalid e-mail address")
	// ErrInvalidPassword indicates a password outside 8 to 72 bytes.
	ErrInvalidPassword = errors.New("invalid password")
	// ErrInvalidUsername indicates a username outside 1 to 128 bytes or
	// holding spaces, control or format characters.
	ErrInvalidUsername = errors.New("invalid username")
	// ErrEmailInUse indicates an account creation for an e-mail that already
	// has an account with another password.
	ErrEmailInUse = errors.New("e-mail already in use")
	// ErrWrongPassword indicates a log-in with an unknown e-mail or a wrong
	// password (the two are not told apart).
	ErrWrongPassword = errors.New("wrong e-mail or password")
	// ErrUsernameTaken indicates an account creation with a username
	// another account has.
	ErrUsernameTaken = errors.New("username already taken")
	// ErrUnreachable indicates a server that could not be reached.
	ErrUnreachable = errors.New("server unreachable")
	// ErrServerKey indicates a server that refused the server key.
	ErrServerKey = errors.New("server refused the server key")
	// ErrServer indicates any other refusal or failure of the server.
	ErrServer = errors.New("server error")
	// ErrSessionExpired indicates a remembered or running session the
	// server no longer accepts: the player must log in again.
	ErrSessionExpired = errors.New("session expired")
)

// Error is a failure of the flow in words for the player. It matches its
// Reason with errors.Is and unwraps to the technical cause, which belongs
// in the log.
type Error struct {
	// Reason is one of the Err values of this package.
	Reason error
	// Text is what the player reads, like "Wrong e-mail or password".
	Text string
	// Err is the technical cause; nil for a refusal before sending.
	Err error
}

// Error returns the text for the player.
func (e *Error) Error() string { return e.Text }

// Is reports whether target is the error's reason.
func (e *Error) Is(target error) bool { return target == e.Reason }

// Unwrap returns the technical cause.
func (e *Error) Unwrap() error { return e.Err }

// UserMessage returns the text for the player: the menu screens show an
// error's own words only when it has this method.
func (e *Error) UserMessage() string { return e.Text }

// SessionExpired reports whether the player must log in again: the menu
// screens then show the Connection screen with the error's text.
func (e *Error) SessionExpired() bool { return e.Reason == ErrSessionExpired }

// failure returns an *Error for reason with the player's text and cause.
func failure(reason error, text string, cause error) *Error {
	return &Error{Reason: reason, Text: text, Err: cause}
}

// ErrSettings indicates a setting out of range, or a settings file or
// override that does not decode.
var ErrSettings = errors.New("bad settings")

// ErrInvalidCode indicates text that is not a share code.
var ErrInvalidCode = errors.New("invalid share code")

// The reasons the lobby fails.
var (
	// ErrNoMatch indicates a share code no match goes by.
	ErrNoMatch = errors.New("no match with that code")
	// ErrMatchFull indicates a match that has all the players it can take.
	ErrMatchFull = errors.New("match full")
	// ErrMatchStarted indicates a match that has already started.
	ErrMatchStarted = errors.New("match already started")
	// ErrOtherVersion indicates a match of players who run another
	// version of the game.
	ErrOtherVersion = errors.New("other version")
	// ErrConnectionLost indicates that the lobby's connection to the
	// server closed or stopped answering.
	ErrConnectionLost = errors.New("connection to the server lost")
	// ErrSearching indicates a second matchmaker search while one is on.
	ErrSearching = errors.New("already searching")
)
