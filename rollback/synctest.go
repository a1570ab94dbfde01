package rollback

import "fmt"

// MismatchError reports the first frame whose resimulation gave a different
// checksum than its first simulation. It wraps ErrMismatch.
type MismatchError struct {
	Frame       int32
	First, Then uint64
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("frame %d: first simulation %#016x, resimulation %#016x: %v", e.Frame, e.First, e.Then, ErrMismatch)
}

func (e *MismatchError) Unwrap() error { return ErrMismatch }

// SyncTestSession finds nondeterminism in one process: every frame it rolls
// back checkDistance frames, resimulates them with the same inputs and
// compares each resimulated frame's checksum with the first one.
type SyncTestSession[S any] struct {
	players  int
	distance int32
	frame    int32
	cells    []Cell[S]
	check    []Cell[S]
	pending  bool
	inputs   [][MaxPlayers]byte
	reqs     []Request[S]
	err      error
}

// MaxCheckDistance bounds a sync test's check distance.
const MaxCheckDistance = 60

// NewSyncTest returns a sync test for players players (1..MaxPlayers) that
// rolls back checkDistance frames (1..MaxCheckDistance) every frame.
func NewSyncTest[S any](players, checkDistance int) (*SyncTestSession[S], error) {
	if players < 1 || players > MaxPlayers {
		return nil, fmt.Errorf("%d players, want 1..%d: %w", players, MaxPlayers, ErrConfig)
	}
	if checkDistance < 1 || checkDistance > MaxCheckDistance {
		return nil, fmt.Errorf("check distance %d not in 1..%d: %w", checkDistance, MaxCheckDistance, ErrConfig)
	}
	n := checkDistance + 2
	return &SyncTestSession[S]{
		players:  players,
		distance: int32(checkDistance),
		cells:    make([]Cell[S], n),
		check:    make([]Cell[S], checkDistance),
		inputs:   make([][MaxPlayers]byte, n),
		reqs:     make([]Request[S], 0, 2*n+2),
	}, nil
}

// Frame returns the next frame the session will simulate.
func (s *SyncTestSession[S]) Frame() int32 { return s.frame }

// AdvanceFrame checks the previous call's resimulation, then returns the
// requests for this frame: save it, load the state checkDistance frames
// back, resimulate up to this frame (saving each resimulated state for
// comparison), then advance with inputs (one byte per player). After a
// mismatch every call returns the same *MismatchError.
func (s *SyncTestSession[S]) AdvanceFrame(inputs []byte) ([]Request[S], error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if len(inputs) != s.players {
		return nil, fmt.Errorf("%d inputs for %d players: %w", len(inputs), s.players, ErrInputCount)
	}
	n := int32(len(s.cells))
	s.reqs = s.reqs[:0]
	var in [MaxPlayers]byte
	copy(in[:], inputs)
	s.inputs[s.frame%n] = in
	c := &s.cells[s.frame%n]
	c.reset(s.frame)
	s.reqs = append(s.reqs, Request[S]{Kind: RequestSave, Frame: s.frame, Cell: c})
	if s.frame >= s.distance {
		g := s.frame - s.distance
		s.reqs = append(s.reqs, Request[S]{Kind: RequestLoad, Frame: g, Cell: &s.cells[g%n]})
		for f := g; f < s.frame; f++ {
			s.reqs = append(s.reqs, Request[S]{Kind: RequestAdvance, Frame: f, Inputs: s.inputs[f%n]})
			k := &s.check[f-g]
			k.reset(f + 1)
			s.reqs = append(s.reqs, Request[S]{Kind: RequestSave, Frame: f + 1, Cell: k})
		}
		s.pending = true
	}
	s.reqs = append(s.reqs, Request[S]{Kind: RequestAdvance, Frame: s.frame, Inputs: in})
	s.frame++
	return s.reqs, nil
}

// Check compares the checksums the caller saved while executing the last
// requests; call it after the final AdvanceFrame. It returns a
// *MismatchError for the first frame that differs.
func (s *SyncTestSession[S]) Check() error {
	if s.err != nil || !s.pending {
		return s.err
	}
	s.pending = false
	n := int32(len(s.cells))
	for i := range s.check {
		k := &s.check[i]
		c := &s.cells[k.frame%n]
		if k.saved && c.saved && c.frame == k.frame && k.checksum != c.checksum {
			s.err = &MismatchError{Frame: k.frame, First: c.checksum, Then: k.checksum}
			break
		}
	}
	return s.err
}
