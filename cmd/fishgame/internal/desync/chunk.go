package desync

import (
	"encoding/binary"
	"fmt"
	"hash/crc64"
)

// Chunk message format, version 1: one piece of a dump, sized for a
// control channel message (p2p.MaxMessageSize is 2048 bytes). Integers are
// little endian.
//
//	offset  size  field
//	0       4     magic "FGDC"
//	4       1     chunk format version (1)
//	5       4     frame of the desync
//	9       1     sender's slot
//	10      4     dump length L (1..MaxDumpSize)
//	14      8     CRC-64 (ECMA) of the whole dump
//	22      2     chunk index i (0..n-1)
//	24      2     chunk count n = ceil(L / ChunkPayload)
//	26            bytes i*ChunkPayload up to min(L, (i+1)*ChunkPayload) of
//	              the dump: ChunkPayload bytes, fewer in the last chunk
const (
	// ChunkPayload is the number of dump bytes in every chunk but the last.
	ChunkPayload = 1536
	// ChunkHeaderSize is the size of a chunk's header.
	ChunkHeaderSize = 26
	// MaxChunkSize is the size of the largest chunk message.
	MaxChunkSize = ChunkHeaderSize + ChunkPayload
	// MaxDumpSize bounds a dump sent in chunks: over an hour of a 4-player
	// match's inputs with a checksum a frame.
	MaxDumpSize = 1 << 22

	chunkMagic   = "FGDC"
	chunkVersion = 1
)

var crcTable = crc64.MakeTable(crc64.ECMA)

// Chunk is one decoded chunk message.
type Chunk struct {
	// Frame is the frame of the desync the dump is about.
	Frame int32
	// Slot is the sender's player slot.
	Slot int
	// Size is the whole dump's length.
	Size int
	// Sum is the CRC-64 (ECMA) of the whole dump.
	Sum uint64
	// Index and Count place the chunk among the dump's chunks.
	Index, Count int
	// Payload is the chunk's piece of the dump; it aliases the message.
	Payload []byte
}

// chunkCount is the number of chunks of a dump of size bytes.
func chunkCount(size int) int { return (size + ChunkPayload - 1) / ChunkPayload }

// SplitDump splits a dump (Report.AppendDump) of the desync at frame, sent
// by slot, into chunk messages of at most MaxChunkSize bytes, to be sent in
// order over a reliable channel.
func SplitDump(frame int32, slot int, dump []byte) ([][]byte, error) {
	switch {
	case len(dump) == 0 || len(dump) > MaxDumpSize:
		return nil, fmt.Errorf("dump of %d bytes, expected 1 to %d: %w", len(dump), MaxDumpSize, ErrChunk)
	case frame < 0 || slot < 0 || slot > 0xff:
		return nil, fmt.Errorf("frame %d slot %d: %w", frame, slot, ErrChunk)
	}
	sum := crc64.Checksum(dump, crcTable)
	n := chunkCount(len(dump))
	out := make([][]byte, 0, n)
	for i := range n {
		part := dump[i*ChunkPayload : min(len(dump), (i+1)*ChunkPayload)]
		b := make([]byte, 0, ChunkHeaderSize+len(part))
		b = append(b, chunkMagic...)
		b = append(b, chunkVersion)
		b = binary.LittleEndian.AppendUint32(b, uint32(frame))
		b = append(b, byte(slot))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(dump)))
		b = binary.LittleEndian.AppendUint64(b, sum)
		b = binary.LittleEndian.AppendUint16(b, uint16(i))
		b = binary.LittleEndian.AppendUint16(b, uint16(n))
		out = append(out, append(b, part...))
	}
	return out, nil
}

