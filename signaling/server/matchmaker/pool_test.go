package matchmaker

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
)

// tk builds a ticket for user u (session "s-"+u) with counts and a query.
func tk(id, u string, minC, maxC int, query string, strs map[string]string, nums map[string]float64) Ticket {
	return Ticket{
		ID:                id,
		Presence:          Presence{UserID: u, SessionID: "s-" + u, Username: "name-" + u},
		MinCount:          minC,
		MaxCount:          maxC,
		Query:             query,
		StringProperties:  strs,
		NumericProperties: nums,
	}
}

func mustAdd(t *testing.T, p *Pool, tickets ...Ticket) {
	t.Helper()
	for _, x := range tickets {
		if err := p.Add(x); err != nil {
			t.Fatalf("Add(%s) = %v", x.ID, err)
		}
	}
}

// ids lists each match's ticket ids.
func ids(ms []Match) [][]string {
	var out [][]string
	for _, m := range ms {
		var g []string
		for _, x := range m.Tickets {
			g = append(g, x.ID)
		}
		out = append(out, g)
	}
	return out
}

func sameGroups(got, want [][]string) bool {
	return slices.EqualFunc(got, want, func(a, b []string) bool { return slices.Equal(a, b) })
}

func TestAddValidation(t *testing.T) {
	base := tk("t1", "u1", 2, 4, "*", nil, nil)
	tests := []struct {
		name   string
		modify func(*Ticket)
		want   error
	}{
		{"min below 2", func(x *Ticket) { x.MinCount = 1 }, ErrMinCount},
		{"max below min", func(x *Ticket) { x.MaxCount = 1 }, ErrMaxCount},
		{"negative multiple", func(x *Ticket) { x.CountMultiple = -1 }, ErrCountMultiple},
		{"multiple not dividing min", func(x *Ticket) { x.MinCount, x.CountMultiple = 3, 2 }, ErrMultipleMinCount},
		{"multiple not dividing max", func(x *Ticket) { x.MaxCount, x.CountMultiple = 5, 2 }, ErrMultipleMaxCount},
		{"empty id", func(x *Ticket) { x.ID = "" }, ErrTicketID},
		{"no session", func(x *Ticket) { x.Presence.SessionID = "" }, ErrPresence},
		{"bad query", func(x *Ticket) { x.Query = "region:eu" }, ErrQuery},
	}
	for _, tt := range tests {
		p := New(Config{})
		x := base
		tt.modify(&x)
		if err := p.Add(x); !errors.Is(err, tt.want) {
			t.Errorf("%s: Add = %v, want %v", tt.name, err, tt.want)
		}
		if p.Len() != 0 {
			t.Errorf("%s: Len() = %d after a rejected Add, want 0", tt.name, p.Len())
		}
	}

	p := New(Config{MaxTicketsPerSession: 2})
	mustAdd(t, p, base)
	if err := p.Add(base); !errors.Is(err, ErrTicketID) {
		t.Errorf("Add(duplicate id) = %v, want ErrTicketID", err)
	}
	second := base
	second.ID = "t2"
	mustAdd(t, p, second)
	third := base
	third.ID = "t3"
	if err := p.Add(third); !errors.Is(err, ErrTooManyTickets) {
		t.Errorf("Add(third ticket of a session) = %v, want ErrTooManyTickets", err)
	}
}

func TestAddLimits(t *testing.T) {
	p := New(Config{MaxCount: 8, MaxTicketsPerUser: 2})
	if err := p.Add(tk("big", "u1", 2, 9, "*", nil, nil)); !errors.Is(err, ErrMaxCountLimit) || err.Error() != "invalid maximum count, must be <= 8" {
		t.Errorf("Add(max count 9) = %v, want ErrMaxCountLimit with the limit", err)
	}
	mustAdd(t, p, tk("a", "u1", 2, 8, "*", nil, nil))
	other := tk("b", "u1", 2, 2, "*", nil, nil)
	other.Presence.SessionID = "another socket of u1"
	mustAdd(t, p, other)
	third := tk("c", "u1", 2, 2, "*", nil, nil)
	third.Presence.SessionID = "a third socket of u1"
	if err := p.Add(third); !errors.Is(err, ErrTooManyUserTickets) || !errors.Is(err, ErrTooManyTickets) {
		t.Errorf("Add(third ticket of a user) = %v, want ErrTooManyUserTickets", err)
	}
	p.RemoveSession("another socket of u1")
	mustAdd(t, p, third)
}

