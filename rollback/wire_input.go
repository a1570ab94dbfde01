package rollback

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// inputPacket carries a contiguous run of one peer's inputs (every input the
// receiver has not acknowledged), the sender's acknowledgement of the
// receiver's inputs, the sender's current frame for time sync, and optional
// sections: third-party progress, a checksum report, a quality report, a
// pending input-delay change and the sender's view of disconnected
// players. Spectator feeds use the same packet with every player's inputs.
//
// The header's flags say which sections follow: 1 known frames, 2 a
// checksum report, 4 a more byte with further flags. The body (uvarint and
// varint as in encoding/binary; a nibble holds a small signed number
// zigzag-encoded, −7..7 as 0..14, or 15 when the number follows as a
// varint):
//
//	start   uvarint  first frame of the inputs
//	shape   uint8    low nibble: the players whose inputs follow, in slot order;
//	                 high nibble: count, the frames of inputs, or 15 when ≥ 15
//	lead    uint8    low nibble: frame, the sender's current frame, relative
//	                 to start+count (minus its input delay, normally);
//	                 high nibble: ack, the last contiguous frame received from
//	                 the receiver, relative to frame
//	[count] uint8    15..MaxPacketFrames, when its nibble is 15
//	[frame] varint   relative to start+count, when its nibble is 15
//	[ack]   varint   relative to frame, when its nibble is 15
//	[more]  uint8    nonzero: 1 quality report, 2 delay change, 4 disconnect list
//	[known]          mask uint8, per player in mask a varint frame relative to start
//	[checksum]       frame varint relative to start, checksum uint64
//	[quality]        advantage int8, ping uint32
//	[delay]          frame uvarint, delay uint8
//	[disconnects]    n uint8 (1..MaxPlayers), n × (player uint8, frame uvarint);
//	                 the player byte's high nibble is the entry's agreement
//	                 (see discEntry)
//	payload          the compressed inputs (see compress.go), to the end
//
// Every field but the payload has exactly one encoding: varints are
// minimal and a number that fits its nibble is never escaped; parse
// rejects anything else.
//
// The inputs are coded relative to the receiver's own copy of the same
// players' inputs of frame start-1 (zeros when start is 0), which the
// receiver always has: start is one past what it acknowledged.
// Append codes against base; parse leaves every input XORed with that row,
// for the receiver to undo (rebase).
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

	hasSum bool
	sum    checksumReport

	hasQuality bool
	quality    qualityReport

	// base holds popcount(players) bytes: the inputs of frame start-1 the
	// payload is coded against (Append only; parse leaves it zero).
	base [MaxPlayers]byte
	// inputs holds count × popcount(players) bytes, frame-major.
	inputs [MaxPacketFrames * MaxPlayers]byte
}

// discEntry says the sender considers player disconnected from frame on.
type discEntry struct {
	player uint8
	frame  int32
	// agreed is agreeOpen until the disconnect is final at the sender, then
	// agreeFinal, then agreeBoth once the sender has heard that it is final
	// at the receiver too.
	agreed uint8
}

// Agreement states of a discEntry.
const (
	agreeOpen = iota
	agreeFinal
	agreeBoth
)

const (
	// Header flags of input packets.
	flagKnown    = 1
	flagChecksum = 2
	flagMore     = 4
	// Flags of the more byte.
	moreQuality = 1
	moreDelay   = 2
	moreDisc    = 4

	allPlayers = 1<<MaxPlayers - 1

	// nibbleEscape in a nibble means the number follows in full.
	nibbleEscape = 15
)

// stride returns the number of input bytes per frame.
func (p *inputPacket) stride() int { return bits.OnesCount8(p.players) }

// frameOK reports whether f is a frame number the format can carry.
func frameOK(f int64) bool { return f >= -1 && f <= math.MaxInt32-MaxPacketFrames }

// nibble returns v zigzag-encoded if it fits a nibble, else nibbleEscape.
func nibble(v int64) uint8 {
	if v < -7 || v > 7 {
		return nibbleEscape
	}
	return uint8(v<<1 ^ v>>63)
}

