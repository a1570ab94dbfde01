package signaling

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// Op codes of the signaling messages carried as Nakama match data.
const (
	// OpHello announces our client version to the match (broadcast).
	OpHello int64 = 1
	// OpOffer carries (a chunk of) an SDP offer to one peer.
	OpOffer int64 = 2
	// OpAnswer carries (a chunk of) an SDP answer to one peer.
	OpAnswer int64 = 3
	// OpCandidate carries one ICE candidate to one peer.
	OpCandidate int64 = 4
	// OpBye tells one peer, or everyone, that we are leaving.
	OpBye int64 = 5
	// OpRelay carries a game packet relayed through the server. Its payload
	// is the packet itself, with no header: relay mode sends one per frame.
	OpRelay int64 = 6
)

// ProtocolVersion is the version byte that starts every signaling payload
// except relayed packets, whose format the game packet defines.
const ProtocolVersion = 1

// Field limits enforced by encoders and decoders.
const (
	// MaxSessionID bounds the session id a message is addressed to.
	MaxSessionID = 64
	// MaxCandidate bounds an ICE candidate line.
	MaxCandidate = 1024
	// MaxMid bounds a candidate's sdpMid.
	MaxMid = 64
	// MaxUfrag bounds a candidate's username fragment.
	MaxUfrag = 256
	// MaxChunks bounds how many chunks one description may be split into.
	MaxChunks = 32
	// MaxDescription bounds a reassembled SDP description.
	MaxDescription = 64 << 10
	// MaxRelayPacket bounds a relayed game packet; with a 4096-byte frame
	// limit about 2900 bytes fit in practice (see Socket.MaxPayload).
	MaxRelayPacket = 3072
)

// ByeReason says why a peer leaves.
type ByeReason uint8

// Bye reasons.
const (
	// ByeLeaving: the player quit the match.
	ByeLeaving ByeReason = 1
	// ByeVersionMismatch: the peer's hello carried another client version.
	ByeVersionMismatch ByeReason = 2
	// ByeFailed: the connection to this peer could not be established.
	ByeFailed ByeReason = 3
)

// String returns the reason as text.
func (r ByeReason) String() string {
	switch r {
	case ByeLeaving:
		return "leaving"
	case ByeVersionMismatch:
		return "version mismatch"
	case ByeFailed:
		return "connection failed"
	}
	return fmt.Sprintf("ByeReason(%d)", uint8(r))
}

// Candidate is an ICE candidate addressed to one peer, as in WebRTC's
// RTCIceCandidateInit.
type Candidate struct {
	// To is the session id of the peer it is for.
	To string
	// Candidate is the candidate line ("candidate:..."); empty signals the
	// end of candidates.
	Candidate string
	// SDPMid, SDPMLineIndex and UsernameFragment are optional.
	SDPMid           *string
	SDPMLineIndex    *uint16
	UsernameFragment *string
}

// DescriptionChunk is one piece of an SDP offer or answer.
type DescriptionChunk struct {
	// To is the session id of the peer it is for.
	To string
	// ID identifies the description among the sender's descriptions, so
	// chunks of a renegotiation never mix with the previous one.
	ID uint32
	// Index is the chunk's position, Count the number of chunks (1-32).
	Index, Count int
	// Data is the chunk's part of the SDP text.
	Data []byte
}

// candidate flags
const (
	flagMid   = 1 << 0
	flagMLine = 1 << 1
	flagUfrag = 1 << 2
	flagAll   = flagMid | flagMLine | flagUfrag
)

// appendString appends a one-byte length and s.
func appendString(b []byte, field, s string, maxLen int) ([]byte, error) {
	if len(s) > maxLen {
		return nil, fmt.Errorf("%s is %d bytes, limit %d: %w", field, len(s), maxLen, ErrInvalidArgument)
	}
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("%s is not UTF-8: %w", field, ErrInvalidArgument)
	}
	return append(append(b, byte(len(s))), s...), nil
}

// AppendHello appends a hello payload announcing clientVersion to b.
func AppendHello(b []byte, clientVersion string) ([]byte, error) {
	if clientVersion == "" {
		return nil, fmt.Errorf("hello: empty client version: %w", ErrInvalidArgument)
	}
	return appendString(append(b, ProtocolVersion), "hello: client version", clientVersion, maxClientVersion)
}