// TestHugeMaxCountIsCheap: group forming never walks the sizes between the
// pool's size and a huge MaxCount (math.MaxInt sizes would never end).
func TestHugeMaxCountIsCheap(t *testing.T) {
	p := New(Config{})
	for i := range 3 {
		mustAdd(t, p, tk(fmt.Sprintf("h%d", i), fmt.Sprintf("h%d", i), 2, math.MaxInt, "+properties.nobody:x", nil, nil))
	}
	p.Process()
	p.Process() // the huge tickets now settle for any size
	mustAdd(t, p, tk("a", "a", 2, 2, "*", nil, nil), tk("b", "b", 2, 2, "*", nil, nil))
	if got, want := ids(p.Process()), [][]string{{"a", "b"}}; !sameGroups(got, want) {
		t.Errorf("Process() = %v, want %v", got, want)
	}
}

func TestTwoPlayers(t *testing.T) {
	p := New(Config{})
	mustAdd(t, p, tk("a", "u1", 2, 2, "*", nil, nil))
	if got := p.Process(); len(got) != 0 {
		t.Fatalf("Process() with one ticket = %v, want none", ids(got))
	}
	mustAdd(t, p, tk("b", "u2", 2, 2, "*", map[string]string{"region": "eu"}, map[string]float64{"skill": 3}))
	got := p.Process()
	if want := [][]string{{"a", "b"}}; !sameGroups(ids(got), want) {
		t.Fatalf("Process() = %v, want %v", ids(got), want)
	}
	b := got[0].Tickets[1]
	if b.Presence != (Presence{UserID: "u2", SessionID: "s-u2", Username: "name-u2"}) || b.StringProperties["region"] != "eu" || b.NumericProperties["skill"] != 3 {
		t.Errorf("matched ticket b = %+v, want its presence and properties", b)
	}
	if p.Len() != 0 {
		t.Errorf("Len() after match = %d, want 0", p.Len())
	}
	if p.Remove("s-u1", "a") {
		t.Errorf("Remove of a matched ticket = true, want false")
	}
}

func TestFourPlayersPreferFullGroup(t *testing.T) {
	p := New(Config{MaxIntervals: 2})
	mustAdd(t, p, tk("a", "u1", 2, 4, "*", nil, nil), tk("b", "u2", 2, 4, "*", nil, nil))
	// Interval 0 and 1: two players wait for a full group of 4.
	for i := 0; i < 2; i++ {
		if got := p.Process(); len(got) != 0 {
			t.Fatalf("Process() #%d = %v, want waiting for 4", i, ids(got))
		}
	}
	mustAdd(t, p, tk("c", "u3", 2, 4, "*", nil, nil), tk("d", "u4", 2, 4, "*", nil, nil), tk("e", "u5", 2, 4, "*", nil, nil))
	got := p.Process()
	if want := [][]string{{"a", "b", "c", "d"}}; !sameGroups(ids(got), want) {
		t.Fatalf("Process() = %v, want %v", ids(got), want)
	}
	if _, ok := p.Get("e"); !ok || p.Len() != 1 {
		t.Fatalf("e should still wait, Len() = %d", p.Len())
	}
}

func TestSettleForMinAfterMaxIntervals(t *testing.T) {
	p := New(Config{MaxIntervals: 2})
	mustAdd(t, p, tk("a", "u1", 2, 4, "*", nil, nil), tk("b", "u2", 2, 4, "*", nil, nil), tk("c", "u3", 2, 4, "*", nil, nil))
	for i := 0; i < 2; i++ {
		if got := p.Process(); len(got) != 0 {
			t.Fatalf("Process() #%d = %v, want waiting", i, ids(got))
		}
	}
	if got, want := ids(p.Process()), [][]string{{"a", "b", "c"}}; !sameGroups(got, want) {
		t.Fatalf("Process() after MaxIntervals = %v, want the largest group %v", got, want)
	}
}

