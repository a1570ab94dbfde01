package matchmaker

import (
	"errors"
	"strings"
	"testing"
)

type props struct {
	s map[string]string
	n map[string]float64
}

func TestQueryAccepts(t *testing.T) {
	eu := props{s: map[string]string{"region": "europe", "mode": "ffa", "name": "a b", "v": "10"}, n: map[string]float64{"rank": 8, "skill": 10}}
	us := props{s: map[string]string{"region": "us-east", "mode": "duel"}, n: map[string]float64{"rank": 3}}
	none := props{}
	tests := []struct {
		query          string
		eu, us, absent bool
	}{
		{"*", true, true, true},
		{"", true, true, true},
		{"   ", true, true, true},
		{"+properties.region:europe", true, false, false},
		{"properties.region:europe", true, true, true}, // should never rejects
		{"-properties.region:europe", false, true, true},
		{"+properties.rank:>=7 +properties.rank:<=9", true, false, false},
		{"+properties.rank:>8", false, false, false},
		{"+properties.rank:>7.5", true, false, false},
		{"+properties.rank:<3", false, false, false},
		{"+properties.rank:<=3", false, true, false},
		{"-properties.rank:>5", false, true, true},
		{"+properties.skill:10", true, false, false},
		{"+properties.skill:10.0", true, false, false},
		{"+properties.v:10", true, false, false},        // numeric-looking value matches the string too
		{`+properties.v:"10"`, true, false, false},      // quoted: string only
		{`+properties.skill:"10"`, false, false, false}, // quoted never matches a number
		{`+properties.name:"a b"`, true, false, false},
		{`+properties.name:a\ b`, true, false, false},
		{"+properties.region:us-*", false, true, false},
		{"+properties.region:eu?ope", true, false, false},
		{"+properties.region:*", true, true, false},
		{"+properties.missing:x", false, false, false},
		{"-properties.missing:x", true, true, true},
		{"+* -properties.mode:duel", true, false, true},
		{"-*", false, false, false},
		{"+properties.region:europe +properties.mode:ffa -properties.rank:<5", true, false, false},
		{"+properties.rank:>=-1", true, true, false},
		{"+properties.region:Europe", false, false, false}, // exact, case-sensitive
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.query)
		if err != nil {
			t.Errorf("ParseQuery(%q) error %v", tt.query, err)
			continue
		}
		for _, c := range []struct {
			name string
			p    props
			want bool
		}{{"eu", eu, tt.eu}, {"us", us, tt.us}, {"absent", none, tt.absent}} {
			if got := q.Accepts(c.p.s, c.p.n); got != c.want {
				t.Errorf("ParseQuery(%q).Accepts(%s) = %v, want %v", tt.query, c.name, got, c.want)
			}
		}
	}
}

func TestQueryScore(t *testing.T) {
	q, err := ParseQuery("+properties.region:europe properties.mode:ffa properties.map:reef^2.5 -properties.x:y")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		s    map[string]string
		want float64
	}{
		{map[string]string{"region": "europe"}, 0},
		{map[string]string{"mode": "ffa"}, 1},
		{map[string]string{"map": "reef"}, 2.5},
		{map[string]string{"mode": "ffa", "map": "reef"}, 3.5},
	}
	for _, tt := range tests {
		if got := q.Score(tt.s, nil); got != tt.want {
			t.Errorf("Score(%v) = %v, want %v", tt.s, got, tt.want)
		}
	}
	if !q.HasShould() {
		t.Errorf("HasShould() = false, want true")
	}
	if q2, _ := ParseQuery("+properties.a:b"); q2.HasShould() {
		t.Errorf("HasShould() of a must-only query = true, want false")
	}
}

