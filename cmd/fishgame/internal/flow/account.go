package flow

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"

	"github.com/fishgame/fishgame/signaling"
)

// Accounts logs players in to one server: by e-mail, by creating an
// account, as a guest, or silently from a remembered refresh token. Every
// failure is an *Error.
type Accounts struct {
	client *signaling.Client
	url    string // the server URL as given
	host   string // HOST:PORT, for "Server unreachable at HOST:PORT"
}

// NewAccounts returns the accounts of the server at serverURL (like
// "http://127.0.0.1:7350") with serverKey. A malformed URL is an *Error
// matching ErrUnreachable.
func NewAccounts(serverURL, serverKey string, opts ...signaling.Option) (*Accounts, error) {
	c, err := signaling.NewClient(serverURL, serverKey, opts...)
	if err != nil {
		return nil, failure(ErrUnreachable, "Server address "+serverURL+" is not an http or https URL", err)
	}
	return &Accounts{client: c, url: serverURL, host: hostPort(serverURL)}, nil
}

// hostPort returns the HOST:PORT of a server URL, with the scheme's default
// port when it names none.
func hostPort(serverURL string) string {
	u, err := url.Parse(serverURL)
	if err != nil {
		return serverURL
	}
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// Client returns the signaling client, for netplay.
func (a *Accounts) Client() *signaling.Client { return a.client }

// Login logs in to the account of email. An unknown e-mail and a wrong
// password are both ErrWrongPassword.
func (a *Accounts) Login(ctx context.Context, email, password string) (*signaling.Session, error) {
	if err := errors.Join(ValidateEmail(email), ValidatePassword(password)); err != nil {
		return nil, first(err)
	}
	s, err := a.client.AuthenticateEmail(ctx, email, password, false, "")
	if err != nil {
		return nil, a.explain(err, false)
	}
	return s, nil
}

// Create creates an account for email named username and logs in to it.
// An e-mail that has an account with another password is ErrEmailInUse
// (Nakama answers "Invalid credentials"); with the same password, Create
// logs in to that account, as Nakama does.
func (a *Accounts) Create(ctx context.Context, email, password, username string) (*signaling.Session, error) {
	if err := errors.Join(ValidateEmail(email), ValidatePassword(password), ValidateUsername(username)); err != nil {
		return nil, first(err)
	}
	s, err := a.client.AuthenticateEmail(ctx, email, password, true, username)
	if err != nil {
		return nil, a.explain(err, true)
	}
	return s, nil
}

// Guest logs in with the device id (see Remember.DeviceID), creating a
// guest account with a random username the first time, so the same device
// id is always the same player.
func (a *Accounts) Guest(ctx context.Context, deviceID string) (*signaling.Session, error) {
	s, err := a.client.AuthenticateDevice(ctx, deviceID, true, "")
	if err != nil {
		return nil, a.explain(err, true)
	}
	return s, nil
}

// first returns the first error joined in err.
func first(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()[0]
	}
	return err
}

// explain turns a failed authentication into an *Error; create tells
// whether it asked to create the account.
func (a *Accounts) explain(err error, create bool) error {
	var se *signaling.Error
	switch {
	case errors.As(err, &se):
		return a.explainAnswer(se, create)
	case errors.Is(err, context.Canceled):
		return err // the player gave up: nothing to explain
	case errors.Is(err, signaling.ErrInvalidArgument):
		return failure(ErrServer, "The server can't take this log-in", err)
	}
	var ue *url.Error
	if errors.As(err, &ue) || errors.Is(err, context.DeadlineExceeded) {
		return a.unreachable(err)
	}
	return failure(ErrServer, "The server gave an answer the game can't read", err)
}

// explainAnswer explains an error answer of the server.
func (a *Accounts) explainAnswer(se *signaling.Error, create bool) error {
	switch {
	case se.Status == http.StatusUnauthorized && se.Message == msgServerKeyInvalid:
		return failure(ErrServerKey, "Server refused the server key", se)
	case se.Status == http.StatusConflict:
		return failure(ErrUsernameTaken, "Username already taken", se)
	case se.Status == http.StatusUnauthorized && create:
		return failure(ErrEmailInUse, "E-mail already in use", se)
	case se.Status == http.StatusUnauthorized, se.Status == http.StatusNotFound && !create:
		return failure(ErrWrongPassword, "Wrong e-mail or password", se)
	case se.Status == http.StatusBadGateway, se.Status == http.StatusServiceUnavailable, se.Status == http.StatusGatewayTimeout:
		return a.unreachable(se)
	}
	return failure(ErrServer, "The server refused: "+se.Message, se)
}

// unreachable is the error of a server that does not answer.
func (a *Accounts) unreachable(cause error) error {
	return failure(ErrUnreachable, "Server unreachable at "+a.host, cause)
}
