package rollback

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// inputPacket carries a contiguous run of one peer's inputs (every input the
// receiver has not acknowledged), the sender's acknowledgement of the
// receiver's inputs, the sender's current frame for time sync, and two
// sticky control sections: a pending input-delay change and the sender's
// view of disconnected players. Spectator feeds use the same packet with
// every player's inputs.
//
// Layout after the header (uvarint and varint as in encoding/binary; frames
// relative to start are zigzag varints, one byte in the common case):
//
//	start   uvarint  first frame of the inputs
//	frame   varint   sender's current frame, relative to start
//	ack     varint   last contiguous frame received from the receiver, relative to start
//	count   uint8    frames of inputs, 0..MaxPacketFrames
//	bits    uint8    low nibble: the players whose inputs follow, in slot order;
//	                 high nibble: 1 delay change, 2 disconnect list, 4 known frames follow
//	[delay]          frame uvarint, delay uint8
//	[disconnects]    n uint8 (1..MaxPlayers), n × (player uint8, frame uvarint)
//	[known]          mask uint8, per player in mask a varint frame relative to start
//	payload          the compressed inputs (see compress.go), to the end
type inputPacket struct {
	start, frame, ack int32
	count             int
	players           uint8

	hasDelay   bool
	delayFrame int32
	delay      uint8

	ndisc int
	disc  [MaxPlayers]discEntry

	// known holds, for the players in knownMask (players owned by neither
	// side), the last contiguous frame of their inputs the sender has.
	knownMask uint8
	known     [MaxPlayers]int32

	// inputs holds count × popcount(players) bytes, frame-major.
	inputs [MaxPacketFrames * MaxPlayers]byte
}

// discEntry says the sender considers player disconnected from frame on.
type discEntry struct {
	player uint8
	frame  int32
}

const (
	flagDelay  = 1
	flagDisc   = 2
	flagKnown  = 4
	allPlayers = 1<<MaxPlayers - 1
)

// stride returns the number of input bytes per frame.
func (p *inputPacket) stride() int { return bits.OnesCount8(p.players) }

// frameOK reports whether f is a frame number the format can carry.
func frameOK(f int64) bool { return f >= -1 && f <= math.MaxInt32-MaxPacketFrames }

// Append appends the encoded packet to b.
func (p *inputPacket) Append(b []byte) ([]byte, error) {
	if p.start < 0 || p.count < 0 || p.count > MaxPacketFrames || p.players&^allPlayers != 0 || p.knownMask&^allPlayers != 0 || p.ndisc < 0 || p.ndisc > MaxPlayers || int(p.delay) > MaxInputDelay {
		return b, fmt.Errorf("input packet start %d count %d players %#x: %w", p.start, p.count, p.players, ErrMalformed)
	}
	ok := frameOK(int64(p.start)) && frameOK(int64(p.frame)) && frameOK(int64(p.ack)) && (!p.hasDelay || frameOK(int64(p.delayFrame)) && p.delayFrame >= 0)
	for _, d := range p.disc[:p.ndisc] {
		ok = ok && d.frame >= 0 && frameOK(int64(d.frame)) && d.player < MaxPlayers
	}
	for i := range MaxPlayers {
		ok = ok && (p.knownMask&(1<<i) == 0 || frameOK(int64(p.known[i])))
	}
	if !ok {
		return b, fmt.Errorf("input packet start %d frame %d ack %d: %w", p.start, p.frame, p.ack, ErrFrameRange)
	}
	b = appendHeader(b, typeInput)
	b = binary.AppendUvarint(b, uint64(p.start))
	b = binary.AppendVarint(b, int64(p.frame)-int64(p.start))
	b = binary.AppendVarint(b, int64(p.ack)-int64(p.start))
	var flags byte
	if p.hasDelay {
		flags |= flagDelay
	}
	if p.ndisc > 0 {
		flags |= flagDisc
	}
	if p.knownMask != 0 {
		flags |= flagKnown
	}
	b = append(b, byte(p.count), p.players|flags<<4)
	if p.hasDelay {
		b = binary.AppendUvarint(b, uint64(p.delayFrame))
		b = append(b, p.delay)
	}
	if p.ndisc > 0 {
		b = append(b, byte(p.ndisc))
		for _, d := range p.disc[:p.ndisc] {
			b = append(b, d.player)
			b = binary.AppendUvarint(b, uint64(d.frame))
		}
	}
	if p.knownMask != 0 {
		b = append(b, p.knownMask)
		for i := range MaxPlayers {
			if p.knownMask&(1<<i) != 0 {
				b = binary.AppendVarint(b, int64(p.known[i])-int64(p.start))
			}
		}
	}
	return appendCompressed(b, p.inputs[:p.count*p.stride()], p.stride()), nil
}

