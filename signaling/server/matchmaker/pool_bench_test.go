package matchmaker

import (
	"fmt"
	"testing"
)

// benchTickets returns n tickets; ticket i gets region regions[i%len],
// rank i%20 and the query q(i).
func benchTickets(n int, regions []string, q func(i int) string) []Ticket {
	ts := make([]Ticket, n)
	for i := range ts {
		ts[i] = tk(fmt.Sprintf("t%d", i), fmt.Sprintf("u%d", i), 2, 4, q(i),
			map[string]string{"region": regions[i%len(regions)], "mode": []string{"ffa", "duel"}[i%2], "client_version": "1"},
			map[string]float64{"rank": float64(i % 20)})
	}
	return ts
}

func benchProcess(b *testing.B, tickets []Ticket, wantMatches bool) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		p := New(Config{})
		for _, t := range tickets {
			if err := p.Add(t); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		ms := p.Process()
		if wantMatches && len(ms) == 0 {
			b.Fatal("no matches")
		}
	}
}

// BenchmarkProcess1000Any: 1000 tickets that all accept each other (the
// seed game's "+properties.client_version:1" query) form 250 groups of 4.
func BenchmarkProcess1000Any(b *testing.B) {
	benchProcess(b, benchTickets(1000, []string{"eu"}, func(int) string { return "+properties.client_version:1" }), true)
}

// BenchmarkProcess1000Regions: 10 regions, a must region, a rank window and
// a should term.
func BenchmarkProcess1000Regions(b *testing.B) {
	regions := []string{"eu", "us", "asia", "sa", "oc", "af", "me", "ca", "in", "jp"}
	benchProcess(b, benchTickets(1000, regions, func(i int) string {
		r := i % 20
		return fmt.Sprintf("+properties.region:%s +properties.rank:>=%d +properties.rank:<=%d properties.mode:ffa -properties.client_version:0",
			regions[i%len(regions)], r-5, r+5)
	}), true)
}

// BenchmarkProcess1000NoMatch is the worst case: 1000 tickets, none of which
// accepts another, so every ticket checks every other one each interval.
func BenchmarkProcess1000NoMatch(b *testing.B) {
	tickets := benchTickets(1000, []string{"eu"}, func(i int) string { return fmt.Sprintf("+properties.rank:>=%d", 100+i) })
	p := New(Config{})
	for _, t := range tickets {
		if err := p.Add(t); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if ms := p.Process(); len(ms) != 0 {
			b.Fatal("unexpected match")
		}
	}
}

func BenchmarkParseQuery(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseQuery(`+properties.region:europe +properties.rank:>=7 +properties.rank:<=9 properties.mode:"free for all"^2 -properties.k:v`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessHostilePair is the interval that matches an honest pair
// while 3 hostile tickets sit in the pool: they accept nobody, have waited
// out their intervals and ask for max_count at the server's default cap
// (64) or, uncapped, 2147483647.
func BenchmarkProcessHostilePair(b *testing.B) {
	for _, maxCount := range []int{64, 2147483647} {
		b.Run(fmt.Sprintf("max=%d", maxCount), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				p := New(Config{MaxIntervals: 2})
				for i := range 3 {
					if err := p.Add(tk(fmt.Sprintf("h%d", i), fmt.Sprintf("h%d", i), 2, maxCount, "+properties.nobody:x", nil, nil)); err != nil {
						b.Fatal(err)
					}
				}
				p.Process()
				p.Process()
				for _, u := range []string{"a", "b"} {
					if err := p.Add(tk(u, u, 2, 2, "*", nil, nil)); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				if ms := p.Process(); len(ms) != 1 {
					b.Fatalf("Process() = %d matches, want the honest pair", len(ms))
				}
			}
		})
	}
}
