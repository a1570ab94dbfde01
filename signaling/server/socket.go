package server

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/websocket"
	"github.com/heroiclabs/nakama-common/rtapi"
	"golang.org/x/time/rate"
)

// Close reasons, as Nakama sends them.
const (
	reasonMalformed      = "received malformed payload"
	reasonProcessing     = "error processing message"
	reasonMessageType    = "received unexpected WebSocket message type"
	reasonQueueFull      = "outgoing queue full"
	reasonRateLimit      = "rate limit exceeded"
	reasonShutdown       = "server shutting down"
	closeNormal          = websocket.CloseNormalClosure
	closePolicyViolation = websocket.ClosePolicyViolation
	closeGoingAway       = websocket.CloseGoingAway
)

// session is one realtime socket.
type session struct {
	srv      *Server
	conn     *websocket.Conn
	sid      uuid.UUID // the session id
	id       string    // sid as a string
	userID   string
	username string
	// presence is the sender presence object stamped on relayed match data.
	presence []byte
	limiter  *rate.Limiter
	out      outbox
	// closeReq carries the one fatal close; failed makes it happen once.
	closeReq chan closeRequest
	failed   atomic.Bool
	done     chan struct{} // closed when the read side has ended and cleaned up
	// matches are the relayed matches this session is in. Only the session's
	// read goroutine touches it.
	matches map[uuid.UUID]*match
	// statusOn means the session's status is tracked with statusText
	// (guarded by hub.statusMu).
	statusOn   bool
	statusText string
	following  map[string]struct{} // guarded by hub.statusMu
	// writeDeadlineSet and readDeadlineSet say when the socket deadlines
	// were last refreshed (writer and reader goroutine respectively).
	writeDeadlineSet, readDeadlineSet time.Time
}

type closeRequest struct {
	code   int
	reason string
	delay  time.Duration
}

var readBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// handleSocket upgrades an authenticated request to a realtime socket and
// runs it until it closes.
func (s *Server) handleSocket(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if f := q.Get("format"); f != "" && f != "json" {
		http.Error(w, "Invalid format parameter", http.StatusBadRequest)
		return
	}
	token := q.Get("token")
	if token == "" {
		if scheme, t, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
			token = t
		}
	}
	claims, err := s.tokens.verify(token)
	if err != nil {
		http.Error(w, "Missing or invalid token", http.StatusUnauthorized)
		return
	}
	status, _ := strconv.ParseBool(q.Get("status"))
	if !s.sessionsWG.tryAdd() {
		http.Error(w, "Server shutting down", http.StatusServiceUnavailable)
		return
	}
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.sessionsWG.done()
		return // the upgrader has answered
	}
	sid := uuid.New()
	c := &session{
		srv:      s,
		conn:     conn,
		sid:      sid,
		id:       sid.String(),
		userID:   claims.UserID,
		username: claims.Username,
		limiter:  s.cfg.socketLimiter(),
		closeReq: make(chan closeRequest, 1),
		done:     make(chan struct{}),
		matches:  make(map[uuid.UUID]*match),
	}
	c.out.notify = make(chan struct{}, 1)
	c.out.limit = s.cfg.SendQueue
	c.out.direct = newDirectWriter(conn.NetConn())
	c.presence = appendPresence(nil, c.userID, c.id, c.username)
	// The session runs on fresh goroutines so that this handler returns and
	// the HTTP server frees the request, response and buffers it would
	// otherwise keep for the socket's lifetime.
	go c.run(status)
}

// run serves the session until it ends: it registers it, reads on this
// goroutine and writes on another.
func (c *session) run(status bool) {
	s := c.srv
	defer s.sessionsWG.done()
	s.hub.register(c)
	if s.sessionsWG.isClosed() {
		c.fail(closeGoingAway, reasonShutdown, 0) // shutdown began while upgrading
	}
	writerDone := make(chan struct{})
	go func() {
		c.writeLoop()
		close(writerDone)
	}()
	if status {
		s.hub.trackStatus(c, "")
	}
	c.readLoop()
	s.hub.unregister(c)
	close(c.done)
	<-writerDone
}

// fail makes the session end with a close frame (code, reason) after delay.
// It is safe from any goroutine; only the first call counts.
func (c *session) fail(code int, reason string, delay time.Duration) {
	if c.failed.Swap(true) {
		return
	}
	c.closeReq <- closeRequest{code: code, reason: reason, delay: delay}
}

// fatal ends the session the way Nakama ends it on a protocol error.
func (c *session) fatal(reason string) {
	c.srv.log.Debug("closing socket", slog.String("session_id", c.id), slog.String("reason", reason))
	c.fail(closeNormal, reason, c.srv.cfg.CloseDelay)
}

// push queues an encoded frame for the client; a full queue ends the session.
func (c *session) push(b []byte) {
	if c.failed.Load() {
		return
	}
	if !c.out.push(b) {
		// The client reads far too slowly: its buffers are full, so a close
		// frame could not get through either. Drop the connection now,
		// which also ends its membership at once.
		c.srv.log.Warn("socket outgoing queue full", slog.String("session_id", c.id))
		c.fail(closeNormal, reasonQueueFull, 0)
		if c.conn != nil {
			c.conn.Close()
		}
	}
}