// wireReader reads the fields of a packet body, remembering the first error.
type wireReader struct {
	b   []byte
	err error
}

func (r *wireReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.err = ErrTruncated
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

// frame reads a uvarint frame number.
func (r *wireReader) frame() int32 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	switch {
	case n == 0:
		r.err = ErrTruncated
		return 0
	case n < 0 || !frameOK(int64(min(v, math.MaxInt64))):
		r.err = fmt.Errorf("frame varint: %w", ErrMalformed)
		return 0
	}
	r.b = r.b[n:]
	return int32(v)
}

// rel reads a frame stored as a varint relative to base.
func (r *wireReader) rel(base int32) int32 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	switch {
	case n == 0:
		r.err = ErrTruncated
		return 0
	case n < 0 || v < -math.MaxInt32 || v > math.MaxInt32 || !frameOK(int64(base)+v):
		r.err = fmt.Errorf("relative frame varint: %w", ErrMalformed)
		return 0
	}
	r.b = r.b[n:]
	return base + int32(v)
}

// parse decodes body (the bytes after the header) into p and returns the
// bytes consumed, which is all of body on success.
func (p *inputPacket) parse(body []byte) (int, error) {
	r := wireReader{b: body}
	p.start = r.frame()
	p.frame = r.rel(p.start)
	p.ack = r.rel(p.start)
	p.count = int(r.byte())
	bitsByte := r.byte()
	if r.err != nil {
		return 0, r.err
	}
	p.players = bitsByte & allPlayers
	flags := bitsByte >> 4
	switch {
	case p.start < 0:
		return 0, fmt.Errorf("start frame %d: %w", p.start, ErrMalformed)
	case p.count > MaxPacketFrames:
		return 0, fmt.Errorf("%d frames: %w", p.count, ErrOversized)
	case flags&^(flagDelay|flagDisc|flagKnown) != 0:
		return 0, fmt.Errorf("flags %#x: %w", flags, ErrMalformed)
	}
	p.hasDelay = flags&flagDelay != 0
	p.delayFrame, p.delay = 0, 0
	if p.hasDelay {
		p.delayFrame = r.frame()
		p.delay = r.byte()
		if r.err == nil && (p.delayFrame < 0 || int(p.delay) > MaxInputDelay) {
			return 0, fmt.Errorf("delay %d at frame %d: %w", p.delay, p.delayFrame, ErrMalformed)
		}
	}
	p.ndisc = 0
	if flags&flagDisc != 0 {
		n := int(r.byte())
		if r.err == nil && (n < 1 || n > MaxPlayers) {
			return 0, fmt.Errorf("%d disconnect entries: %w", n, ErrMalformed)
		}
		for i := 0; i < n && r.err == nil; i++ {
			d := discEntry{player: r.byte(), frame: r.frame()}
			if r.err == nil && (d.player >= MaxPlayers || d.frame < 0) {
				return 0, fmt.Errorf("disconnect of player %d at frame %d: %w", d.player, d.frame, ErrMalformed)
			}
			p.disc[i] = d
		}
		p.ndisc = n
	}
	p.knownMask = 0
	if flags&flagKnown != 0 {
		m := r.byte()
		if r.err == nil && (m == 0 || m&^allPlayers != 0) {
			return 0, fmt.Errorf("known players %#x: %w", m, ErrMalformed)
		}
		for i := range MaxPlayers {
			if m&(1<<i) != 0 {
				p.known[i] = r.rel(p.start)
			}
		}
		p.knownMask = m
	}
	if r.err != nil {
		return 0, r.err
	}
	stride := p.stride()
	if stride == 0 && p.count > 0 {
		return 0, fmt.Errorf("%d frames for no players: %w", p.count, ErrMalformed)
	}
	if err := decompress(p.inputs[:p.count*stride], r.b, stride); err != nil {
		return 0, fmt.Errorf("inputs: %w", err)
	}
	return len(body), nil
}