func TestQueryErrors(t *testing.T) {
	tests := []struct {
		query, want string
	}{
		{"europe", "has no field"},
		{"+", "not followed by a term"},
		{"- properties.a:b", "not followed by a term"},
		{"region:europe", "not supported"},
		{"properties.:x", "not supported"},
		{"properties.region:", "has no value"},
		{"properties.region: x", "has no value"},
		{`properties.region:"europe`, "unterminated"},
		{`properties.region:"eu"rope`, "after quoted value"},
		{"properties.rank:>=abc", "not a number"},
		{"properties.rank:>", "not a number"},
		{"properties.rank:>=NaN", "not a number"},
		{"properties.rank:>=Inf", "not a number"},
		{"properties.rank:>=1e999", "not a number"},
		{`properties.created:>"2021-01-01"`, "not supported"},
		{"properties.region:/eu.*/", "regular expressions"},
		{"properties.region:eu^x", "boost"},
		{"properties.region:eu^-1", "boost"},
		{`properties.region:eu\`, "dangling backslash"},
		{"properties.region:eu:x", "unexpected"},
		{"(properties.region:eu)", "unexpected"},
		{"*x", "unexpected"},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.query)
		if err == nil {
			t.Errorf("ParseQuery(%q) = nil error, want %q", tt.query, tt.want)
			continue
		}
		if !errors.Is(err, ErrQuery) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseQuery(%q) error = %v, want ErrQuery containing %q", tt.query, err, tt.want)
		}
	}
}

func TestQueryStringRoundTrip(t *testing.T) {
	for _, s := range []string{
		"*",
		"+properties.region:europe properties.mode:ffa^3 -properties.k:v",
		`+properties.name:"a \"b\"" +properties.rank:>=7 +properties.rank:<9.5`,
		`+properties.region:eu\*west* properties.x:-2 -properties.y:>0`,
	} {
		q, err := ParseQuery(s)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", s, err)
		}
		q2, err := ParseQuery(q.String())
		if err != nil {
			t.Fatalf("ParseQuery(%q) of String(): %v", q.String(), err)
		}
		if q.String() != q2.String() {
			t.Errorf("String() round trip of %q: %q then %q", s, q.String(), q2.String())
		}
	}
}

func TestWildcards(t *testing.T) {
	tests := []struct {
		value, s string
		want     bool
	}{
		{"*", "", true},
		{"a*", "a/b", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"*b*", "aaabaaa", true},
		{"*b", "aaaba", false},
		{`a\**`, "a*x", true},
		{`a\**`, "ab", false},
		{`a\?*`, "a?", true},
		{`a\?*`, "ab", false},
		{"é?", "éé", true},
		{"\uE000*", "*x", false}, // private-use runes are ordinary characters
		{"\uE000*", "\uE000x", true},
	}
	for _, tt := range tests {
		q, err := ParseQuery("+properties.k:" + tt.value)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.value, err)
		}
		if got := q.Accepts(map[string]string{"k": tt.s}, nil); got != tt.want {
			t.Errorf("properties.k:%s against %q = %v, want %v", tt.value, tt.s, got, tt.want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"*", "+properties.region:europe properties.mode:ffa^2 -properties.k:v",
		"+properties.rank:>=7 +properties.rank:<=9", `+properties.n:"a \"b\""`,
		`properties.r:eu\*?`, "properties.x:/re/", `properties.q:"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if !errors.Is(err, ErrQuery) {
				t.Fatalf("ParseQuery(%q) error %v does not wrap ErrQuery", s, err)
			}
			return
		}
		p := map[string]string{"region": "europe", "mode": s}
		n := map[string]float64{"rank": 7}
		// Properties built from the query's own terms make its terms hold.
		for _, term := range q.Terms() {
			if term.Field != "" {
				p[term.Field] = term.Value
				n[term.Field] = term.Number
			}
		}
		q.Accepts(p, n)
		q.Score(p, n)
		// The canonical form parses to itself.
		c := q.String()
		q2, err := ParseQuery(c)
		if err != nil {
			t.Fatalf("ParseQuery(%q).String() = %q does not parse: %v", s, c, err)
		}
		if q2.String() != c {
			t.Fatalf("canonical form not stable: %q then %q", c, q2.String())
		}
		if q.Accepts(p, n) != q2.Accepts(p, n) || q.Score(p, n) != q2.Score(p, n) {
			t.Fatalf("canonical form %q of %q evaluates differently", c, s)
		}
	})
}
