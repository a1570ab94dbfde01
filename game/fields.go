package game

import (
	"encoding/binary"
	"fmt"
	"strconv"
)

// StateEncodingVersion identifies the layout of State's canonical encoding
// (AppendBinary). It changes whenever a field is added, removed or moved, so
// a dump stored in a file can be read back by ParseFields only by a build
// that encodes states the same way.
const StateEncodingVersion = 1

// StateEncodingSize is the length of State's canonical encoding in bytes.
const StateEncodingSize = encodedSize

// FieldKind says how a Field's value is best shown.
type FieldKind uint8

// The field kinds.
const (
	// FieldInt is a signed or unsigned integer.
	FieldInt FieldKind = iota
	// FieldBool is 0 (false) or 1 (true).
	FieldBool
	// FieldHex is a 64-bit hash or generator state, shown in hexadecimal.
	FieldHex
)

// Field is one named value of a State's canonical encoding, such as
// "fish[1].x" = 1200. Paths use the simulation's own names; values are
// integers (booleans are 0 or 1, enums their number, hashes their bits).
type Field struct {
	// Path names the field: "frame", "wins[2]", "fish[1].vx", "items[3].weapon".
	Path string
	// Value is the field's value; FieldHex values are uint64 bits.
	Value int64
	// Kind says how to show Value.
	Kind FieldKind
}

// FormatValue formats v as the field's kind shows it: decimal, true/false,
// or 0x followed by 16 hex digits.
func (f Field) FormatValue(v int64) string {
	switch f.Kind {
	case FieldBool:
		return strconv.FormatBool(v != 0)
	case FieldHex:
		return fmt.Sprintf("0x%016x", uint64(v))
	}
	return strconv.FormatInt(v, 10)
}

// String formats the field as "path: value".
func (f Field) String() string { return f.Path + ": " + f.FormatValue(f.Value) }

// FieldDiff is one field whose value differs between two states.
type FieldDiff struct {
	// Field is the field as it is in the first state.
	Field
	// Other is the field's value in the second state.
	Other int64
}

// String formats the difference as "path: a != b".
func (d FieldDiff) String() string {
	return d.Path + ": " + d.FormatValue(d.Value) + " != " + d.FormatValue(d.Other)
}

// Fields returns every field of the state's canonical encoding with its
// path and value, in encoding order: the same order on every machine and
// every call. It allocates; it is meant for desync dumps, not hot paths.
func (s *State) Fields() []Field {
	var buf [encodedSize]byte
	fields, _ := ParseFields(s.appendCanonical(buf[:0]))
	return fields
}

// Diff returns the fields whose values differ between a and b, in encoding
// order, such as "fish[1].x: 1200 != 1201". Equal states give none.
func Diff(a, b *State) []FieldDiff {
	var ba, bb [encodedSize]byte
	d, _ := DiffEncoded(a.appendCanonical(ba[:0]), b.appendCanonical(bb[:0]))
	return d
}

// DiffEncoded is Diff for two canonical encodings (from AppendBinary, as
// stored in a desync report). It fails as ParseFields does if either is not
// an encoding of this StateEncodingVersion.
func DiffEncoded(a, b []byte) ([]FieldDiff, error) {
	fa, err := ParseFields(a)
	if err != nil {
		return nil, fmt.Errorf("first state: %w", err)
	}
	fb, err := ParseFields(b)
	if err != nil {
		return nil, fmt.Errorf("second state: %w", err)
	}
	var out []FieldDiff
	for i := range fa {
		if fa[i].Value != fb[i].Value {
			out = append(out, FieldDiff{Field: fa[i], Other: fb[i].Value})
		}
	}
	return out, nil
}

// ParseFields splits a canonical state encoding (AppendBinary's output)
// into named fields. Data of another length gives an error wrapping
// ErrStateEncoding; it never panics.
func ParseFields(enc []byte) ([]Field, error) {
	if len(enc) != encodedSize {
		return nil, fmt.Errorf("%d bytes, expected %d (state encoding version %d): %w",
			len(enc), encodedSize, StateEncodingVersion, ErrStateEncoding)
	}
	r := fieldReader{b: enc, out: make([]Field, 0, fieldCount)}
	r.int("frame", 4)
	r.uint("players", 1)
	r.uint("phase", 1)
	r.uint("phaseTimer", 2)
	r.uint("round", 2)
	r.uint("firstMap", 1)
	r.uint("numMaps", 1)
	r.int("lastWinner", 1)
	for i := range MaxPlayers {
		r.uint(indexed("wins", i), 1)
	}
	r.hex("rng")
	for i := range MaxItems {
		r.uint(indexed("respawn", i), 2)
	}
	r.uint("dying", 1)
	for i := range MaxPlayers {
		r.int(indexed("killer", i), 1)
	}
	r.hex("mapsDigest")
	for i := range MaxPlayers {
		p := indexed("fish", i) + "."
		r.int(p+"x", 4)
		r.int(p+"y", 4)
		r.int(p+"vx", 4)
		r.int(p+"vy", 4)
		r.int(p+"facing", 1)
		r.bool(p + "alive")
		r.bool(p + "onGround")
		r.bool(p + "gliding")
		r.uint(p+"weapon", 1)
		r.uint(p+"ammo", 1)
		r.uint(p+"cooldown", 1)
		r.uint(p+"swing", 1)
		r.uint(p+"stun", 1)
		r.uint(p+"animFrames", 2)
		r.uint(p+"prev", 1)
		r.uint(p+"airFrames", 1)
		r.uint(p+"jumpBuffer", 1)
		r.uint(p+"dropFrames", 1)
		r.uint(p+"anim", 1)
	}
	for i := range MaxItems {
		p := indexed("items", i) + "."
		r.int(p+"x", 4)
		r.int(p+"y", 4)
		r.int(p+"vx", 4)
		r.int(p+"vy", 4)
		r.uint(p+"weapon", 1)
		r.uint(p+"ammo", 1)
		r.bool(p + "thrown")
		r.int(p+"thrower", 1)
		r.bool(p + "fresh")
		r.bool(p + "onGround")
	}
	for i := range MaxBullets {
		p := indexed("bullets", i) + "."
		r.int(p+"x", 4)
		r.int(p+"y", 4)
		r.int(p+"vx", 4)
		r.bool(p + "active")
		r.int(p+"owner", 1)
	}
	return r.out, nil
}

// fieldCount is the number of fields ParseFields returns.
const fieldCount = 8 + MaxPlayers + 1 + MaxItems + 1 + MaxPlayers + 1 + MaxPlayers*19 + MaxItems*10 + MaxBullets*5

func indexed(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

// fieldReader reads little-endian fields of a buffer whose length was
// checked against the whole layout.
type fieldReader struct {
	b   []byte
	off int
	out []Field
}

func (r *fieldReader) raw(n int) uint64 {
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(r.b[r.off+i])
	}
	r.off += n
	return v
}

func (r *fieldReader) uint(path string, n int) {
	r.out = append(r.out, Field{Path: path, Value: int64(r.raw(n))})
}

func (r *fieldReader) int(path string, n int) {
	v := r.raw(n)
	shift := 64 - 8*uint(n)
	r.out = append(r.out, Field{Path: path, Value: int64(v<<shift) >> shift})
}

func (r *fieldReader) bool(path string) {
	r.out = append(r.out, Field{Path: path, Value: int64(r.raw(1)), Kind: FieldBool})
}

func (r *fieldReader) hex(path string) {
	r.out = append(r.out, Field{Path: path, Value: int64(binary.LittleEndian.Uint64(r.b[r.off:])), Kind: FieldHex})
	r.off += 8
}
