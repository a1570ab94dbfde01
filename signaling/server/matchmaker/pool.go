package matchmaker

import (
	"fmt"
	"slices"
)

// Config tunes a Pool.
type Config struct {
	// MaxIntervals is how many Process calls a ticket waits for a group of
	// its full MaxCount before it settles for any size from MinCount up
	// (Nakama's matchmaker.max_intervals, default 2 there). 0 settles at once.
	MaxIntervals int
	// MaxTicketsPerSession caps the tickets one session may hold (Nakama's
	// matchmaker.max_tickets, default 3 there). 0 means no cap.
	MaxTicketsPerSession int
	// MaxTicketsPerUser caps the tickets one user may hold over all of its
	// sessions. 0 means no cap.
	MaxTicketsPerUser int
	// MaxCount is the largest MaxCount a ticket may ask for. 0 means no cap;
	// the cost of forming groups is bounded by the candidates either way.
	MaxCount int
}

// entry is a ticket in the pool with its parsed query and bookkeeping.
type entry struct {
	t         Ticket
	q         *Query
	seq       uint64 // insertion order: lower is older
	intervals int    // Process calls survived
	taken     bool   // matched during the current Process
}

// Pool holds the tickets waiting for a match. It is not safe for concurrent
// use: the server guards it with one mutex.
type Pool struct {
	cfg       Config
	entries   []*entry // oldest first
	byID      map[string]*entry
	perSess   map[string]int // tickets by session id
	perUser   map[string]int // tickets by user id
	seq       uint64
	candidate []candidate // scratch, reused across Process calls
	group     []*entry    // scratch
}

type candidate struct {
	e     *entry
	score float64
}

// New returns an empty pool.
func New(cfg Config) *Pool {
	return &Pool{cfg: cfg, byID: map[string]*entry{}, perSess: map[string]int{}, perUser: map[string]int{}}
}

// Len returns the number of tickets waiting.
func (p *Pool) Len() int { return len(p.entries) }

// Get returns the waiting ticket with this id.
func (p *Pool) Get(ticketID string) (Ticket, bool) {
	e, ok := p.byID[ticketID]
	if !ok {
		return Ticket{}, false
	}
	return e.t, true
}

// Add validates t and puts it in the pool. Errors are ErrMinCount,
// ErrMaxCount, ErrCountMultiple, ErrMultipleMinCount, ErrMultipleMaxCount,
// ErrTicketID, ErrPresence, a wrapped ErrMaxCountLimit, ErrTooManyTickets,
// ErrTooManyUserTickets or a wrapped ErrQuery; the pool is unchanged on
// error. The pool keeps its own copy of the property maps.
func (p *Pool) Add(t Ticket) error {
	q, err := t.Validate()
	if err != nil {
		return err
	}
	if n := p.cfg.MaxCount; n > 0 && t.MaxCount > n {
		return fmt.Errorf("%w %d", ErrMaxCountLimit, n)
	}
	if _, dup := p.byID[t.ID]; dup {
		return fmt.Errorf("%w: %q is already in the pool", ErrTicketID, t.ID)
	}
	if n := p.cfg.MaxTicketsPerSession; n > 0 && p.perSess[t.Presence.SessionID] >= n {
		return ErrTooManyTickets
	}
	if n := p.cfg.MaxTicketsPerUser; n > 0 && p.perUser[t.Presence.UserID] >= n {
		return ErrTooManyUserTickets
	}
	t.StringProperties = cloneMap(t.StringProperties)
	t.NumericProperties = cloneMap(t.NumericProperties)
	p.seq++
	e := &entry{t: t, q: q, seq: p.seq}
	p.entries = append(p.entries, e)
	p.byID[t.ID] = e
	p.perSess[t.Presence.SessionID]++
	p.perUser[t.Presence.UserID]++
	return nil
}

func cloneMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return nil
	}
	c := make(map[string]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Remove removes the ticket if it belongs to sessionID, as Nakama's
// matchmaker_remove does. It reports false for an unknown ticket, a ticket
// already matched, or one owned by another session (Nakama then answers
// error 3 "Matchmaker ticket not found").
func (p *Pool) Remove(sessionID, ticketID string) bool {
	e, ok := p.byID[ticketID]
	if !ok || e.t.Presence.SessionID != sessionID {
		return false
	}
	p.forget(e)
	p.entries = slices.DeleteFunc(p.entries, func(x *entry) bool { return x == e })
	return true
}

// RemoveSession removes every ticket of a session (its socket closed) and
// returns their ids, oldest first.
func (p *Pool) RemoveSession(sessionID string) []string {
	if p.perSess[sessionID] == 0 {
		return nil
	}
	var ids []string
	p.entries = slices.DeleteFunc(p.entries, func(e *entry) bool {
		if e.t.Presence.SessionID != sessionID {
			return false
		}
		ids = append(ids, e.t.ID)
		p.forget(e)
		return true
	})
	return ids
}

func (p *Pool) forget(e *entry) {
	delete(p.byID, e.t.ID)
	decrement(p.perSess, e.t.Presence.SessionID)
	decrement(p.perUser, e.t.Presence.UserID)
}

// decrement lowers a ticket count, forgetting it at 0.
func decrement(counts map[string]int, key string) {
	if n := counts[key] - 1; n > 0 {
		counts[key] = n
	} else {
		delete(counts, key)
	}
}

// Process runs one matchmaker interval and returns the groups formed, in
// the order they formed; matched tickets leave the pool.
//
// Tickets are visited oldest first. The visited ticket looks for the largest
// group it can form: its full MaxCount while it is still waiting (fewer than
// Config.MaxIntervals intervals), then any size down to its MinCount.
// Candidates are other users' tickets that accept it and that it accepts,
// ranked by the boosts of its should terms and then by age; a candidate joins
// only if it and every member accept each other, the size fits every
// member's MinCount and MaxCount and is a multiple of every CountMultiple,
// and no user appears twice. Tickets left in the pool count one more
// interval.
func (p *Pool) Process() []Match {
	var out []Match
	for _, a := range p.entries {
		if a.taken {
			continue
		}
		if g := p.formGroup(a); g != nil {
			m := Match{Tickets: make([]Ticket, len(g))}
			slices.SortFunc(g, func(x, y *entry) int { return cmpSeq(x.seq, y.seq) })
			for i, e := range g {
				e.taken = true
				m.Tickets[i] = e.t
			}
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		for _, e := range p.entries {
			e.intervals++
		}
		return nil
	}
	p.entries = slices.DeleteFunc(p.entries, func(e *entry) bool {
		if e.taken {
			p.forget(e)
			return true
		}
		e.intervals++
		return false
	})
	return out
}

func cmpSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// formGroup returns the members of the best group a can lead this interval,
// a first, or nil.
func (p *Pool) formGroup(a *entry) []*entry {
	sc := scan{p: p, a: a, cands: p.candidate[:0]}
	defer func() { p.candidate = sc.cands[:0] }()
	if a.q.HasShould() {
		// Ranking needs every candidate; stable sort keeps age order
		// among equal scores.
		sc.fill(len(p.entries))
		slices.SortStableFunc(sc.cands, func(x, y candidate) int {
			switch {
			case x.score > y.score:
				return -1
			case x.score < y.score:
				return 1
			}
			return 0
		})
	}
	lowest := a.t.MaxCount
	if a.intervals >= p.cfg.MaxIntervals {
		lowest = a.t.MinCount
	}
	// No group is larger than the pool, nor than a and all of its
	// candidates once they are known: sizes beyond either are never tried,
	// so a huge MaxCount costs no more than the tickets that could join.
	size := min(a.t.MaxCount, len(p.entries))
	for size >= lowest {
		if g := p.fillGroup(&sc, size); g != nil {
			return g
		}
		size--
		if sc.exhausted() {
			size = min(size, 1+len(sc.cands))
		}
	}
	return nil
}

// scan gathers a's candidates lazily, in age order, so that a query without
// should terms stops looking once its group is full instead of checking the
// whole pool.
type scan struct {
	p     *Pool
	a     *entry
	pos   int // next entry to examine
	cands []candidate
}

// fill examines entries until it holds n candidates or the pool is exhausted.
func (s *scan) fill(n int) {
	a := s.a
	for len(s.cands) < n && s.pos < len(s.p.entries) {
		c := s.p.entries[s.pos]
		s.pos++
		if c == a || c.taken || c.t.Presence.UserID == a.t.Presence.UserID {
			continue
		}
		if c.t.MaxCount < a.t.MinCount || c.t.MinCount > a.t.MaxCount {
			continue
		}
		if !accepts(a, c) || !accepts(c, a) {
			continue
		}
		s.cands = append(s.cands, candidate{e: c, score: a.q.Score(c.t.StringProperties, c.t.NumericProperties)})
	}
}

// exhausted reports whether every entry has been examined, so that cands
// holds all of a's candidates.
func (s *scan) exhausted() bool { return s.pos == len(s.p.entries) }

// at returns candidate i, scanning further when needed.
func (s *scan) at(i int) (candidate, bool) {
	s.fill(i + 1)
	if i < len(s.cands) {
		return s.cands[i], true
	}
	return candidate{}, false
}

// fillGroup greedily picks candidates, best first, into a group of exactly size.
func (p *Pool) fillGroup(sc *scan, size int) []*entry {
	a := sc.a
	if !fits(a, size) {
		return nil
	}
	g := append(p.group[:0], a)
	defer func() { p.group = g[:0] }()
	for i := 0; len(g) < size; i++ {
		c, ok := sc.at(i)
		if !ok {
			return nil
		}
		if !fits(c.e, size) || !joins(g, c.e) {
			continue
		}
		g = append(g, c.e)
	}
	return slices.Clone(g)
}

// fits reports whether e accepts a group of size.
func fits(e *entry, size int) bool {
	if size < e.t.MinCount || size > e.t.MaxCount {
		return false
	}
	return e.t.CountMultiple <= 1 || size%e.t.CountMultiple == 0
}

// joins reports whether c and every member of g (after the leader, already
// checked) accept each other and c's user is not in g yet.
func joins(g []*entry, c *entry) bool {
	for i, m := range g {
		if m.t.Presence.UserID == c.t.Presence.UserID {
			return false
		}
		if i > 0 && (!accepts(m, c) || !accepts(c, m)) {
			return false
		}
	}
	return true
}

// accepts reports whether a's query accepts b's properties.
func accepts(a, b *entry) bool {
	return a.q.Accepts(b.t.StringProperties, b.t.NumericProperties)
}
