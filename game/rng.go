package game

// Rand is a small deterministic pseudo-random generator (SplitMix64). Its
// whole state is one uint64, so it copies with the value that holds it.
type Rand struct{ s uint64 }

// NewRand returns a generator seeded with seed.
func NewRand(seed uint64) Rand { return Rand{s: seed} }

// Uint64 returns the next 64 pseudo-random bits.
func (r *Rand) Uint64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Intn returns a pseudo-random number in [0, n); it returns 0 when n <= 0.
func (r *Rand) Intn(n int32) int32 {
	if n <= 0 {
		return 0
	}
	return int32((r.Uint64() >> 32) * uint64(n) >> 32)
}

// State returns the generator's internal state, for checksums and encoding.
func (r *Rand) State() uint64 { return r.s }
