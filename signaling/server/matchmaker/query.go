package matchmaker

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fieldPrefix is the only field namespace a matchmaker query may address:
// Nakama indexes a ticket's string and numeric properties under "properties.".
const fieldPrefix = "properties."

// Occur says how a term takes part in a query.
type Occur uint8

// The three Bleve occurrences.
const (
	// Should terms are optional: they only rank candidates (by their boost).
	Should Occur = iota
	// Must terms have to hold ("+" prefix).
	Must
	// MustNot terms must not hold ("-" prefix).
	MustNot
)

// String returns the query-string prefix of o ("", "+" or "-").
func (o Occur) String() string {
	switch o {
	case Must:
		return "+"
	case MustNot:
		return "-"
	default:
		return ""
	}
}

// Op is the comparison a term applies to a property.
type Op uint8

// The supported comparisons.
const (
	// OpAll matches every ticket: the "*" term.
	OpAll Op = iota
	// OpEq matches a string property equal to Value, or, when Value is an
	// unquoted number, a numeric property equal to Number.
	OpEq
	// OpWildcard matches a string property against Value with * and ?.
	OpWildcard
	// OpGT matches a numeric property > Number.
	OpGT
	// OpGE matches a numeric property >= Number.
	OpGE
	// OpLT matches a numeric property < Number.
	OpLT
	// OpLE matches a numeric property <= Number.
	OpLE
)

// Term is one clause of a parsed query.
type Term struct {
	// Occur is Should, Must or MustNot.
	Occur Occur
	// Op is the comparison.
	Op Op
	// Field is the property name without the "properties." prefix (empty for OpAll).
	Field string
	// Value is the unescaped string value (OpEq, OpWildcard).
	Value string
	// Number is the numeric operand of ranges and of numeric equality.
	Number float64
	// Numeric reports whether an OpEq term also matches numeric properties.
	Numeric bool
	// Boost is the weight a matching Should term adds to a candidate's score (default 1).
	Boost float64

	glob []globTok // OpWildcard: the pattern, escaped * and ? kept literal
}

// globTok is one element of a wildcard pattern.
type globTok struct {
	r    rune
	kind uint8
}

// Kinds of globTok.
const (
	globLit uint8 = iota // the rune itself
	globAny              // '*': any run of characters
	globOne              // '?': exactly one character
)

// Query is a parsed matchmaker query. The zero value matches nothing; use
// ParseQuery.
type Query struct {
	terms  []Term
	should bool // has at least one Should term other than "*"
}

// Terms returns a copy of the query's terms in source order.
func (q *Query) Terms() []Term { return append([]Term(nil), q.terms...) }

// HasShould reports whether the query has Should terms that can rank candidates.
func (q *Query) HasShould() bool { return q.should }

// ParseQuery parses a Nakama matchmaker query. An empty or blank query is
// "*", as in Nakama. Errors wrap ErrQuery and say what is wrong and where.
func ParseQuery(s string) (*Query, error) {
	p := parser{src: s}
	q := &Query{}
	for {
		p.skipSpace()
		if p.eof() {
			break
		}
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		if t.Occur == Should && t.Op != OpAll {
			q.should = true
		}
		q.terms = append(q.terms, t)
	}
	if len(q.terms) == 0 {
		q.terms = []Term{{Op: OpAll, Boost: 1}}
	}
	return q, nil
}

// Accepts reports whether a ticket with these properties satisfies the
// query's must and must-not terms. Should terms never reject.
func (q *Query) Accepts(strs map[string]string, nums map[string]float64) bool {
	for i := range q.terms {
		t := &q.terms[i]
		switch t.Occur {
		case Must:
			if !t.matches(strs, nums) {
				return false
			}
		case MustNot:
			if t.matches(strs, nums) {
				return false
			}
		}
	}
	return true
}

// Score returns the sum of the boosts of the Should terms that hold against
// these properties: a higher score is a better candidate.
func (q *Query) Score(strs map[string]string, nums map[string]float64) float64 {
	if !q.should {
		return 0
	}
	var s float64
	for i := range q.terms {
		t := &q.terms[i]
		if t.Occur == Should && t.Op != OpAll && t.matches(strs, nums) {
			s += t.Boost
		}
	}
	return s
}

func (t *Term) matches(strs map[string]string, nums map[string]float64) bool {
	switch t.Op {
	case OpAll:
		return true
	case OpEq:
		if v, ok := strs[t.Field]; ok && v == t.Value {
			return true
		}
		if t.Numeric {
			if n, ok := nums[t.Field]; ok && n == t.Number {
				return true
			}
		}
		return false
	case OpWildcard:
		v, ok := strs[t.Field]
		if !ok {
			return false
		}
		return wildcardMatch(t.glob, v)
	}
	n, ok := nums[t.Field]
	if !ok {
		return false
	}
	switch t.Op {
	case OpGT:
		return n > t.Number
	case OpGE:
		return n >= t.Number
	case OpLT:
		return n < t.Number
	case OpLE:
		return n <= t.Number
	}
	return false
}

