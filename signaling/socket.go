package signaling

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/heroiclabs/nakama-common/api"
	"github.com/heroiclabs/nakama-common/rtapi"
)

// Socket defaults; see SocketConfig.
const (
	DefaultRequestTimeout = 10 * time.Second
	DefaultEventBuffer    = 512
	DefaultEventTimeout   = 5 * time.Second
	DefaultMaxFrameSize   = 4096
	DefaultMaxReadSize    = 1 << 20
	DefaultReadTimeout    = 45 * time.Second
	// closeWait bounds how long Close waits for the server's close frame.
	closeWait = time.Second
)

// SocketConfig tunes a realtime socket. The zero value gives the defaults,
// which suit a default Nakama server.
type SocketConfig struct {
	// RequestTimeout bounds each request (match join, matchmaker add, ...)
	// on top of the caller's context; also the write timeout of sends.
	// Default 10 s.
	RequestTimeout time.Duration
	// EventBuffer is the capacity of the Events channel. Default 512.
	EventBuffer int
	// EventTimeout is how long the reader waits for room in a full Events
	// channel before it gives up and closes the socket with ErrSlowConsumer
	// (for every event but match data, which is dropped instead). Default 5 s.
	EventTimeout time.Duration
	// MaxFrameSize is the server's inbound frame limit: a bigger outgoing
	// frame is refused with ErrFrameTooLarge instead of making the server
	// close the socket. Default 4096, Nakama's default.
	MaxFrameSize int
	// MaxReadSize bounds incoming frames. Default 1 MiB.
	MaxReadSize int64
	// ReadTimeout is how long the socket may hear nothing from the server
	// (not even one of the pings Nakama sends every 15 s) before it is
	// considered dead and reported dropped. Default 45 s.
	ReadTimeout time.Duration
	// Lang is the user's language tag sent on connect. Default "en".
	Lang string
}

func (c SocketConfig) withDefaults() SocketConfig {
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.EventBuffer <= 0 {
		c.EventBuffer = DefaultEventBuffer
	}
	if c.EventTimeout <= 0 {
		c.EventTimeout = DefaultEventTimeout
	}
	if c.MaxFrameSize <= 0 {
		c.MaxFrameSize = DefaultMaxFrameSize
	}
	if c.MaxReadSize <= 0 {
		c.MaxReadSize = DefaultMaxReadSize
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = DefaultReadTimeout
	}
	if c.Lang == "" {
		c.Lang = "en"
	}
	return c
}

// Socket is a realtime connection to Nakama in JSON format.
//
// One reader goroutine, started by Dial, reads every frame until the
// connection ends; Close, a dropped connection or a slow consumer stop it.
// It answers the server's pings, hands replies to the waiting requests and
// delivers everything else on Events.
//
// Requests (CreateMatch, JoinMatch, AddMatchmaker, ...) are safe for
// concurrent use; each waits for its reply, its context and the socket's
// RequestTimeout, whichever comes first.
type Socket struct {
	sess *Session
	cfg  SocketConfig
	conn *websocket.Conn

	wlock   chan struct{}        // a one-slot lock serializing writes
	events  chan *rtapi.Envelope // closed by the reader when it exits
	done    chan struct{}        // closed by the reader when it exits
	closing chan struct{}        // closed by Close
	once    sync.Once

	mu      sync.Mutex
	pending map[string]chan *rtapi.Envelope // nil once the reader exited
	err     error

	cid     atomic.Uint64
	dropped atomic.Uint64
	bad     atomic.Uint64
}

// Dial opens a realtime socket with a fresh session token (refreshing it once
// more if the server refuses it).
func (s *Session) Dial(ctx context.Context, cfg SocketConfig) (*Socket, error) {
	cfg = cfg.withDefaults()
	tok, err := s.Token(ctx)
	if err != nil {
		return nil, fmt.Errorf("dial socket: %w", err)
	}
	conn, err := s.c.dial(ctx, tok, cfg.Lang)
	if isStatus(err, http.StatusUnauthorized) {
		if tok, err = s.renewFrom(ctx, tok); err != nil {
			return nil, fmt.Errorf("dial socket: %w", err)
		}
		conn, err = s.c.dial(ctx, tok, cfg.Lang)
	}
	if err != nil {
		return nil, err
	}
	conn.SetReadLimit(cfg.MaxReadSize)
	conn.SetPingHandler(func(data string) error {
		// Any sign of life extends the read deadline; then answer as
		// gorilla's default handler does.
		_ = conn.SetReadDeadline(time.Now().Add(cfg.ReadTimeout))
		err := conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(cfg.RequestTimeout))
		var ne net.Error
		if errors.Is(err, websocket.ErrCloseSent) || errors.As(err, &ne) && ne.Timeout() {
			return nil
		}
		return err
	})
	sock := &Socket{
		sess:    s,
		cfg:     cfg,
		conn:    conn,
		wlock:   make(chan struct{}, 1),
		events:  make(chan *rtapi.Envelope, cfg.EventBuffer),
		done:    make(chan struct{}),
		closing: make(chan struct{}),
		pending: make(map[string]chan *rtapi.Envelope),
	}
	go sock.read()
	return sock, nil
}

