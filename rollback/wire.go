package rollback

import (
	"encoding/binary"
	"fmt"
)

// Every game packet starts with a two-byte header: the wire version and the
// packet type. Bodies have fixed layouts (big-endian) and every decoder
// checks lengths exactly.
const (
	// WireVersion is the game-packet protocol version this package speaks.
	WireVersion = 1
	// MaxPacketSize bounds every game packet; larger ones are rejected
	// unread. Input packets stay well below it.
	MaxPacketSize = 1200
	// MaxPacketFrames bounds the frames one input packet carries.
	MaxPacketFrames = 128

	headerSize = 2
)

// packetType identifies a game packet's body.
type packetType uint8

const (
	typeInput packetType = iota + 1
	typeQualityReport
	typeQualityReply
	typeChecksum
	typeKeepalive
	typeDisconnect
)

func (t packetType) String() string {
	switch t {
	case typeInput:
		return "input"
	case typeQualityReport:
		return "quality report"
	case typeQualityReply:
		return "quality reply"
	case typeChecksum:
		return "checksum"
	case typeKeepalive:
		return "keepalive"
	case typeDisconnect:
		return "disconnect"
	}
	return fmt.Sprintf("type %d", uint8(t))
}

func appendHeader(b []byte, t packetType) []byte {
	return append(b, WireVersion, byte(t))
}

// parseHeader returns the type of the packet b and its body.
func parseHeader(b []byte) (packetType, []byte, error) {
	if len(b) > MaxPacketSize {
		return 0, nil, fmt.Errorf("%d bytes: %w", len(b), ErrOversized)
	}
	if len(b) < headerSize {
		return 0, nil, ErrTruncated
	}
	if b[0] != WireVersion {
		return 0, nil, fmt.Errorf("version %d: %w", b[0], ErrVersion)
	}
	t := packetType(b[1])
	if t < typeInput || t > typeDisconnect {
		return 0, nil, fmt.Errorf("%v: %w", t, ErrPacketType)
	}
	return t, b[headerSize:], nil
}

// checkLen reports whether body has exactly n bytes.
func checkLen(body []byte, n int) error {
	switch {
	case len(body) < n:
		return ErrTruncated
	case len(body) > n:
		return ErrOversized
	}
	return nil
}

// qualityReport asks a peer for a reply (RTT) and tells it the sender's
// frame advantage.
type qualityReport struct {
	// advantage is how many frames the sender estimates the receiver is
	// ahead of it, clamped to int8.
	advantage int8
	// ping is the sender's clock in microseconds, echoed in the reply.
	ping uint32
}

const qualityReportSize = 5

// Append appends the encoded report to b.
func (q qualityReport) Append(b []byte) ([]byte, error) {
	b = appendHeader(b, typeQualityReport)
	b = append(b, byte(q.advantage))
	return binary.BigEndian.AppendUint32(b, q.ping), nil
}

func parseQualityReport(body []byte) (qualityReport, int, error) {
	if err := checkLen(body, qualityReportSize); err != nil {
		return qualityReport{}, 0, err
	}
	return qualityReport{advantage: int8(body[0]), ping: binary.BigEndian.Uint32(body[1:])}, qualityReportSize, nil
}

// qualityReply echoes a qualityReport's ping.
type qualityReply struct {
	pong uint32
}

const qualityReplySize = 4

// Append appends the encoded reply to b.
func (q qualityReply) Append(b []byte) ([]byte, error) {
	b = appendHeader(b, typeQualityReply)
	return binary.BigEndian.AppendUint32(b, q.pong), nil
}

func parseQualityReply(body []byte) (qualityReply, int, error) {
	if err := checkLen(body, qualityReplySize); err != nil {
		return qualityReply{}, 0, err
	}
	return qualityReply{pong: binary.BigEndian.Uint32(body)}, qualityReplySize, nil
}

// checksumReport carries the checksum of one of the sender's confirmed
// frames, for desync detection.
type checksumReport struct {
	frame    int32
	checksum uint64
}

const checksumReportSize = 12

// Append appends the encoded report to b.
func (c checksumReport) Append(b []byte) ([]byte, error) {
	if c.frame < 0 {
		return b, fmt.Errorf("checksum frame %d: %w", c.frame, ErrFrameRange)
	}
	b = appendHeader(b, typeChecksum)
	b = binary.BigEndian.AppendUint32(b, uint32(c.frame))
	return binary.BigEndian.AppendUint64(b, c.checksum), nil
}

func parseChecksumReport(body []byte) (checksumReport, int, error) {
	if err := checkLen(body, checksumReportSize); err != nil {
		return checksumReport{}, 0, err
	}
	c := checksumReport{frame: int32(binary.BigEndian.Uint32(body)), checksum: binary.BigEndian.Uint64(body[4:])}
	if c.frame < 0 {
		return checksumReport{}, 0, fmt.Errorf("checksum frame %d: %w", c.frame, ErrMalformed)
	}
	return c, checksumReportSize, nil
}

// appendEmpty appends a packet with an empty body: keepalive or disconnect.
func appendEmpty(b []byte, t packetType) []byte { return appendHeader(b, t) }

func parseEmpty(body []byte) (int, error) { return 0, checkLen(body, 0) }
