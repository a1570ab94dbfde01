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
// Layout after the header:
//
//	start   int32  first frame of the inputs
//	frame   int16  sender's current frame, relative to start
//	ack     int16  last contiguous frame received from the receiver, relative to start
//	count   uint8  frames of inputs, 0..MaxPacketFrames
//	players uint8  bit set of the players whose inputs follow, in slot order
//	flags   uint8  1: delay change follows, 2: disconnect list follows
//	[delay]        frame int32, delay uint8
//	[disconnects]  n uint8 (1..MaxPlayers), n × (player uint8, frame int32)
//	[known]        mask uint8, per player in mask int16 frame relative to start
//	payload        the compressed inputs (see compress.go), to the end
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
	inputFixedSize = 4 + 2 + 2 + 1 + 1 + 1
	flagDelay      = 1
	flagDisc       = 2
	flagKnown      = 4
	allPlayers     = 1<<MaxPlayers - 1
)

// stride returns the number of input bytes per frame.
func (p *inputPacket) stride() int { return bits.OnesCount8(p.players) }

// Append appends the encoded packet to b.
func (p *inputPacket) Append(b []byte) ([]byte, error) {
	if p.start < 0 || p.count < 0 || p.count > MaxPacketFrames || p.players&^allPlayers != 0 || p.knownMask&^allPlayers != 0 || p.ndisc < 0 || p.ndisc > MaxPlayers {
		return b, fmt.Errorf("input packet start %d count %d players %#x: %w", p.start, p.count, p.players, ErrMalformed)
	}
	fd, ad := int64(p.frame)-int64(p.start), int64(p.ack)-int64(p.start)
	if fd < math.MinInt16 || fd > math.MaxInt16 || ad < math.MinInt16 || ad > math.MaxInt16 || p.ack < -1 || int64(p.start)+int64(p.count) > math.MaxInt32 {
		return b, fmt.Errorf("input packet start %d frame %d ack %d: %w", p.start, p.frame, p.ack, ErrFrameRange)
	}
	b = appendHeader(b, typeInput)
	b = binary.BigEndian.AppendUint32(b, uint32(p.start))
	b = binary.BigEndian.AppendUint16(b, uint16(int16(fd)))
	b = binary.BigEndian.AppendUint16(b, uint16(int16(ad)))
	var flags byte
	if p.hasDelay {
		flags |= flagDelay
	}
	if p.ndisc > 0 {
		flags |= flagDisc
	}
	if p.knownMask != 0 {
		flags |= flagKnown
		for i := range MaxPlayers {
			if d := int64(p.known[i]) - int64(p.start); p.knownMask&(1<<i) != 0 && (d < math.MinInt16 || d > math.MaxInt16 || p.known[i] < -1) {
				return b, fmt.Errorf("input packet start %d known %d: %w", p.start, p.known[i], ErrFrameRange)
			}
		}
	}
	b = append(b, byte(p.count), p.players, flags)
	if p.hasDelay {
		b = binary.BigEndian.AppendUint32(b, uint32(p.delayFrame))
		b = append(b, p.delay)
	}
	if p.ndisc > 0 {
		b = append(b, byte(p.ndisc))
		for _, d := range p.disc[:p.ndisc] {
			b = append(b, d.player)
			b = binary.BigEndian.AppendUint32(b, uint32(d.frame))
		}
	}
	if p.knownMask != 0 {
		b = append(b, p.knownMask)
		for i := range MaxPlayers {
			if p.knownMask&(1<<i) != 0 {
				b = binary.BigEndian.AppendUint16(b, uint16(int16(p.known[i]-p.start)))
			}
		}
	}
	return appendCompressed(b, p.inputs[:p.count*p.stride()], p.stride()), nil
}

// parse decodes body (the bytes after the header) into p and returns the
// bytes consumed, which is all of body on success.
func (p *inputPacket) parse(body []byte) (int, error) {
	if len(body) < inputFixedSize {
		return 0, ErrTruncated
	}
	p.start = int32(binary.BigEndian.Uint32(body))
	p.frame = p.start + int32(int16(binary.BigEndian.Uint16(body[4:])))
	p.ack = p.start + int32(int16(binary.BigEndian.Uint16(body[6:])))
	p.count = int(body[8])
	p.players = body[9]
	flags := body[10]
	switch {
	case p.start < 0 || p.start > math.MaxInt32-MaxPacketFrames:
		return 0, fmt.Errorf("start frame %d: %w", p.start, ErrMalformed)
	case p.ack < -1:
		return 0, fmt.Errorf("ack %d: %w", p.ack, ErrMalformed)
	case p.count > MaxPacketFrames:
		return 0, fmt.Errorf("%d frames: %w", p.count, ErrOversized)
	case p.players&^allPlayers != 0:
		return 0, fmt.Errorf("players %#x: %w", p.players, ErrMalformed)
	case flags&^(flagDelay|flagDisc|flagKnown) != 0:
		return 0, fmt.Errorf("flags %#x: %w", flags, ErrMalformed)
	}
	rest := body[inputFixedSize:]
	p.hasDelay = flags&flagDelay != 0
	if p.hasDelay {
		if len(rest) < 5 {
			return 0, ErrTruncated
		}
		p.delayFrame = int32(binary.BigEndian.Uint32(rest))
		p.delay = rest[4]
		if p.delayFrame < 0 || int(p.delay) > MaxInputDelay {
			return 0, fmt.Errorf("delay %d at frame %d: %w", p.delay, p.delayFrame, ErrMalformed)
		}
		rest = rest[5:]
	}
	p.ndisc = 0
	if flags&flagDisc != 0 {
		if len(rest) < 1 {
			return 0, ErrTruncated
		}
		n := int(rest[0])
		if n < 1 || n > MaxPlayers {
			return 0, fmt.Errorf("%d disconnect entries: %w", n, ErrMalformed)
		}
		rest = rest[1:]
		if len(rest) < 5*n {
			return 0, ErrTruncated
		}
		for i := range n {
			d := discEntry{player: rest[0], frame: int32(binary.BigEndian.Uint32(rest[1:]))}
			if d.player >= MaxPlayers || d.frame < 0 {
				return 0, fmt.Errorf("disconnect of player %d at frame %d: %w", d.player, d.frame, ErrMalformed)
			}
			p.disc[i] = d
			rest = rest[5:]
		}
		p.ndisc = n
	}
	p.knownMask = 0
	if flags&flagKnown != 0 {
		if len(rest) < 1 {
			return 0, ErrTruncated
		}
		m := rest[0]
		if m == 0 || m&^allPlayers != 0 {
			return 0, fmt.Errorf("known players %#x: %w", m, ErrMalformed)
		}
		rest = rest[1:]
		for i := range MaxPlayers {
			if m&(1<<i) == 0 {
				continue
			}
			if len(rest) < 2 {
				return 0, ErrTruncated
			}
			p.known[i] = p.start + int32(int16(binary.BigEndian.Uint16(rest)))
			if p.known[i] < -1 {
				return 0, fmt.Errorf("known frame %d: %w", p.known[i], ErrMalformed)
			}
			rest = rest[2:]
		}
		p.knownMask = m
	}
	stride := p.stride()
	if stride == 0 && p.count > 0 {
		return 0, fmt.Errorf("%d frames for no players: %w", p.count, ErrMalformed)
	}
	if err := decompress(p.inputs[:p.count*stride], rest, stride); err != nil {
		return 0, fmt.Errorf("inputs: %w", err)
	}
	return len(body), nil
}
