package signaling

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// maxResponseBody bounds how much of a REST response the client reads.
const maxResponseBody = 4 << 20

var (
	marshalOpts   = protojson.MarshalOptions{UseProtoNames: true}
	unmarshalOpts = protojson.UnmarshalOptions{DiscardUnknown: true}
)

// Client talks to one Nakama server. It is safe for concurrent use and holds
// no per-user state: authenticating returns a *Session.
type Client struct {
	base      *url.URL
	serverKey string
	http      *http.Client
	dialer    *websocket.Dialer
	now       func() time.Time
	log       *slog.Logger
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the client send REST requests with hc instead of
// http.DefaultClient.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithDialer makes the client open realtime sockets with d instead of
// websocket.DefaultDialer.
func WithDialer(d *websocket.Dialer) Option { return func(c *Client) { c.dialer = d } }

// WithClock makes the client read the time from now instead of time.Now; it
// decides when session tokens are refreshed.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithLogger makes the client log through l instead of slog.Default().
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// NewClient returns a client for the Nakama server at baseURL (like
// "http://127.0.0.1:7350"; https gives a wss socket) authenticating with
// serverKey ("defaultkey" on a default server).
func NewClient(baseURL, serverKey string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("server url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("server url %q: scheme must be http or https: %w", baseURL, ErrInvalidArgument)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("server url %q: no host: %w", baseURL, ErrInvalidArgument)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	c := &Client{
		base:      u,
		serverKey: serverKey,
		http:      http.DefaultClient,
		dialer:    websocket.DefaultDialer,
		now:       time.Now,
		log:       slog.Default(),
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// endpoint returns the absolute URL of path, an escaped path starting with
// "/".
func (c *Client) endpoint(path string, query url.Values) string {
	s := c.base.String() + path
	if len(query) > 0 {
		s += "?" + query.Encode()
	}
	return s
}

// restCall describes one REST request.
type restCall struct {
	op     string // for errors: "get account"
	method string
	path   string // escaped path, starting with "/"
	query  url.Values
	bearer string // session token; empty means Basic server-key auth
	body   []byte // JSON body, nil for none
	auth   bool   // an authentication request (see Error.Is)
}

// do sends the call and decodes a 2xx JSON answer into out (nil to ignore
// it). A non-2xx answer becomes a *Error.
func (c *Client) do(ctx context.Context, call restCall, out proto.Message) error {
	var body io.Reader
	if call.body != nil {
		body = bytes.NewReader(call.body)
	}
	req, err := http.NewRequestWithContext(ctx, call.method, c.endpoint(call.path, call.query), body)
	if err != nil {
		return fmt.Errorf("%s: %w", call.op, err)
	}
	req.Header.Set("Accept", "application/json")
	if call.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if call.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+call.bearer)
	} else {
		req.SetBasicAuth(c.serverKey, "")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", call.op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
	if err != nil {
		return fmt.Errorf("%s: read response: %w", call.op, err)
	}
	if len(data) > maxResponseBody {
		return fmt.Errorf("%s: response larger than %d bytes: %w", call.op, maxResponseBody, ErrBadResponse)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return parseErrorBody(call.op, resp.StatusCode, data, call.auth)
	}
	if out == nil {
		return nil
	}
	if err := unmarshalOpts.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s: decode response: %w: %w", call.op, ErrBadResponse, err)
	}
	return nil
}

// parseErrorBody turns a non-2xx answer into a *Error. Nakama's body is
// {"code": 16, "message": "..."} (grpc-gateway may add "error"); anything
// else keeps a short excerpt of the body as the message.
func parseErrorBody(op string, status int, body []byte, auth bool) *Error {
	e := &Error{Op: op, Status: status, auth: auth}
	var b struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Error   string `json:"error"`
	}
	if json.Unmarshal(body, &b) == nil {
		e.Code, e.Message = b.Code, b.Message
		if e.Message == "" {
			e.Message = b.Error
		}
		return e
	}
	text := strings.TrimSpace(string(body))
	if len(text) > 200 {
		text = text[:200]
	}
	e.Message = strings.ToValidUTF8(text, "?")
	return e
}

// marshal encodes a request message with proto field names.
func marshal(op string, m proto.Message) ([]byte, error) {
	b, err := marshalOpts.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("%s: encode request: %w", op, err)
	}
	return b, nil
}

// isStatus reports whether err is a REST *Error with the given status.
func isStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == status
}