func TestMinMaxHonoured(t *testing.T) {
	p := New(Config{})
	// a wants exactly 3; b accepts up to 2 only; c and d accept 3.
	mustAdd(t, p,
		tk("a", "u1", 3, 3, "*", nil, nil),
		tk("b", "u2", 2, 2, "*", nil, nil),
		tk("c", "u3", 2, 4, "*", nil, nil),
		tk("d", "u4", 3, 4, "*", nil, nil),
	)
	got := ids(p.Process())
	if want := [][]string{{"a", "c", "d"}}; !sameGroups(got, want) {
		t.Fatalf("Process() = %v, want %v", got, want)
	}
	if _, ok := p.Get("b"); !ok {
		t.Errorf("b (max 2) should remain")
	}
}

func TestCountMultiple(t *testing.T) {
	p := New(Config{})
	x := tk("a", "u1", 2, 4, "*", nil, nil)
	x.CountMultiple = 2
	mustAdd(t, p, x, tk("b", "u2", 2, 4, "*", nil, nil), tk("c", "u3", 2, 4, "*", nil, nil))
	if got, want := ids(p.Process()), [][]string{{"a", "b"}}; !sameGroups(got, want) {
		t.Fatalf("Process() = %v, want a group of 2 (a multiple of 2), %v", got, want)
	}
}

func TestQueriesMustBeMutual(t *testing.T) {
	p := New(Config{})
	eu := map[string]string{"region": "eu"}
	us := map[string]string{"region": "us"}
	mustAdd(t, p,
		tk("a", "u1", 2, 2, "+properties.region:eu", eu, nil),
		// b accepts anyone, but a refuses b (b is in us).
		tk("b", "u2", 2, 2, "*", us, nil),
		// c is in eu but only accepts asia.
		tk("c", "u3", 2, 2, "+properties.region:asia", eu, nil),
		tk("d", "u4", 2, 2, "+properties.rank:>=7 +properties.rank:<=9", eu, map[string]float64{"rank": 8}),
	)
	// a–d: a requires eu (d is eu) but d requires rank 7..9 and a has no rank.
	if got := ids(p.Process()); len(got) != 0 {
		t.Fatalf("Process() = %v, want none (no pair accepts each other)", got)
	}
	mustAdd(t, p, tk("e", "u5", 2, 2, "+properties.region:eu", eu, map[string]float64{"rank": 9}))
	// e accepts a, d; a accepts e; d accepts e (rank 9). a is older: a–e.
	if got, want := ids(p.Process()), [][]string{{"a", "e"}}; !sameGroups(got, want) {
		t.Fatalf("Process() = %v, want %v", got, want)
	}
}

func TestGroupMembersAcceptEachOther(t *testing.T) {
	p := New(Config{})
	mustAdd(t, p,
		tk("a", "u1", 3, 3, "*", map[string]string{"team": "x"}, nil),
		tk("b", "u2", 3, 3, "-properties.team:y", map[string]string{"team": "x"}, nil),
		tk("c", "u3", 3, 3, "*", map[string]string{"team": "y"}, nil), // b refuses c
		tk("d", "u4", 3, 3, "*", map[string]string{"team": "z"}, nil),
	)
	if got, want := ids(p.Process()), [][]string{{"a", "b", "d"}}; !sameGroups(got, want) {
		t.Fatalf("Process() = %v, want %v", got, want)
	}
}

func TestShouldTermsRank(t *testing.T) {
	p := New(Config{})
	mustAdd(t, p,
		tk("a", "u1", 2, 2, "properties.mode:ffa properties.map:reef^3", nil, nil),
		tk("b", "u2", 2, 2, "*", map[string]string{"mode": "duel"}, nil),
		tk("c", "u3", 2, 2, "*", map[string]string{"mode": "ffa"}, nil),
		tk("d", "u4", 2, 2, "*", map[string]string{"map": "reef"}, nil),
	)
	// a prefers d (boost 3) over c (1) over b (0, but still acceptable).
	if got, want := ids(p.Process()), [][]string{{"a", "d"}, {"b", "c"}}; !sameGroups(got, want) {
		t.Fatalf("Process() = %v, want %v", got, want)
	}
}