// String returns a canonical query string equivalent to q.
func (q *Query) String() string {
	var b strings.Builder
	for i, t := range q.terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.String())
	}
	return b.String()
}

// String returns the term in query-string syntax.
func (t Term) String() string {
	var b strings.Builder
	b.WriteString(t.Occur.String())
	if t.Op == OpAll {
		b.WriteByte('*')
		return b.String()
	}
	b.WriteString(fieldPrefix)
	b.WriteString(escapeField(t.Field))
	b.WriteByte(':')
	num := strconv.FormatFloat(t.Number, 'g', -1, 64)
	switch t.Op {
	case OpEq:
		if t.Numeric {
			// The source text, so that it still matches the same string
			// property ("10.0" is not "10").
			b.WriteString(escapeField(t.Value))
		} else {
			b.WriteString(quote(t.Value))
		}
	case OpWildcard:
		for _, g := range t.glob {
			switch {
			case g.kind == globAny:
				b.WriteByte('*')
			case g.kind == globOne:
				b.WriteByte('?')
			case g.r < utf8.RuneSelf && needsEscape(g.r):
				b.WriteByte('\\')
				b.WriteRune(g.r)
			default:
				b.WriteRune(g.r)
			}
		}
	case OpGT:
		b.WriteString(">" + num)
	case OpGE:
		b.WriteString(">=" + num)
	case OpLT:
		b.WriteString("<" + num)
	case OpLE:
		b.WriteString("<=" + num)
	}
	if t.Boost != 1 {
		b.WriteString("^" + strconv.FormatFloat(t.Boost, 'g', -1, 64))
	}
	return b.String()
}

