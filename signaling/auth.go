package signaling

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/heroiclabs/nakama-common/api"
	"google.golang.org/protobuf/proto"
)

// Device ids must be 10 to 128 bytes long, as Nakama checks.
const (
	minDeviceID = 10
	maxDeviceID = 128
)

// AuthenticateDevice logs in with a device id (10 to 128 bytes). With create
// set, an unknown device gets a new account named username (a random name
// when username is empty); without it, an unknown device is ErrNotFound. The
// session remembers the credentials to log in again when its refresh token
// runs out.
func (c *Client) AuthenticateDevice(ctx context.Context, deviceID string, create bool, username string) (*Session, error) {
	if len(deviceID) < minDeviceID || len(deviceID) > maxDeviceID {
		return nil, fmt.Errorf("authenticate device: device id must be %d-%d bytes: %w", minDeviceID, maxDeviceID, ErrInvalidArgument)
	}
	login := func(ctx context.Context) (*api.Session, error) {
		return c.authenticate(ctx, "authenticate device", "/v2/account/authenticate/device", create, username,
			&api.AccountDevice{Id: deviceID})
	}
	return c.newSession(ctx, login)
}

// AuthenticateEmail logs in with an email and password. With create set, an
// unknown email gets a new account named username. A wrong password for an
// existing email, which is also what registering an email already in use
// gives, and a taken username both match ErrInvalidCredentials.
func (c *Client) AuthenticateEmail(ctx context.Context, email, password string, create bool, username string) (*Session, error) {
	if email == "" || password == "" {
		return nil, fmt.Errorf("authenticate email: email and password are required: %w", ErrInvalidArgument)
	}
	login := func(ctx context.Context) (*api.Session, error) {
		return c.authenticate(ctx, "authenticate email", "/v2/account/authenticate/email", create, username,
			&api.AccountEmail{Email: email, Password: password})
	}
	return c.newSession(ctx, login)
}

// authenticate posts body to an authenticate endpoint with the server key.
func (c *Client) authenticate(ctx context.Context, op, path string, create bool, username string, body proto.Message) (*api.Session, error) {
	b, err := marshal(op, body)
	if err != nil {
		return nil, err
	}
	q := url.Values{"create": {strconv.FormatBool(create)}}
	if username != "" {
		q.Set("username", username)
	}
	var s api.Session
	err = c.do(ctx, restCall{op: op, method: "POST", path: path, query: q, body: b, auth: true}, &s)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// refresh exchanges a refresh token for a new session.
func (c *Client) refresh(ctx context.Context, refreshToken string) (*api.Session, error) {
	const op = "refresh session"
	b, err := marshal(op, &api.SessionRefreshRequest{Token: refreshToken})
	if err != nil {
		return nil, err
	}
	var s api.Session
	if err := c.do(ctx, restCall{op: op, method: "POST", path: "/v2/account/session/refresh", body: b}, &s); err != nil {
		return nil, err
	}
	return &s, nil
}