func TestNoSelfMatch(t *testing.T) {
	p := New(Config{})
	one := tk("a1", "u1", 2, 2, "*", nil, nil)
	two := tk("a2", "u1", 2, 2, "*", nil, nil)
	two.Presence.SessionID = "other-socket"
	mustAdd(t, p, one, two)
	if got := ids(p.Process()); len(got) != 0 {
		t.Fatalf("Process() = %v, want no match between one user's tickets", got)
	}
	mustAdd(t, p, tk("b", "u2", 2, 4, "*", nil, nil))
	if got, want := ids(p.Process()), [][]string{{"a1", "b"}}; !sameGroups(got, want) {
		t.Fatalf("Process() = %v, want %v (u1 at most once)", got, want)
	}
}

func TestFairnessByAge(t *testing.T) {
	p := New(Config{})
	for i := range 5 {
		mustAdd(t, p, tk(fmt.Sprintf("t%d", i), fmt.Sprintf("u%d", i), 2, 2, "*", nil, nil))
	}
	if got, want := ids(p.Process()), [][]string{{"t0", "t1"}, {"t2", "t3"}}; !sameGroups(got, want) {
		t.Fatalf("Process() = %v, want the oldest paired first, %v", got, want)
	}
	mustAdd(t, p, tk("t5", "u5", 2, 2, "*", nil, nil), tk("t6", "u6", 2, 2, "*", nil, nil))
	if got, want := ids(p.Process()), [][]string{{"t4", "t5"}}; !sameGroups(got, want) {
		t.Fatalf("Process() = %v, want the leftover t4 first, %v", got, want)
	}
}

func TestRemove(t *testing.T) {
	p := New(Config{})
	mustAdd(t, p, tk("a", "u1", 2, 2, "*", nil, nil), tk("b", "u2", 2, 2, "*", nil, nil))
	if p.Remove("s-u2", "a") {
		t.Errorf("Remove by another session = true, want false")
	}
	if p.Remove("s-u1", "nope") {
		t.Errorf("Remove(unknown) = true, want false")
	}
	if !p.Remove("s-u1", "a") {
		t.Fatalf("Remove(own ticket) = false, want true")
	}
	if p.Remove("s-u1", "a") {
		t.Errorf("second Remove = true, want false")
	}
	if got := p.Process(); len(got) != 0 {
		t.Fatalf("Process() = %v after removal, want none", ids(got))
	}
}

func TestRemoveSession(t *testing.T) {
	p := New(Config{})
	a2 := tk("a2", "u1", 2, 2, "*", nil, nil)
	mustAdd(t, p, tk("a1", "u1", 2, 2, "*", nil, nil), tk("x", "u9", 3, 3, "*", nil, nil), a2, tk("b", "u2", 2, 2, "-properties.k:v", nil, nil))
	if got, want := p.RemoveSession("s-u1"), []string{"a1", "a2"}; !slices.Equal(got, want) {
		t.Fatalf("RemoveSession = %v, want %v", got, want)
	}
	if got := p.RemoveSession("s-u1"); got != nil {
		t.Errorf("second RemoveSession = %v, want nil", got)
	}
	if p.Len() != 2 {
		t.Errorf("Len() = %d, want 2", p.Len())
	}
	if got := p.Process(); len(got) != 0 {
		t.Fatalf("Process() = %v, want none (the dropped session's tickets are gone)", ids(got))
	}
}

func TestAddCopiesProperties(t *testing.T) {
	p := New(Config{})
	s := map[string]string{"region": "eu"}
	mustAdd(t, p, tk("a", "u1", 2, 2, "+properties.region:eu", map[string]string{"region": "eu"}, nil), tk("b", "u2", 2, 2, "*", s, nil))
	s["region"] = "us"
	if got := ids(p.Process()); len(got) != 1 {
		t.Fatalf("Process() = %v, want a match using the properties as added", got)
	}
}

