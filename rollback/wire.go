package rollback

import (
	"encoding/binary"
	"fmt"
)

// Every game packet starts with a one-byte header: the wire version in the
// high nibble and the packet kind in the low nibble. A kind with its high
// bit set is an input packet whose low three bits flag optional sections
// (see inputPacket); the others are control packets:
//
//	vvvv 1fff  input packet, flags fff
//	vvvv 0001  quality reply
//	vvvv 0010  keepalive
//	vvvv 0011  disconnect
//
// Version 1 packets began with a whole version byte (1), which reads here
// as version nibble 0 and is rejected as another version, as version 1
// peers reject these. Bodies have fixed layouts (big-endian) and every
// decoder checks lengths exactly.
const (
	// WireVersion is the game-packet protocol version this package speaks.
	WireVersion = 2
	// MaxPacketSize bounds every game packet; larger ones are rejected
	// unread. Input packets stay well below it.
	MaxPacketSize = 1200
	// MaxPacketFrames bounds the frames one input packet carries.
	MaxPacketFrames = 128

	headerSize = 1
)

// packetType identifies a game packet's body.
type packetType uint8

const (
	typeQualityReply packetType = iota + 1
	typeKeepalive
	typeDisconnect

	// typeInput is the kind bit of input packets.
	typeInput packetType = 8
)

func (t packetType) String() string {
	switch t {
	case typeInput:
		return "input"
	case typeQualityReply:
		return "quality reply"
	case typeKeepalive:
		return "keepalive"
	case typeDisconnect:
		return "disconnect"
	}
	return fmt.Sprintf("type %d", uint8(t))
}

// header is a packet's first byte.
type header uint8

func (h header) version() uint8 { return uint8(h) >> 4 }

// kind returns the packet type, typeInput for every input packet.
func (h header) kind() packetType {
	if h&header(typeInput) != 0 {
		return typeInput
	}
	return packetType(h & 0x0f)
}

// flags returns an input packet's section flags.
func (h header) flags() uint8 { return uint8(h) & 7 }

// appendHeader appends the header of a packet of type t; flags (input
// packets only) must fit in three bits.
func appendHeader(b []byte, t packetType, flags uint8) []byte {
	return append(b, WireVersion<<4|byte(t)|flags)
}

// parseHeader returns the header of the packet b and its body.
func parseHeader(b []byte) (header, []byte, error) {
	if len(b) > MaxPacketSize {
		return 0, nil, fmt.Errorf("%d bytes: %w", len(b), ErrOversized)
	}
	if len(b) < headerSize {
		return 0, nil, ErrTruncated
	}
	h := header(b[0])
	if v := h.version(); v != WireVersion {
		if v == 0 {
			v = b[0] // a version 1 style version byte
		}
		return 0, nil, fmt.Errorf("version %d: %w", v, ErrVersion)
	}
	if t := h.kind(); t != typeInput && (t < typeQualityReply || t > typeDisconnect) {
		return 0, nil, fmt.Errorf("%v: %w", t, ErrPacketType)
	}
	return h, b[headerSize:], nil
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
// frame advantage. It travels as a section of an input packet.
type qualityReport struct {
	// advantage is how many frames the sender estimates the receiver is
	// ahead of it, clamped to int8.
	advantage int8
	// ping is the sender's clock in microseconds, echoed in the reply.
	ping uint32
}

// qualityReply echoes a qualityReport's ping, at once, in a packet of its
// own.
type qualityReply struct {
	pong uint32
}

const qualityReplySize = 4

// Append appends the encoded reply to b.
func (q qualityReply) Append(b []byte) ([]byte, error) {
	b = appendHeader(b, typeQualityReply, 0)
	return binary.BigEndian.AppendUint32(b, q.pong), nil
}

func parseQualityReply(body []byte) (qualityReply, int, error) {
	if err := checkLen(body, qualityReplySize); err != nil {
		return qualityReply{}, 0, err
	}
	return qualityReply{pong: binary.BigEndian.Uint32(body)}, qualityReplySize, nil
}

// checksumReport carries the checksum of one of the sender's confirmed
// frames, for desync detection. It travels as a section of an input
// packet.
type checksumReport struct {
	frame    int32
	checksum uint64
}

// appendEmpty appends a packet with an empty body: keepalive or disconnect.
func appendEmpty(b []byte, t packetType) []byte { return appendHeader(b, t, 0) }

func parseEmpty(body []byte) (int, error) { return 0, checkLen(body, 0) }