// quote wraps s in double quotes, escaping only '"' and '\\' with a
// backslash, which is all the query syntax knows inside quotes.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// escapeField backslash-escapes the characters of a field name or an
// unquoted value that the query syntax would otherwise read as syntax.
func escapeField(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < utf8.RuneSelf && needsEscape(rune(c)) {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// needsEscape reports whether r must be backslash-escaped outside quotes.
func needsEscape(r rune) bool { return isSpecial(r) || r < 0x80 && isSpace(byte(r)) }

// isSpecial lists the characters Bleve's query string treats specially
// outside quotes.
func isSpecial(r rune) bool {
	return strings.ContainsRune(`+-=&|><!(){}[]^"~*?:\/`, r)
}

type parser struct {
	src string
	pos int
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *parser) errorf(at int, format string, args ...any) error {
	return fmt.Errorf("%w: %s at offset %d", ErrQuery, fmt.Sprintf(format, args...), at)
}

func (p *parser) term() (Term, error) {
	start := p.pos
	t := Term{Boost: 1}
	switch p.src[p.pos] {
	case '+':
		t.Occur = Must
		p.pos++
	case '-':
		t.Occur = MustNot
		p.pos++
	}
	if p.eof() || isSpace(p.src[p.pos]) {
		return t, p.errorf(start, "%q is not followed by a term", p.src[start:p.pos])
	}
	if p.src[p.pos] == '*' && (p.pos+1 == len(p.src) || isSpace(p.src[p.pos+1]) || p.src[p.pos+1] == '^') {
		p.pos++
		t.Op = OpAll
		return t, p.boost(&t)
	}
	field, err := p.field()
	if err != nil {
		return t, err
	}
	name, ok := strings.CutPrefix(field, fieldPrefix)
	if !ok || name == "" {
		return t, p.errorf(start, "field %q is not supported, use properties.NAME", field)
	}
	t.Field = name
	if err := p.value(&t); err != nil {
		return t, err
	}
	return t, p.boost(&t)
}

// field reads up to the ':' that ends the field name.
func (p *parser) field() (string, error) {
	start := p.pos
	var b strings.Builder
	for !p.eof() {
		c := p.src[p.pos]
		switch {
		case c == ':':
			p.pos++
			return b.String(), nil
		case c == '\\':
			e, err := p.escaped()
			if err != nil {
				return "", err
			}
			b.WriteString(e)
		case isSpace(c):
			return "", p.errorf(start, "term %q has no field, use properties.NAME:VALUE", p.src[start:p.pos])
		case isSpecial(rune(c)):
			return "", p.errorf(p.pos, "unexpected %q in field name", c)
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", p.errorf(start, "term %q has no field, use properties.NAME:VALUE", p.src[start:])
}

// escaped consumes a backslash and the character after it, which it
// returns as it appears in the source (invalid UTF-8 stays as is).
func (p *parser) escaped() (string, error) {
	at := p.pos
	p.pos++ // the backslash
	if p.eof() {
		return "", p.errorf(at, "dangling backslash")
	}
	_, n := utf8.DecodeRuneInString(p.src[p.pos:])
	c := p.src[p.pos : p.pos+n]
	p.pos += n
	return c, nil
}

func (p *parser) value(t *Term) error {
	start := p.pos
	if p.eof() || isSpace(p.src[p.pos]) {
		return p.errorf(start, "field %q has no value", fieldPrefix+t.Field)
	}
	switch c := p.src[p.pos]; {
	case c == '"':
		s, err := p.quoted()
		if err != nil {
			return err
		}
		t.Op, t.Value = OpEq, s
		return nil
	case c == '>' || c == '<':
		p.pos++
		eq := !p.eof() && p.src[p.pos] == '='
		if eq {
			p.pos++
		}
		switch {
		case c == '>' && eq:
			t.Op = OpGE
		case c == '>':
			t.Op = OpGT
		case eq:
			t.Op = OpLE
		default:
			t.Op = OpLT
		}
		if !p.eof() && p.src[p.pos] == '"' {
			return p.errorf(p.pos, "date and string ranges are not supported, use a number")
		}
		raw, glob, err := p.plain()
		if err != nil {
			return err
		}
		if glob != nil {
			return p.errorf(start, "range bound %q is not a number", raw)
		}
		n, ok := parseNumber(raw)
		if !ok {
			return p.errorf(start, "range bound %q is not a number", raw)
		}
		t.Number = n
		return nil
	case c == '/':
		return p.errorf(start, "regular expressions are not supported")
	}
	raw, glob, err := p.plain()
	if err != nil {
		return err
	}
	if raw == "" {
		return p.errorf(start, "field %q has no value", fieldPrefix+t.Field)
	}
	if glob != nil {
		t.Op, t.Value, t.glob = OpWildcard, raw, glob
		return nil
	}
	t.Op, t.Value = OpEq, raw
	if n, ok := parseNumber(raw); ok {
		t.Number, t.Numeric = n, true
	}
	return nil
}

// plain reads an unquoted value up to whitespace or a boost. It returns
// the unescaped text and, when an unescaped * or ? makes it a wildcard, the
// pattern (escaped * and ? stay literal).
func (p *parser) plain() (string, []globTok, error) {
	var b strings.Builder
	var toks []globTok
	wild := false
	lit := func(s string) {
		b.WriteString(s)
		for _, r := range s {
			toks = append(toks, globTok{r: r})
		}
	}
	for !p.eof() {
		c := p.src[p.pos]
		switch {
		case isSpace(c) || c == '^':
			return b.String(), globIf(wild, toks), nil
		case c == '\\':
			e, err := p.escaped()
			if err != nil {
				return "", nil, err
			}
			lit(e)
		case c == '*' || c == '?':
			wild = true
			b.WriteByte(c)
			kind := globAny
			if c == '?' {
				kind = globOne
			}
			toks = append(toks, globTok{r: rune(c), kind: kind})
			p.pos++
		case c == '"' || c == ':' || c == '(' || c == ')':
			return "", nil, p.errorf(p.pos, "unexpected %q in value, quote or escape it", c)
		default:
			_, n := utf8.DecodeRuneInString(p.src[p.pos:])
			lit(p.src[p.pos : p.pos+n])
			p.pos += n
		}
	}
	return b.String(), globIf(wild, toks), nil
}

func globIf(wild bool, toks []globTok) []globTok {
	if !wild {
		return nil
	}
	return toks
}

func (p *parser) quoted() (string, error) {
	start := p.pos
	p.pos++ // opening quote
	var b strings.Builder
	for !p.eof() {
		c := p.src[p.pos]
		switch c {
		case '"':
			p.pos++
			if !p.eof() && !isSpace(p.src[p.pos]) && p.src[p.pos] != '^' {
				return "", p.errorf(p.pos, "unexpected %q after quoted value", p.src[p.pos])
			}
			return b.String(), nil
		case '\\':
			e, err := p.escaped()
			if err != nil {
				return "", err
			}
			b.WriteString(e)
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", p.errorf(start, "unterminated quoted value")
}

func (p *parser) boost(t *Term) error {
	if p.eof() || p.src[p.pos] != '^' {
		if !p.eof() && !isSpace(p.src[p.pos]) {
			return p.errorf(p.pos, "unexpected %q after term", p.src[p.pos])
		}
		return nil
	}
	start := p.pos
	p.pos++
	end := p.pos
	for end < len(p.src) && !isSpace(p.src[end]) {
		end++
	}
	raw := p.src[p.pos:end]
	p.pos = end
	n, ok := parseNumber(raw)
	if !ok || n < 0 {
		return p.errorf(start, "boost %q is not a non-negative number", raw)
	}
	t.Boost = n
	return nil
}

// parseNumber accepts finite decimal numbers only (no NaN, Inf, hex or underscores).
func parseNumber(s string) (float64, bool) {
	if s == "" || strings.ContainsAny(s, "_xXpPiInN") {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, false
	}
	return n, true
}

// wildcardMatch reports whether s matches the pattern. It backtracks only
// to the last star, so it runs in O(len(pattern)·len(s)) at worst.
func wildcardMatch(pat []globTok, s string) bool {
	str := []rune(s)
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(str) {
		switch {
		case pi < len(pat) && pat[pi].kind == globAny:
			star, mark = pi, si
			pi++
		case pi < len(pat) && (pat[pi].kind == globOne || pat[pi].r == str[si]):
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi].kind == globAny {
		pi++
	}
	return pi == len(pat)
}
