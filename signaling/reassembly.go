package signaling

import (
	"bytes"
	"fmt"
	"time"
	"unicode/utf8"
)

// Reassembly limits against peers that start descriptions and never finish
// them.
const (
	// MaxPendingDescriptions bounds the unfinished descriptions per sender.
	MaxPendingDescriptions = 4
	// DescriptionTimeout is how long an unfinished description is kept.
	DescriptionTimeout = 10 * time.Second
)

// Reassembler joins description chunks back into SDP text. It is bounded:
// at most MaxPendingDescriptions unfinished descriptions per sender, each of
// at most MaxChunks chunks and MaxDescription bytes, dropped after
// DescriptionTimeout. Time comes in as an argument. The zero value is ready
// to use; it is not safe for concurrent use.
type Reassembler struct {
	parts map[partKey]*partial
	done  map[partKey]time.Time // recently completed, to ignore late duplicates
}

// maxDone bounds the memory of completed descriptions.
const maxDone = 256

type partKey struct {
	from string // sender session id
	op   int64
	id   uint32
}

type partial struct {
	chunks  [][]byte
	got     int
	size    int
	started time.Time
}

// Add records chunk c of an op (OpOffer or OpAnswer) description from the
// sender with session id from. It returns the SDP and true once the last
// missing chunk arrives. A chunk that contradicts earlier ones (another
// count, different bytes for the same index) drops the description and is
// an ErrMalformed error; exceeding a limit is an ErrLimit error.
func (r *Reassembler) Add(from string, op int64, c DescriptionChunk, now time.Time) (string, bool, error) {
	if c.Count == 1 {
		if !utf8.Valid(c.Data) {
			return "", false, fmt.Errorf("description: %w: not UTF-8", ErrMalformed)
		}
		return string(c.Data), true, nil
	}
	r.expire(now)
	if r.parts == nil {
		r.parts = make(map[partKey]*partial)
	}
	k := partKey{from: from, op: op, id: c.ID}
	if _, ok := r.done[k]; ok {
		return "", false, nil // a late duplicate of a finished description
	}
	p := r.parts[k]
	if p == nil {
		if r.pending(from) >= MaxPendingDescriptions {
			return "", false, fmt.Errorf("description: %w: %d unfinished descriptions from one sender",
				ErrLimit, MaxPendingDescriptions)
		}
		p = &partial{chunks: make([][]byte, c.Count), started: now}
		r.parts[k] = p
	}
	switch {
	case len(p.chunks) != c.Count:
		delete(r.parts, k)
		return "", false, fmt.Errorf("description: %w: chunk count %d, earlier %d", ErrMalformed, c.Count, len(p.chunks))
	case p.chunks[c.Index] != nil:
		if bytes.Equal(p.chunks[c.Index], c.Data) {
			return "", false, nil // a duplicate
		}
		delete(r.parts, k)
		return "", false, fmt.Errorf("description: %w: chunk %d sent twice with different data", ErrMalformed, c.Index)
	case p.size+len(c.Data) > MaxDescription:
		delete(r.parts, k)
		return "", false, fmt.Errorf("description: %w: more than %d bytes", ErrLimit, MaxDescription)
	}
	p.chunks[c.Index] = bytes.Clone(c.Data)
	p.got++
	p.size += len(c.Data)
	if p.got < len(p.chunks) {
		return "", false, nil
	}
	delete(r.parts, k)
	r.finished(k, now)
	sdp := bytes.Join(p.chunks, nil)
	if !utf8.Valid(sdp) {
		return "", false, fmt.Errorf("description: %w: not UTF-8", ErrMalformed)
	}
	return string(sdp), true, nil
}

// Forget drops the unfinished descriptions of a sender, for instance when it
// leaves the match.
func (r *Reassembler) Forget(from string) {
	for k := range r.parts {
		if k.from == from {
			delete(r.parts, k)
		}
	}
	for k := range r.done {
		if k.from == from {
			delete(r.done, k)
		}
	}
}

// Pending returns the number of unfinished descriptions.
func (r *Reassembler) Pending() int { return len(r.parts) }

func (r *Reassembler) pending(from string) int {
	n := 0
	for k := range r.parts {
		if k.from == from {
			n++
		}
	}
	return n
}

// finished remembers a completed description for DescriptionTimeout.
func (r *Reassembler) finished(k partKey, now time.Time) {
	if r.done == nil {
		r.done = make(map[partKey]time.Time)
	}
	if len(r.done) >= maxDone {
		clear(r.done) // only late duplicates are at stake
	}
	r.done[k] = now
}

func (r *Reassembler) expire(now time.Time) {
	for k, at := range r.done {
		if now.Sub(at) >= DescriptionTimeout {
			delete(r.done, k)
		}
	}
	for k, p := range r.parts {
		if now.Sub(p.started) >= DescriptionTimeout {
			delete(r.parts, k)
		}
	}
}