// ParseChunk decodes a chunk message. Malformed or inconsistent data gives
// an error wrapping ErrChunk; it never panics. The payload aliases msg.
func ParseChunk(msg []byte) (Chunk, error) {
	bad := func(format string, a ...any) (Chunk, error) {
		return Chunk{}, fmt.Errorf(format+": %w", append(a, ErrChunk)...)
	}
	if len(msg) < ChunkHeaderSize {
		return bad("%d bytes, shorter than the %d-byte header", len(msg), ChunkHeaderSize)
	}
	if string(msg[:4]) != chunkMagic {
		return bad("magic %q, expected %q", msg[:4], chunkMagic)
	}
	if msg[4] != chunkVersion {
		return bad("chunk version %d, expected %d", msg[4], chunkVersion)
	}
	c := Chunk{
		Frame:   int32(binary.LittleEndian.Uint32(msg[5:])),
		Slot:    int(msg[9]),
		Size:    int(binary.LittleEndian.Uint32(msg[10:])),
		Sum:     binary.LittleEndian.Uint64(msg[14:]),
		Index:   int(binary.LittleEndian.Uint16(msg[22:])),
		Count:   int(binary.LittleEndian.Uint16(msg[24:])),
		Payload: msg[ChunkHeaderSize:],
	}
	switch {
	case c.Frame < 0:
		return bad("frame %d, expected 0 or more", c.Frame)
	case c.Size < 1 || c.Size > MaxDumpSize:
		return bad("dump of %d bytes, expected 1 to %d", c.Size, MaxDumpSize)
	case c.Count != chunkCount(c.Size):
		return bad("%d chunks for a dump of %d bytes, expected %d", c.Count, c.Size, chunkCount(c.Size))
	case c.Index >= c.Count:
		return bad("chunk %d of %d", c.Index, c.Count)
	}
	if want := min(c.Size, (c.Index+1)*ChunkPayload) - c.Index*ChunkPayload; len(c.Payload) != want {
		return bad("chunk %d of %d holds %d bytes, expected %d", c.Index, c.Count, len(c.Payload), want)
	}
	return c, nil
}

// Reassembler puts a peer's dump back together from its chunks. It holds
// one dump at a time: a chunk of another dump (another frame, sender, size
// or checksum) drops the one in progress and starts that one, so a peer
// that moved on to a later desync is followed. It bounds the memory a peer
// can make it hold to its size limit. The zero value is not usable; call
// NewReassembler. It is not safe for concurrent use.
type Reassembler struct {
	max  int
	cur  Chunk // header of the dump in progress; Count == 0 when none
	buf  []byte
	have []bool
	left int
}

// NewReassembler returns a reassembler of dumps up to maxSize bytes
// (MaxDumpSize if maxSize <= 0 or above it).
func NewReassembler(maxSize int) *Reassembler {
	if maxSize <= 0 || maxSize > MaxDumpSize {
		maxSize = MaxDumpSize
	}
	return &Reassembler{max: maxSize}
}

// Add takes one chunk message. Once it completes a dump, Add returns it
// (for ParseDump or Report.AttachDump) with done true; the dump is the
// caller's. A malformed or duplicate chunk, or a dump over the size limit,
// gives an error wrapping ErrChunk and leaves the dump in progress as it
// was; a complete dump whose checksum is wrong gives ErrDumpChecksum and
// is dropped.
func (r *Reassembler) Add(msg []byte) (dump []byte, done bool, err error) {
	c, err := ParseChunk(msg)
	if err != nil {
		return nil, false, err
	}
	if c.Size > r.max {
		return nil, false, fmt.Errorf("dump of %d bytes, this peer takes at most %d: %w", c.Size, r.max, ErrChunk)
	}
	if r.cur.Count == 0 || c.Frame != r.cur.Frame || c.Slot != r.cur.Slot || c.Size != r.cur.Size || c.Sum != r.cur.Sum {
		r.cur = c
		r.cur.Payload = nil
		r.buf = make([]byte, c.Size)
		r.have = make([]bool, c.Count)
		r.left = c.Count
	}
	if r.have[c.Index] {
		return nil, false, fmt.Errorf("chunk %d of %d received twice: %w", c.Index, c.Count, ErrChunk)
	}
	r.have[c.Index] = true
	r.left--
	copy(r.buf[c.Index*ChunkPayload:], c.Payload)
	if r.left > 0 {
		return nil, false, nil
	}
	dump, want := r.buf, r.cur.Sum
	*r = Reassembler{max: r.max}
	if got := crc64.Checksum(dump, crcTable); got != want {
		return nil, false, fmt.Errorf("dump of frame %d from slot %d: CRC-64 %#016x, its chunks announced %#016x: %w",
			c.Frame, c.Slot, got, want, ErrDumpChecksum)
	}
	return dump, true, nil
}