// dial opens the WebSocket at /ws with the token in the query, as the
// official clients do.
func (c *Client) dial(ctx context.Context, tok, lang string) (*websocket.Conn, error) {
	const op = "dial socket"
	u := *c.base
	u.Scheme = map[string]string{"http": "ws", "https": "wss"}[u.Scheme]
	u.Path += "/ws"
	u.RawPath = ""
	u.RawQuery = url.Values{
		"lang":   {lang},
		"status": {"true"},
		"format": {"json"},
		"token":  {tok},
	}.Encode()
	conn, resp, err := c.dialer.DialContext(ctx, u.String(), nil)
	if err == nil {
		return conn, nil
	}
	if resp != nil && errors.Is(err, websocket.ErrBadHandshake) {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		resp.Body.Close()
		return nil, parseErrorBody(op, resp.StatusCode, body, false)
	}
	return nil, fmt.Errorf("%s: %w", op, err)
}

// Redial closes this socket if it is still open and dials a new one for the
// same session with the same configuration and a fresh token. Matches and
// matchmaker tickets do not carry over: the server treats the old session as
// gone.
func (s *Socket) Redial(ctx context.Context) (*Socket, error) {
	s.Close()
	return s.sess.Dial(ctx, s.cfg)
}

// Events returns the channel of server-initiated messages: match presence
// events, match data, matchmaker matched, status presence events and errors
// without cid (for instance about match data). The socket owns the channel
// and closes it when the reader stops; then Err tells why.
//
// The caller must keep reading it. When it is full, match data is dropped
// (counted by Dropped: relayed game packets are expendable and a stalled
// consumer must not stall the socket), and any other event waits up to
// EventTimeout before the socket closes with ErrSlowConsumer, because losing
// a presence event would corrupt the view of the match.
func (s *Socket) Events() <-chan *rtapi.Envelope { return s.events }

// Done returns a channel closed when the socket has stopped, by Close or
// because the connection ended.
func (s *Socket) Done() <-chan struct{} { return s.done }

// Err returns nil while the socket is open, then why it stopped: a
// *CloseError when the server closed it (code 1000 and a reason for Nakama's
// fatal errors, 1009 for a frame above its limit), ErrSlowConsumer, a wrapped
// network error (a read timeout when the server went silent), or
// ErrSocketClosed after Close. All match ErrSocketClosed.
func (s *Socket) Err() error {
	select {
	case <-s.done:
	default:
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Dropped returns how many match data events were dropped because Events was
// full.
func (s *Socket) Dropped() uint64 { return s.dropped.Load() }

// Close closes the socket with a normal close frame, waits (up to a second)
// for the server to acknowledge it and for the reader to stop. It is safe to
// call more than once and after the connection dropped.
func (s *Socket) Close() error {
	s.once.Do(func() {
		close(s.closing)
		msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
		_ = s.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeWait))
	})
	t := time.NewTimer(closeWait)
	defer t.Stop()
	select {
	case <-s.done:
	case <-t.C:
		s.conn.Close()
		<-s.done
	}
	return nil
}

// read is the reader goroutine.
func (s *Socket) read() {
	for {
		_ = s.conn.SetReadDeadline(time.Now().Add(s.cfg.ReadTimeout))
		_, data, err := s.conn.ReadMessage()
		if err != nil {
			s.stop(s.readErr(err))
			return
		}
		env := new(rtapi.Envelope)
		if err := unmarshalOpts.Unmarshal(data, env); err != nil {
			// A server bug or a newer protocol: skip the frame, keep the
			// socket.
			if s.bad.Add(1) == 1 {
				s.sess.c.log.Warn("nakama socket: undecodable frame skipped", "err", err, "len", len(data))
			}
			continue
		}
		if err := s.dispatch(env); err != nil {
			if errors.Is(err, ErrSlowConsumer) {
				s.sess.c.log.Warn("nakama socket: events not consumed, closing", "timeout", s.cfg.EventTimeout)
				_ = s.conn.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(closeWait))
				err = fmt.Errorf("%w: %w", ErrSocketClosed, err)
			}
			s.stop(err)
			return
		}
	}
}