// Append appends the encoded packet to b.
func (p *inputPacket) Append(b []byte) ([]byte, error) {
	if p.start < 0 || p.count < 0 || p.count > MaxPacketFrames || p.players&^allPlayers != 0 || p.knownMask&^allPlayers != 0 || p.ndisc < 0 || p.ndisc > MaxPlayers || int(p.delay) > MaxInputDelay {
		return b, fmt.Errorf("input packet start %d count %d players %#x: %w", p.start, p.count, p.players, ErrMalformed)
	}
	ok := frameOK(int64(p.start)) && frameOK(int64(p.frame)) && frameOK(int64(p.ack)) && (!p.hasDelay || frameOK(int64(p.delayFrame)) && p.delayFrame >= 0) && (!p.hasSum || frameOK(int64(p.sum.frame)) && p.sum.frame >= 0)
	for _, d := range p.disc[:p.ndisc] {
		ok = ok && d.frame >= 0 && frameOK(int64(d.frame)) && d.player < MaxPlayers && d.agreed <= agreeBoth
	}
	for i := range MaxPlayers {
		ok = ok && (p.knownMask&(1<<i) == 0 || frameOK(int64(p.known[i])))
	}
	if !ok {
		return b, fmt.Errorf("input packet start %d frame %d ack %d: %w", p.start, p.frame, p.ack, ErrFrameRange)
	}
	var flags, more uint8
	if p.knownMask != 0 {
		flags |= flagKnown
	}
	if p.hasSum {
		flags |= flagChecksum
	}
	if p.hasQuality {
		more |= moreQuality
	}
	if p.hasDelay {
		more |= moreDelay
	}
	if p.ndisc > 0 {
		more |= moreDisc
	}
	if more != 0 {
		flags |= flagMore
	}
	b = appendHeader(b, typeInput, flags)
	b = binary.AppendUvarint(b, uint64(p.start))
	end := int64(p.start) + int64(p.count)
	frame := int64(p.frame) - end
	ack := int64(p.ack) - int64(p.frame)
	fn, an := nibble(frame), nibble(ack)
	b = append(b, byte(min(p.count, nibbleEscape))<<4|p.players, an<<4|fn)
	if p.count >= nibbleEscape {
		b = append(b, byte(p.count))
	}
	if fn == nibbleEscape {
		b = binary.AppendVarint(b, frame)
	}
	if an == nibbleEscape {
		b = binary.AppendVarint(b, ack)
	}
	if more != 0 {
		b = append(b, more)
	}
	if p.knownMask != 0 {
		b = append(b, p.knownMask)
		for i := range MaxPlayers {
			if p.knownMask&(1<<i) != 0 {
				b = binary.AppendVarint(b, int64(p.known[i])-int64(p.start))
			}
		}
	}
	if p.hasSum {
		b = binary.AppendVarint(b, int64(p.sum.frame)-int64(p.start))
		b = binary.BigEndian.AppendUint64(b, p.sum.checksum)
	}
	if p.hasQuality {
		b = append(b, byte(p.quality.advantage))
		b = binary.BigEndian.AppendUint32(b, p.quality.ping)
	}
	if p.hasDelay {
		b = binary.AppendUvarint(b, uint64(p.delayFrame))
		b = append(b, p.delay)
	}
	if p.ndisc > 0 {
		b = append(b, byte(p.ndisc))
		for _, d := range p.disc[:p.ndisc] {
			b = append(b, d.agreed<<4|d.player)
			b = binary.AppendUvarint(b, uint64(d.frame))
		}
	}
	stride := p.stride()
	return appendCompressed(b, p.inputs[:p.count*stride], p.base[:stride], stride), nil
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

// fixed reads n ≤ 8 big-endian bytes.
func (r *wireReader) fixed(n int) uint64 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < n {
		r.err = ErrTruncated
		return 0
	}
	var v uint64
	for _, c := range r.b[:n] {
		v = v<<8 | uint64(c)
	}
	r.b = r.b[n:]
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
	case n < 0 || n > 1 && r.b[n-1] == 0 || !frameOK(int64(min(v, math.MaxInt64))):
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
	case n < 0 || n > 1 && r.b[n-1] == 0 || v < -math.MaxInt32 || v > math.MaxInt32 || !frameOK(int64(base)+v):
		r.err = fmt.Errorf("relative frame varint: %w", ErrMalformed)
		return 0
	}
	r.b = r.b[n:]
	return base + int32(v)
}

