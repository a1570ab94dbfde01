package rollbacktest

import (
	"encoding/binary"
	"math/rand/v2"

	"github.com/fishgame/fishgame/rollback"
)

// Toy is a tiny deterministic game: each player's position integrates its
// inputs and a running hash folds in every input, so any divergence in the
// inputs a peer simulated shows in the checksum.
type Toy struct {
	Frame int32
	Pos   [rollback.MaxPlayers]int32
	Hash  uint64
}

// Step simulates one frame.
func (t *Toy) Step(in [rollback.MaxPlayers]byte) {
	for p, v := range in {
		t.Pos[p] += int32(v&0x0f) - int32(v>>4)
		t.Hash = (t.Hash ^ uint64(v)<<uint(8*p)) * 1099511628211
	}
	t.Frame++
}

// Checksum hashes the state's canonical encoding.
func (t *Toy) Checksum() uint64 {
	var b [4 + 4*rollback.MaxPlayers + 8]byte
	binary.LittleEndian.PutUint32(b[:], uint32(t.Frame))
	for p, v := range t.Pos {
		binary.LittleEndian.PutUint32(b[4+4*p:], uint32(v))
	}
	binary.LittleEndian.PutUint64(b[4+4*rollback.MaxPlayers:], t.Hash)
	h := uint64(14695981039346656037) // FNV-1a
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// Script produces a player's inputs: held for a while, then changed, like a
// person pressing buttons. It is seeded and deterministic.
type Script struct {
	rng *rand.Rand
	cur byte
}

// NewScript returns the input script of player under seed.
func NewScript(seed uint64, player int) *Script {
	return &Script{rng: rand.New(rand.NewPCG(seed, uint64(player)+1))}
}

// Next returns the next frame's input.
func (s *Script) Next() byte {
	if s.rng.IntN(8) == 0 {
		s.cur = byte(s.rng.IntN(256))
	}
	return s.cur
}

// Run executes reqs against t.
func Run(t *Toy, reqs []rollback.Request[Toy]) {
	for _, r := range reqs {
		switch r.Kind {
		case rollback.RequestSave:
			r.Cell.Save(*t, t.Checksum())
		case rollback.RequestLoad:
			*t = r.Cell.State()
		case rollback.RequestAdvance:
			t.Step(r.Inputs)
		}
	}
}