func TestProcessDeterministic(t *testing.T) {
	run := func() [][]string {
		p := New(Config{MaxIntervals: 1})
		for i := range 60 {
			region := []string{"eu", "us", "asia"}[i%3]
			q := "+properties.region:" + region
			if i%7 == 0 {
				q += " -properties.rank:>50"
			}
			mustAdd(t, p, tk(fmt.Sprintf("t%02d", i), fmt.Sprintf("u%d", i%45), 2, 4, q,
				map[string]string{"region": region, "mode": "ffa"}, map[string]float64{"rank": float64(i)}))
		}
		var all [][]string
		for range 3 {
			all = append(all, ids(p.Process())...)
		}
		return all
	}
	first := run()
	if len(first) == 0 {
		t.Fatal("no matches formed")
	}
	for range 5 {
		if got := run(); !sameGroups(got, first) {
			t.Fatalf("Process() differs between identical runs:\n%v\n%v", got, first)
		}
	}
}

// TestProcessInvariants checks every formed group against the rules on
// many seeded random pools: sizes within every member's bounds and
// multiples, mutual acceptance, distinct users, each ticket matched once.
func TestProcessInvariants(t *testing.T) {
	regions := []string{"eu", "us", "asia"}
	queries := []string{"*", "+properties.region:eu", "-properties.region:us", "+properties.rank:>=3 +properties.rank:<=7",
		"properties.mode:ffa", "+properties.region:asia properties.mode:duel^2", "-properties.rank:<2"}
	for seed := uint64(1); seed <= 40; seed++ {
		rng := seed
		next := func(n int) int { // xorshift: deterministic, no global randomness
			rng ^= rng << 13
			rng ^= rng >> 7
			rng ^= rng << 17
			return int(rng % uint64(n))
		}
		p := New(Config{MaxIntervals: next(3)})
		seen := map[string]bool{}
		for round := 0; round < 6; round++ {
			for i := 0; i < 25; i++ {
				minC := 2 + next(2)
				x := tk(fmt.Sprintf("s%d-r%d-%d", seed, round, i), fmt.Sprintf("u%d", next(40)), minC, minC+next(3),
					queries[next(len(queries))],
					map[string]string{"region": regions[next(3)], "mode": []string{"ffa", "duel"}[next(2)]},
					map[string]float64{"rank": float64(next(10))})
				x.Presence.SessionID = x.ID // several sockets per user
				if next(5) == 0 && x.MinCount == 2 && x.MaxCount%2 == 0 {
					x.CountMultiple = 2
				}
				mustAdd(t, p, x)
			}
			for _, m := range p.Process() {
				n := len(m.Tickets)
				users := map[string]bool{}
				for i, a := range m.Tickets {
					if seen[a.ID] {
						t.Fatalf("seed %d: ticket %s matched twice", seed, a.ID)
					}
					seen[a.ID] = true
					if _, ok := p.Get(a.ID); ok {
						t.Fatalf("seed %d: matched ticket %s still in the pool", seed, a.ID)
					}
					if n < a.MinCount || n > a.MaxCount || (a.CountMultiple > 1 && n%a.CountMultiple != 0) {
						t.Fatalf("seed %d: group of %d violates %s's counts %d..%d×%d", seed, n, a.ID, a.MinCount, a.MaxCount, a.CountMultiple)
					}
					if users[a.Presence.UserID] {
						t.Fatalf("seed %d: user %s twice in a group", seed, a.Presence.UserID)
					}
					users[a.Presence.UserID] = true
					q, _ := ParseQuery(a.Query)
					for j, b := range m.Tickets {
						if i != j && !q.Accepts(b.StringProperties, b.NumericProperties) {
							t.Fatalf("seed %d: %s (%q) does not accept %s %v %v", seed, a.ID, a.Query, b.ID, b.StringProperties, b.NumericProperties)
						}
					}
				}
			}
		}
		if len(seen) == 0 {
			t.Fatalf("seed %d: nothing matched", seed)
		}
	}
}