// readErr describes why reading stopped.
func (s *Socket) readErr(err error) error {
	select {
	case <-s.closing:
		return ErrSocketClosed
	default:
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) && ce.Code != websocket.CloseAbnormalClosure {
		return &CloseError{Code: ce.Code, Reason: ce.Text}
	}
	return fmt.Errorf("%w: %w", ErrSocketClosed, err)
}

// stop records why the reader stopped and releases everyone waiting.
func (s *Socket) stop(err error) {
	s.conn.Close()
	s.mu.Lock()
	s.err = err
	s.pending = nil
	s.mu.Unlock()
	close(s.done)
	close(s.events)
}

// dispatch routes one frame: a reply to its request, anything else to
// Events. It fails only when the consumer is too slow.
func (s *Socket) dispatch(env *rtapi.Envelope) error {
	if env.Cid != "" {
		s.mu.Lock()
		ch, ok := s.pending[env.Cid]
		delete(s.pending, env.Cid)
		s.mu.Unlock()
		if ok {
			ch <- env // buffered: one reply per request
		}
		return nil
	}
	switch env.Message.(type) {
	case nil, *rtapi.Envelope_Pong:
		// Nothing to deliver (or a message type newer than this client).
		return nil
	case *rtapi.Envelope_MatchData:
		select {
		case s.events <- env:
		default:
			if s.dropped.Add(1)%100 == 1 {
				s.sess.c.log.Warn("nakama socket: events full, match data dropped", "dropped", s.dropped.Load())
			}
		}
		return nil
	}
	select {
	case s.events <- env:
		return nil
	default:
	}
	t := time.NewTimer(s.cfg.EventTimeout)
	defer t.Stop()
	select {
	case s.events <- env:
		return nil
	case <-s.closing:
		return ErrSocketClosed
	case <-t.C:
		return ErrSlowConsumer
	}
}

// send writes one envelope. Frames above MaxFrameSize are refused.
func (s *Socket) send(ctx context.Context, env *rtapi.Envelope) error {
	data, err := marshalOpts.Marshal(env)
	if err != nil {
		return fmt.Errorf("encode envelope: %w", err)
	}
	if len(data) > s.cfg.MaxFrameSize {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrFrameTooLarge, len(data), s.cfg.MaxFrameSize)
	}
	if err := s.Err(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return context.Cause(ctx)
	}
	select {
	case s.wlock <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-s.done:
		return s.Err()
	}
	defer func() { <-s.wlock }()
	deadline := time.Now().Add(s.cfg.RequestTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = s.conn.SetWriteDeadline(deadline)
	if err := s.conn.WriteMessage(websocket.TextMessage, data); err != nil {
		// A failed write leaves the connection unusable: end it so the
		// reader reports the drop.
		s.conn.Close()
		return fmt.Errorf("%w: write: %w", ErrSocketClosed, err)
	}
	return nil
}

// request sends env with a fresh cid and waits for the reply. An error
// envelope in reply becomes a *RealtimeError.
func (s *Socket) request(ctx context.Context, env *rtapi.Envelope) (*rtapi.Envelope, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, s.cfg.RequestTimeout, ErrRequestTimeout)
	defer cancel()
	env.Cid = strconv.FormatUint(s.cid.Add(1), 10)
	reply := make(chan *rtapi.Envelope, 1)
	s.mu.Lock()
	if s.pending == nil {
		err := s.err
		s.mu.Unlock()
		return nil, err
	}
	s.pending[env.Cid] = reply
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.pending, env.Cid)
		s.mu.Unlock()
	}()
	if err := s.send(ctx, env); err != nil {
		return nil, err
	}
	var r *rtapi.Envelope
	select {
	case r = <-reply:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	case <-s.done:
		select {
		case r = <-reply:
		default:
			return nil, s.Err()
		}
	}
	if e := r.GetError(); e != nil {
		return nil, &RealtimeError{Code: e.Code, Message: e.Message, Context: e.Context}
	}
	return r, nil
}

// Ping sends a ping request and waits for the pong.
func (s *Socket) Ping(ctx context.Context) error {
	_, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_Ping{Ping: &rtapi.Ping{}}})
	if err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// RPC calls the server function id with payload over the socket and returns
// its result.
func (s *Socket) RPC(ctx context.Context, id, payload string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("rpc: empty id: %w", ErrInvalidArgument)
	}
	r, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_Rpc{Rpc: &api.Rpc{Id: id, Payload: payload}}})
	if err != nil {
		return "", fmt.Errorf("rpc %s: %w", id, err)
	}
	rpc := r.GetRpc()
	if rpc == nil {
		return "", fmt.Errorf("rpc %s: %w: reply without rpc", id, ErrBadResponse)
	}
	return rpc.GetPayload(), nil
}