// readLoop reads and handles client frames until the socket fails or closes.
func (c *session) readLoop() {
	cfg := &c.srv.cfg
	// The size limit is checked here rather than by gorilla, which would
	// write its 1009 close frame straight to the connection, possibly into
	// the middle of a frame the outbox has only partly written.
	c.conn.SetReadLimit(0)
	c.conn.SetReadDeadline(time.Now().Add(cfg.PongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(cfg.PongWait))
	})
	// Control replies go through the outbox like everything else, so that
	// no frame is ever written by two writers at once.
	c.conn.SetPingHandler(func(data string) error {
		// Pings count against the rate limit like any message: a flood of
		// them would otherwise cost the relay its latency.
		if !c.limiter.Allow() {
			c.srv.log.Warn("socket rate limit exceeded", slog.String("session_id", c.id))
			c.fail(closePolicyViolation, reasonRateLimit, 0)
			return nil
		}
		c.push(makeFrame(finPong, []byte(data)))
		return nil
	})
	c.conn.SetCloseHandler(func(code int, _ string) error {
		var msg []byte
		if code != websocket.CloseNoStatusReceived {
			msg = websocket.FormatCloseMessage(code, "")
		}
		c.out.push(makeFrame(finClose, msg))
		return nil
	})
	bp := readBufPool.Get().(*[]byte)
	defer readBufPool.Put(bp)
	for !c.failed.Load() {
		mt, r, err := c.conn.NextReader()
		if err != nil {
			return // closed by the client, timed out, or too big (gorilla sent 1009)
		}
		if mt != websocket.TextMessage {
			c.fatal(reasonMessageType)
			return
		}
		msg, err := readAll((*bp)[:0], r, cfg.MaxMessageSize)
		*bp = msg[:0]
		if errors.Is(err, errMessageTooBig) {
			c.fail(websocket.CloseMessageTooBig, "", 0) // as gorilla, and so Nakama, closes
			return
		}
		if err != nil {
			return
		}
		if now := time.Now(); now.After(c.readDeadlineSet) {
			// At most once a second, like the write deadline.
			c.readDeadlineSet = now.Add(time.Second)
			c.conn.SetReadDeadline(now.Add(cfg.PongWait))
		}
		if !c.limiter.Allow() {
			c.srv.log.Warn("socket rate limit exceeded", slog.String("session_id", c.id))
			c.fail(closePolicyViolation, reasonRateLimit, 0)
			return
		}
		if !c.handle(msg) {
			return
		}
	}
}

// errMessageTooBig reports a client message over the size limit.
var errMessageTooBig = errors.New("message too big")

// readAll appends the rest of r to b; it fails with errMessageTooBig as soon
// as more than limit bytes have been read.
func readAll(b []byte, r io.Reader, limit int64) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return b[:0], errMessageTooBig
		}
		if errors.Is(err, io.EOF) {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// writeLoop writes queued frames and pings until the session ends.
func (c *session) writeLoop() {
	defer c.conn.Close()
	ping := time.NewTicker(c.srv.cfg.PingPeriod)
	defer ping.Stop()
	for {
		select {
		case <-c.out.notify:
			if !c.flush() {
				return
			}
		case <-ping.C:
			c.push(makeFrame(finPing, nil))
		case req := <-c.closeReq:
			c.closeWith(req)
			return
		case <-c.done:
			select {
			case req := <-c.closeReq:
				c.closeWith(req)
			default:
				c.flushAll()
			}
			return
		}
	}
}

// closeWith flushes, waits req.delay (cut short by server shutdown) and
// sends the close frame.
func (c *session) closeWith(req closeRequest) {
	c.flushAll()
	if req.delay > 0 {
		t := time.NewTimer(req.delay)
		select {
		case <-t.C:
		case <-c.srv.quit:
			t.Stop()
		}
	}
	c.out.push(makeFrame(finClose, websocket.FormatCloseMessage(req.code, req.reason)))
	c.flushAll()
}

// flush writes the queued frames; it reports false on a write error.
func (c *session) flush() bool {
	nc := c.conn.NetConn()
	for {
		q := c.out.take()
		if q == nil {
			return true // nothing queued, or a direct write will wake us
		}
		if now := time.Now(); now.After(c.writeDeadlineSet) {
			// Refresh the deadline at most once a second: setting it costs
			// a timer update, and a write either progresses or times out.
			c.writeDeadlineSet = now.Add(time.Second)
			nc.SetWriteDeadline(now.Add(c.srv.cfg.WriteWait + time.Second))
		}
		err := writeFrames(nc, q)
		more := c.out.done(q)
		if err != nil {
			return false
		}
		if !more {
			return true
		}
	}
}

// flushAll writes until nothing is queued or being written, for at most
// WriteWait.
func (c *session) flushAll() {
	t := time.NewTimer(c.srv.cfg.WriteWait)
	defer t.Stop()
	for c.flush() && !c.out.idle() {
		select {
		case <-c.out.notify:
		case <-t.C:
			return
		}
	}
}

// send encodes env and queues it.
func (c *session) send(env *rtapi.Envelope) {
	b, err := marshalOpts.Marshal(env)
	if err != nil {
		c.srv.log.Error("encode envelope", slog.Any("err", err))
		return
	}
	c.push(makeFrame(finText, b))
}

// sendError queues a non-fatal error envelope.
func (c *session) sendError(cid string, code rtapi.Error_Code, message string) {
	c.send(&rtapi.Envelope{Cid: cid, Message: &rtapi.Envelope_Error{Error: &rtapi.Error{Code: int32(code), Message: message}}})
}
