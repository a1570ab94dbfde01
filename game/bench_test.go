package game

import "testing"

// benchState returns a 4-fish match in play, a little way into round 1,
// with n bullets flying along open rows where they hit no fish.
func benchState(b *testing.B, n int) State {
	b.Helper()
	s, err := New(Config{Players: 4, Seed: 7, Map: 1})
	if err != nil {
		b.Fatal(err)
	}
	for f := range 30 {
		s.Step(scripted(f))
	}
	for i := range n {
		// Rows 0-1 of the reef are open between the side walls.
		s.bullets[i] = Bullet{
			X:      int32(2*TileSize+i*8) * SubPixel,
			Y:      int32(4+i%2*16) * SubPixel,
			VX:     BulletSpeed / 8, // slow, so they stay in the air for the whole benchmark
			Active: true,
			Owner:  int8(i % 4),
		}
	}
	if s.Phase() != PhasePlay || s.Alive() != 4 {
		b.Fatalf("benchmark state: phase %v, %d alive; want play with 4", s.Phase(), s.Alive())
	}
	return s
}

// BenchmarkStep steps a 4-fish match with 16 live bullets. Every 64 frames
// the prepared state is restored so the bullets never run out.
func BenchmarkStep(b *testing.B) {
	base := benchState(b, 16)
	var ins [64][MaxPlayers]Input
	for i := range ins {
		ins[i] = scripted(30 + i)
	}
	s := base
	i := 0
	for b.Loop() {
		if i&63 == 0 {
			s = base
		}
		s.Step(ins[i&63])
		i++
	}
	live := 0
	for j := range s.bullets {
		if s.bullets[j].Active {
			live++
		}
	}
	if live < 16 {
		b.Fatalf("%d bullets live at the end, want 16", live)
	}
}

//go:noinline
func copyState(dst, src *State) { *dst = *src }

// BenchmarkSaveLoad copies the state out and back, as a rollback save and load.
func BenchmarkSaveLoad(b *testing.B) {
	s := benchState(b, 16)
	var saved State
	for b.Loop() {
		copyState(&saved, &s) // save
		copyState(&s, &saved) // load
	}
}

// BenchmarkRollback8 is the worst case of one rollback frame: load a state
// 8 frames back, then step 8 frames, saving after each.
func BenchmarkRollback8(b *testing.B) {
	base := benchState(b, 16)
	var ring [9]State
	var ins [8][MaxPlayers]Input
	for i := range ins {
		ins[i] = scripted(30 + i)
	}
	ring[0] = base
	var s State
	for b.Loop() {
		copyState(&s, &ring[0])
		for k := range 8 {
			s.Step(ins[k])
			copyState(&ring[k+1], &s)
		}
	}
}

// BenchmarkChecksum hashes the canonical encoding of a busy state.
func BenchmarkChecksum(b *testing.B) {
	s := benchState(b, 16)
	var sink uint64
	for b.Loop() {
		sink += s.Checksum()
	}
	_ = sink
}
