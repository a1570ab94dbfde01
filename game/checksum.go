package game

import (
	"encoding/binary"
	"math/bits"
)

// encodedSize is the length of State's canonical encoding.
const encodedSize = 4 + 1 + 1 + 2 + 2 + 1 + 1 + 1 + MaxPlayers + 8 + 2*MaxItems + 1 + MaxPlayers + 8 +
	MaxPlayers*fishSize + MaxItems*itemSize + MaxBullets*bulletSize

const (
	fishSize   = 4*4 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + 1 + 1
	itemSize   = 4*4 + 1 + 1 + 1 + 1 + 1 + 1
	bulletSize = 4*3 + 1 + 1
)

// Checksum returns a 64-bit hash of the state's canonical encoding (see
// AppendBinary). Equal states give equal checksums on every architecture.
// It does not allocate.
func (s *State) Checksum() uint64 {
	var buf [encodedSize]byte
	return hashBytes(s.appendCanonical(buf[:0]))
}

// AppendBinary appends the state's canonical encoding to b: every field that
// influences future frames in a fixed order, integers little endian, with the
// maps (which never change after New) represented by their digest. Events
// are the output of the last Step and are not part of it. It implements
// encoding.BinaryAppender; it is meant for checksums and desync dumps, and
// there is no decoder.
func (s *State) AppendBinary(b []byte) ([]byte, error) {
	return s.appendCanonical(b), nil
}

func (s *State) appendCanonical(b []byte) []byte {
	b = le32(b, uint32(s.frame))
	b = append(b, s.players, byte(s.phase))
	b = le16(b, s.phaseTimer)
	b = le16(b, s.round)
	b = append(b, s.firstMap, s.numMaps, byte(s.lastWinner))
	b = append(b, s.wins[:]...)
	b = le64(b, s.rng.s)
	for _, r := range s.respawn {
		b = le16(b, r)
	}
	b = append(b, s.dying)
	for _, k := range s.killer {
		b = append(b, byte(k))
	}
	b = le64(b, s.mapsDigest)
	for i := range s.fish {
		f := &s.fish[i]
		b = le32(b, uint32(f.X))
		b = le32(b, uint32(f.Y))
		b = le32(b, uint32(f.VX))
		b = le32(b, uint32(f.VY))
		b = append(b, byte(f.Facing), boolByte(f.Alive), boolByte(f.OnGround), boolByte(f.Gliding),
			byte(f.Weapon), f.Ammo, f.Cooldown, f.Swing, f.Stun)
		b = le16(b, f.AnimFrames)
		b = append(b, byte(f.prev), f.airFrames, f.jumpBuffer, f.dropFrames, byte(f.anim))
	}
	for i := range s.items {
		it := &s.items[i]
		b = le32(b, uint32(it.X))
		b = le32(b, uint32(it.Y))
		b = le32(b, uint32(it.VX))
		b = le32(b, uint32(it.VY))
		b = append(b, byte(it.Weapon), it.Ammo, boolByte(it.Thrown), byte(it.Thrower), boolByte(it.Fresh), boolByte(it.OnGround))
	}
	for i := range s.bullets {
		bl := &s.bullets[i]
		b = le32(b, uint32(bl.X))
		b = le32(b, uint32(bl.Y))
		b = le32(b, uint32(bl.VX))
		b = append(b, boolByte(bl.Active), byte(bl.Owner))
	}
	return b
}

// hashBytes hashes b eight bytes at a time (little endian, the tail padded
// with zeros) with a multiply-rotate mix and a final avalanche.
func hashBytes(b []byte) uint64 {
	const (
		k1 = 0x9e3779b97f4a7c15
		k2 = 0xc2b2ae3d27d4eb4f
		k3 = 0x165667b19e3779f9
	)
	h := uint64(len(b)) * k3
	for len(b) >= 8 {
		h ^= binary.LittleEndian.Uint64(b) * k2
		h = bits.RotateLeft64(h, 31) * k1
		b = b[8:]
	}
	var tail [8]byte
	copy(tail[:], b)
	h ^= binary.LittleEndian.Uint64(tail[:]) * k2
	h = bits.RotateLeft64(h, 31) * k1
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func le16(b []byte, v uint16) []byte { return binary.LittleEndian.AppendUint16(b, v) }
func le32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }
func le64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}