// ParseHello decodes a hello payload and returns the client version.
func ParseHello(p []byte) (string, error) {
	r := reader{p: p}
	r.version()
	v := r.str(maxClientVersion)
	r.end()
	if r.err == nil && v == "" {
		r.fail("empty client version")
	}
	if r.err != nil {
		return "", fmt.Errorf("hello: %w", r.err)
	}
	return v, nil
}

// descriptionHeader is the size of a chunk header without the session id.
const descriptionHeader = 1 + 1 + 4 + 1 + 1

// SplitDescription encodes the SDP description sdp for the peer with session
// id to as payloads of at most maxPayload bytes each (see Socket.MaxPayload),
// numbered so the receiver can reassemble them. Most descriptions fit one.
func SplitDescription(to string, id uint32, sdp string, maxPayload int) ([][]byte, error) {
	if sdp == "" || len(sdp) > MaxDescription {
		return nil, fmt.Errorf("description: %d bytes, want 1-%d: %w", len(sdp), MaxDescription, ErrInvalidArgument)
	}
	if !utf8.ValidString(sdp) {
		return nil, fmt.Errorf("description: not UTF-8: %w", ErrInvalidArgument)
	}
	if to == "" {
		return nil, fmt.Errorf("description: no recipient: %w", ErrInvalidArgument)
	}
	head, err := appendString([]byte{ProtocolVersion}, "description: recipient", to, MaxSessionID)
	if err != nil {
		return nil, err
	}
	room := maxPayload - len(head) - 4 - 2
	if room < 1 {
		return nil, fmt.Errorf("description: payload limit %d leaves no room: %w", maxPayload, ErrInvalidArgument)
	}
	count := (len(sdp) + room - 1) / room
	if count > MaxChunks {
		return nil, fmt.Errorf("description: %d bytes need %d chunks of %d, limit %d: %w",
			len(sdp), count, room, MaxChunks, ErrInvalidArgument)
	}
	out := make([][]byte, 0, count)
	for i := range count {
		part := sdp[i*room : min((i+1)*room, len(sdp))]
		b := make([]byte, 0, len(head)+6+len(part))
		b = append(b, head...)
		b = binary.BigEndian.AppendUint32(b, id)
		b = append(b, byte(i), byte(count))
		out = append(out, append(b, part...))
	}
	return out, nil
}

// ParseDescriptionChunk decodes one chunk of an offer or answer.
func ParseDescriptionChunk(p []byte) (DescriptionChunk, error) {
	r := reader{p: p}
	r.version()
	c := DescriptionChunk{To: r.str(MaxSessionID)}
	c.ID = r.u32()
	c.Index, c.Count = int(r.u8()), int(r.u8())
	c.Data = r.rest()
	switch {
	case r.err != nil:
	case c.To == "":
		r.fail("no recipient")
	case c.Count < 1 || c.Count > MaxChunks:
		r.fail(fmt.Sprintf("chunk count %d not in 1-%d", c.Count, MaxChunks))
	case c.Index >= c.Count:
		r.fail(fmt.Sprintf("chunk %d of %d", c.Index, c.Count))
	case len(c.Data) == 0:
		r.fail("empty chunk")
	}
	if r.err != nil {
		return DescriptionChunk{}, fmt.Errorf("description: %w", r.err)
	}
	return c, nil
}

// AppendCandidate appends an ICE candidate payload to b.
func AppendCandidate(b []byte, c Candidate) ([]byte, error) {
	if c.To == "" {
		return nil, fmt.Errorf("candidate: no recipient: %w", ErrInvalidArgument)
	}
	if len(c.Candidate) > MaxCandidate || !utf8.ValidString(c.Candidate) {
		return nil, fmt.Errorf("candidate: line of %d bytes (limit %d) or not UTF-8: %w",
			len(c.Candidate), MaxCandidate, ErrInvalidArgument)
	}
	b, err := appendString(append(b, ProtocolVersion), "candidate: recipient", c.To, MaxSessionID)
	if err != nil {
		return nil, err
	}
	var flags byte
	if c.SDPMid != nil {
		flags |= flagMid
	}
	if c.SDPMLineIndex != nil {
		flags |= flagMLine
	}
	if c.UsernameFragment != nil {
		flags |= flagUfrag
	}
	b = append(b, flags)
	if c.SDPMLineIndex != nil {
		b = binary.BigEndian.AppendUint16(b, *c.SDPMLineIndex)
	}
	if c.SDPMid != nil {
		if b, err = appendString(b, "candidate: sdpMid", *c.SDPMid, MaxMid); err != nil {
			return nil, err
		}
	}
	if c.UsernameFragment != nil {
		if b, err = appendString(b, "candidate: username fragment", *c.UsernameFragment, MaxUfrag); err != nil {
			return nil, err
		}
	}
	return append(b, c.Candidate...), nil
}

