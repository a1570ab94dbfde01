package ice

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/pion/stun/v4"
)

// Software is the SOFTWARE attribute this package's servers send.
const Software = "fishgame"

// maxDatagram is the largest UDP payload, so no datagram is ever short-read.
const maxDatagram = 65535

// maxReadErrors is how many consecutive read errors Serve tolerates (a
// per-datagram failure) before it gives up on the connection.
const maxReadErrors = 32

// STUNServer answers STUN Binding requests (RFC 8489) on a packet
// connection with the sender's reflexive address. Anything else is dropped.
type STUNServer struct {
	conn net.PacketConn
	log  *slog.Logger

	closeOnce sync.Once
	closed    chan struct{}
}

// NewSTUNServer returns a responder for conn (typically UDP :3478). It
// takes ownership of conn: Close closes it. log may be nil.
func NewSTUNServer(conn net.PacketConn, log *slog.Logger) (*STUNServer, error) {
	if conn == nil {
		return nil, ErrNoConn
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &STUNServer{conn: conn, log: log.With("component", "stun"), closed: make(chan struct{})}, nil
}

// Addr returns the local address the responder listens on.
func (s *STUNServer) Addr() net.Addr { return s.conn.LocalAddr() }

// Serve answers requests until ctx is done or Close is called, then returns
// nil. It returns an error only if reading the connection fails otherwise.
func (s *STUNServer) Serve(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { _ = s.Close() })
	defer stop()
	buf := make([]byte, maxDatagram)
	var req, res stun.Message
	failures := 0
	for {
		n, from, err := s.conn.ReadFrom(buf)
		if err != nil {
			select {
			case <-s.closed:
				return nil
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			if failures++; failures > maxReadErrors || errors.Is(err, net.ErrClosed) {
				return fmt.Errorf("stun: read: %w", err)
			}
			s.log.Debug("stun read failed", "err", err)
			continue
		}
		failures = 0
		if !respond(buf[:n], from, &req, &res) {
			continue
		}
		if _, err := s.conn.WriteTo(res.Raw, from); err != nil {
			s.log.Debug("stun write failed", "to", from.String(), "err", err)
		}
	}
}

// Close stops Serve and closes the connection. It is safe to call more than once.
func (s *STUNServer) Close() error {
	var err error
	s.closeOnce.Do(func() {
		close(s.closed)
		// Unblock a pending read at once even on connections whose Close
		// does not interrupt reads.
		_ = s.conn.SetReadDeadline(time.Unix(1, 0))
		err = s.conn.Close()
	})
	return err
}

// comprehensionRequired lists the comprehension-required attributes
// (0x0000–0x7FFF) a Binding request may carry that this responder
// understands or may safely ignore; any other one gets a 420 answer.
var comprehensionRequired = [...]stun.AttrType{
	stun.AttrUsername,
	stun.AttrMessageIntegrity,
	stun.AttrMessageIntegritySHA256,
	stun.AttrUserhash,
	stun.AttrRealm,
	stun.AttrNonce,
	stun.AttrPriority,
	stun.AttrUseCandidate,
	stun.AttrPasswordAlgorithm,
	stun.AttrXORMappedAddress,
	stun.AttrErrorCode,
	stun.AttrUnknownAttributes,
}

// respond decodes a datagram from addr into req and, when it is a valid
// Binding request, builds the answer in res and returns true. It never
// panics, whatever the bytes.
func respond(b []byte, from net.Addr, req, res *stun.Message) bool {
	if !stun.IsMessage(b) {
		return false
	}
	req.Reset()
	req.Raw = append(req.Raw[:0], b...)
	if err := req.Decode(); err != nil {
		return false
	}
	if req.Type != stun.BindingRequest {
		return false
	}
	if req.Contains(stun.AttrFingerprint) && stun.Fingerprint.Check(req) != nil {
		return false
	}
	ip, port, ok := addrIPPort(from)
	if !ok {
		return false
	}
	var unknown stun.UnknownAttributes
	for _, a := range req.Attributes {
		if a.Type.Required() && !knownRequired(a.Type) {
			unknown = append(unknown, a.Type)
		}
	}
	res.Reset()
	if len(unknown) > 0 {
		err := res.Build(
			stun.NewTransactionIDSetter(req.TransactionID),
			stun.NewType(stun.MethodBinding, stun.ClassErrorResponse),
			stun.CodeUnknownAttribute,
			unknown,
			stun.NewSoftware(Software),
			stun.Fingerprint,
		)
		return err == nil
	}
	err := res.Build(
		stun.NewTransactionIDSetter(req.TransactionID),
		stun.BindingSuccess,
		&stun.XORMappedAddress{IP: ip, Port: port},
		stun.NewSoftware(Software),
		stun.Fingerprint,
	)
	return err == nil
}

func knownRequired(t stun.AttrType) bool {
	for _, k := range comprehensionRequired {
		if k == t {
			return true
		}
	}
	return false
}

// addrIPPort extracts the IP and port of a UDP (or TCP) source address.
func addrIPPort(a net.Addr) (net.IP, int, bool) {
	switch a := a.(type) {
	case *net.UDPAddr:
		return a.IP, a.Port, a.IP != nil
	case *net.TCPAddr:
		return a.IP, a.Port, a.IP != nil
	}
	return nil, 0, false
}