// nibble returns the frame that nibble n, or the varint following when n
// is nibbleEscape, stores relative to base.
func (r *wireReader) nibble(n uint8, base int32) int32 {
	if r.err != nil {
		return 0
	}
	if n == nibbleEscape {
		f := r.rel(base)
		if r.err == nil && nibble(int64(f)-int64(base)) != nibbleEscape {
			r.err = fmt.Errorf("escaped frame %d relative to %d: %w", f, base, ErrMalformed)
		}
		return f
	}
	f := int64(base) + (int64(n>>1) ^ -int64(n&1))
	if !frameOK(f) {
		r.err = fmt.Errorf("frame %d: %w", f, ErrMalformed)
		return 0
	}
	return int32(f)
}

// parse decodes the body of an input packet with header h into p and
// returns the bytes consumed, which is all of body on success.
func (p *inputPacket) parse(h header, body []byte) (int, error) {
	flags := h.flags()
	r := wireReader{b: body}
	p.start = r.frame()
	shape := r.byte()
	lead := r.byte()
	if r.err != nil {
		return 0, r.err
	}
	if p.start < 0 {
		return 0, fmt.Errorf("start frame %d: %w", p.start, ErrMalformed)
	}
	p.players = shape & allPlayers
	p.count = int(shape >> 4)
	if p.count == nibbleEscape {
		p.count = int(r.byte())
		switch {
		case r.err != nil:
		case p.count < nibbleEscape:
			return 0, fmt.Errorf("escaped count %d: %w", p.count, ErrMalformed)
		case p.count > MaxPacketFrames:
			return 0, fmt.Errorf("%d frames: %w", p.count, ErrOversized)
		}
	}
	p.frame = r.nibble(lead&0x0f, p.start+int32(p.count))
	p.ack = r.nibble(lead>>4, p.frame)
	var more uint8
	if flags&flagMore != 0 {
		more = r.byte()
		if r.err == nil && (more == 0 || more&^(moreQuality|moreDelay|moreDisc) != 0) {
			return 0, fmt.Errorf("more flags %#x: %w", more, ErrMalformed)
		}
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
	p.hasSum, p.sum = flags&flagChecksum != 0, checksumReport{}
	if p.hasSum {
		p.sum = checksumReport{frame: r.rel(p.start), checksum: r.fixed(8)}
		if r.err == nil && p.sum.frame < 0 {
			return 0, fmt.Errorf("checksum frame %d: %w", p.sum.frame, ErrMalformed)
		}
	}
	p.hasQuality, p.quality = more&moreQuality != 0, qualityReport{}
	if p.hasQuality {
		p.quality = qualityReport{advantage: int8(r.byte()), ping: uint32(r.fixed(4))}
	}
	p.hasDelay = more&moreDelay != 0
	p.delayFrame, p.delay = 0, 0
	if p.hasDelay {
		p.delayFrame = r.frame()
		p.delay = r.byte()
		if r.err == nil && (p.delayFrame < 0 || int(p.delay) > MaxInputDelay) {
			return 0, fmt.Errorf("delay %d at frame %d: %w", p.delay, p.delayFrame, ErrMalformed)
		}
	}
	p.ndisc = 0
	if more&moreDisc != 0 {
		n := int(r.byte())
		if r.err == nil && (n < 1 || n > MaxPlayers) {
			return 0, fmt.Errorf("%d disconnect entries: %w", n, ErrMalformed)
		}
		for i := 0; i < n && r.err == nil; i++ {
			pb := r.byte()
			d := discEntry{player: pb & 0x0f, agreed: pb >> 4, frame: r.frame()}
			if r.err == nil && (d.player >= MaxPlayers || d.agreed > agreeBoth || d.frame < 0) {
				return 0, fmt.Errorf("disconnect of player %d at frame %d (agreement %d): %w", d.player, d.frame, d.agreed, ErrMalformed)
			}
			p.disc[i] = d
		}
		p.ndisc = n
	}
	if r.err != nil {
		return 0, r.err
	}
	stride := p.stride()
	if stride == 0 && p.count > 0 {
		return 0, fmt.Errorf("%d frames for no players: %w", p.count, ErrMalformed)
	}
	p.base = [MaxPlayers]byte{}
	if err := decompress(p.inputs[:p.count*stride], r.b, stride); err != nil {
		return 0, fmt.Errorf("inputs: %w", err)
	}
	return len(body), nil
}

// rebase undoes the payload's coding against base, the receiver's inputs
// of frame start-1 for the packet's players, in rows [from, count).
func (p *inputPacket) rebase(base *[MaxPlayers]byte, from int) {
	stride := p.stride()
	for i := from * stride; i < p.count*stride; i += stride {
		for j := range stride {
			p.inputs[i+j] ^= base[j]
		}
	}
}
