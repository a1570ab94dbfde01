package relayload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/fishgame/fishgame/signaling"
)

// Socket timeouts.
const (
	requestTimeout = 30 * time.Second // a match create or join
	writeTimeout   = 5 * time.Second  // one frame
	closeTimeout   = time.Second      // the close frame
	maxFrame       = 1 << 20          // the biggest frame the reader takes
)

// reply is the answer to a request: a match or an error.
type reply struct {
	cid, matchID, errMessage string
	isErr                    bool
}

// member is one socket of the load: a device user with its WebSocket, in one
// match. Its reader goroutine owns tally and readErr until done is closed; its
// sender goroutine owns sent and writeErr.
type member struct {
	idx  int
	conn *websocket.Conn

	matchID       []byte
	quotedMatchID []byte

	replies chan reply
	done    chan struct{}

	tally   tally
	readErr error

	sent     uint32
	writeErr error
}

// connect authenticates socket idx's device user and opens its WebSocket.
func connect(ctx context.Context, c *signaling.Client, d *websocket.Dialer, wsURL *url.URL, deviceID string, idx int) (*member, error) {
	sess, err := c.AuthenticateDevice(ctx, deviceID, true, "")
	if err != nil {
		return nil, err
	}
	tok, err := sess.Token(ctx)
	if err != nil {
		return nil, err
	}
	u := *wsURL
	u.RawQuery = url.Values{"lang": {"en"}, "status": {"false"}, "format": {"json"}, "token": {tok}}.Encode()
	conn, resp, err := d.DialContext(ctx, u.String(), nil)
	if err != nil {
		if resp != nil && errors.Is(err, websocket.ErrBadHandshake) {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
			resp.Body.Close()
			return nil, fmt.Errorf("open socket: server answered %s: %s", resp.Status, bytes.TrimSpace(body))
		}
		return nil, fmt.Errorf("open socket: %w", err)
	}
	conn.SetReadLimit(maxFrame)
	return &member{idx: idx, conn: conn, replies: make(chan reply, 4), done: make(chan struct{})}, nil
}

// socketURL is the realtime endpoint of the server at base: ws (or wss for
// https) and /ws.
func socketURL(base string) (*url.URL, error) {
	u, err := url.Parse(base)
	if err == nil && u.Host == "" {
		err = errors.New("no host")
	}
	if err == nil {
		switch u.Scheme {
		case "http":
			u.Scheme = "ws"
		case "https":
			u.Scheme = "wss"
		default:
			err = errors.New("scheme must be http or https")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("--nakama %q: want a URL like http://127.0.0.1:7350: %w", base, err)
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/ws"
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	return u, nil
}

// read reads every frame until the connection ends: it counts match data in
// the tally and hands request replies to request. closing tells an end
// the run asked for from a socket dropped by the server.
func (m *member) read(start time.Time, l layout, delivered *atomic.Int64, closing *atomic.Bool) {
	defer close(m.done)
	var buf bytes.Buffer
	for {
		_, r, err := m.conn.NextReader()
		if err == nil {
			buf.Reset()
			_, err = buf.ReadFrom(r)
		}
		if err != nil {
			if !closing.Load() {
				m.readErr = err
			}
			return
		}
		now := time.Since(start)
		f, err := parseFrame(buf.Bytes())
		switch {
		case err != nil:
			m.tally.noteError(true, fmt.Sprintf("%v: %.200q", err, buf.Bytes()))
		case f.matchData:
			if m.tally.receive(f, now, m.matchID, m.idx, l) {
				delivered.Add(1)
			}
		case len(f.cid) > 0 && (f.match || f.err):
			select {
			case m.replies <- reply{cid: string(f.cid), matchID: string(f.matchID), errMessage: string(f.errMessage), isErr: f.err}:
			default: // nobody asked: drop it
			}
		case f.err:
			m.tally.noteError(false, "error envelope: "+string(f.errMessage))
		}
	}
}

// request sends a match create or join and waits for its match.
func (m *member) request(ctx context.Context, cid string, frame []byte) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	m.conn.SetWriteDeadline(time.Now().Add(writeTimeout))
	if err := m.conn.WriteMessage(websocket.TextMessage, frame); err != nil {
		return "", fmt.Errorf("send request: %w", err)
	}
	for {
		select {
		case r := <-m.replies:
			switch {
			case r.cid != cid:
			case r.isErr:
				return "", fmt.Errorf("server refused %s: %s", frame, r.errMessage)
			case r.matchID == "":
				return "", fmt.Errorf("server answered %s with a match without an id", frame)
			default:
				return r.matchID, nil
			}
		case <-m.done:
			return "", fmt.Errorf("socket closed while waiting for a reply to %s: %w", frame, m.readErr)
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for a reply to %s: %w", frame, context.Cause(ctx))
		}
	}
}

// join sets the match the member plays in.
func (m *member) join(matchID string) {
	m.matchID, m.quotedMatchID = []byte(matchID), quote(matchID)
}

// send sends one match_data_send every interval, from first until end or
// until stop is closed. When it falls behind by more than an interval it
// skips ahead instead of bursting, so the offered rate drops rather than the
// pacing.
func (m *member) send(start, first, end time.Time, interval time.Duration, size int, stop <-chan struct{}) {
	payload, buf := make([]byte, size), []byte(nil)
	timer := time.NewTimer(time.Until(first))
	defer timer.Stop()
	for next := first; ; {
		select {
		case <-stop:
			return
		case <-timer.C:
		}
		now := time.Now()
		if !now.Before(end) {
			return
		}
		putStamp(payload, stamp{sent: now.Sub(start), sender: uint32(m.idx), seq: m.sent})
		buf = appendMatchDataSend(buf[:0], m.quotedMatchID, payload)
		m.conn.SetWriteDeadline(now.Add(writeTimeout))
		if m.writeErr = m.conn.WriteMessage(websocket.TextMessage, buf); m.writeErr != nil {
			return
		}
		m.sent++
		if next = next.Add(interval); now.Sub(next) > interval {
			next = now
		}
		timer.Reset(time.Until(next))
	}
}

// hangUp sends a normal close frame; the reader stops when the server
// answers, or when close is called.
func (m *member) hangUp() {
	msg := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")
	m.conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeTimeout))
}

func (m *member) close() { m.conn.Close() }