// ParseCandidate decodes an ICE candidate payload.
func ParseCandidate(p []byte) (Candidate, error) {
	r := reader{p: p}
	r.version()
	c := Candidate{To: r.str(MaxSessionID)}
	flags := r.u8()
	if r.err == nil && flags&^flagAll != 0 {
		r.fail(fmt.Sprintf("unknown flags %#x", flags))
	}
	if flags&flagMLine != 0 {
		v := r.u16()
		c.SDPMLineIndex = &v
	}
	if flags&flagMid != 0 {
		v := r.str(MaxMid)
		c.SDPMid = &v
	}
	if flags&flagUfrag != 0 {
		v := r.str(MaxUfrag)
		c.UsernameFragment = &v
	}
	line := r.rest()
	switch {
	case r.err != nil:
	case c.To == "":
		r.fail("no recipient")
	case len(line) > MaxCandidate:
		r.fail(fmt.Sprintf("candidate line of %d bytes, limit %d", len(line), MaxCandidate))
	case !utf8.Valid(line):
		r.fail("candidate line not UTF-8")
	}
	if r.err != nil {
		return Candidate{}, fmt.Errorf("candidate: %w", r.err)
	}
	c.Candidate = string(line)
	return c, nil
}

// AppendBye appends a bye payload to b, for the peer with session id to or,
// with to empty, for everyone.
func AppendBye(b []byte, to string, reason ByeReason) ([]byte, error) {
	if reason < ByeLeaving || reason > ByeFailed {
		return nil, fmt.Errorf("bye: unknown reason %d: %w", reason, ErrInvalidArgument)
	}
	b, err := appendString(append(b, ProtocolVersion), "bye: recipient", to, MaxSessionID)
	if err != nil {
		return nil, err
	}
	return append(b, byte(reason)), nil
}

// ParseBye decodes a bye payload; to is empty for a bye to everyone.
func ParseBye(p []byte) (to string, reason ByeReason, err error) {
	r := reader{p: p}
	r.version()
	to = r.str(MaxSessionID)
	reason = ByeReason(r.u8())
	r.end()
	if r.err == nil && (reason < ByeLeaving || reason > ByeFailed) {
		r.fail(fmt.Sprintf("unknown reason %d", reason))
	}
	if r.err != nil {
		return "", 0, fmt.Errorf("bye: %w", r.err)
	}
	return to, reason, nil
}

// ParseRelay checks a relayed game packet and returns it.
func ParseRelay(p []byte) ([]byte, error) {
	if len(p) == 0 || len(p) > MaxRelayPacket {
		return nil, fmt.Errorf("relay: packet of %d bytes, want 1-%d: %w", len(p), MaxRelayPacket, ErrMalformed)
	}
	return p, nil
}

// reader decodes a payload strictly; the first problem sticks in err and
// every later read returns zero values.
type reader struct {
	p   []byte
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s", ErrMalformed, msg)
	}
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.p) < n {
		r.fail("truncated")
		return nil
	}
	b := r.p[:n]
	r.p = r.p[n:]
	return b
}

func (r *reader) u8() byte {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (r *reader) version() {
	if v := r.u8(); r.err == nil && v != ProtocolVersion {
		r.fail(fmt.Sprintf("protocol version %d, want %d", v, ProtocolVersion))
	}
}

// str reads a one-byte length and that many bytes of UTF-8.
func (r *reader) str(maxLen int) string {
	n := int(r.u8())
	if r.err == nil && n > maxLen {
		r.fail(fmt.Sprintf("string of %d bytes, limit %d", n, maxLen))
	}
	b := r.take(n)
	if r.err == nil && !utf8.Valid(b) {
		r.fail("string not UTF-8")
	}
	return string(b)
}

func (r *reader) rest() []byte {
	if r.err != nil {
		return nil
	}
	b := r.p
	r.p = nil
	return b
}

func (r *reader) end() {
	if r.err == nil && len(r.p) != 0 {
		r.fail(fmt.Sprintf("%d trailing bytes", len(r.p)))
	}
}
