package relayload

import (
	"encoding/json"
	"fmt"
	"strings"
)

// serverFrame is what the load reads from one server envelope. Byte slices
// alias the frame, unless the JSON string they come from has escapes.
//
// Decoding every relayed message with encoding/json would cost the load about
// 2.5 µs and 11 allocations a message, CPU taken from the server it measures
// on the same cores; this reads the few fields it needs in one pass, with no
// allocation for a match_data frame.
type serverFrame struct {
	cid []byte
	// matchData is set for a match_data envelope, a relayed message; data
	// is its payload, still base64.
	matchData         bool
	dataMatchID, data []byte
	// match is set for a match envelope, the reply to match_create and
	// match_join.
	match   bool
	matchID []byte
	// err is set for an error envelope.
	err        bool
	errMessage []byte
}

// maxDepth bounds the nesting of skipped values.
const maxDepth = 32

// errTooDeep is the error for a frame nested deeper than maxDepth.
var errTooDeep = fmt.Errorf("%w: nested deeper than %d", ErrBadFrame, maxDepth)

// parseFrame reads a server envelope: one JSON object whose fields cid,
// match_data, match and error it reads, skipping the others. A field that is
// null counts as absent; when a field repeats, the last one counts.
func parseFrame(b []byte) (serverFrame, error) {
	var f serverFrame
	s := scanner{b: b}
	err := s.object(0, func(key []byte) (err error) {
		switch string(key) {
		case "cid":
			f.cid, err = s.str()
		case "match_data":
			f.matchData, f.dataMatchID, f.data = false, nil, nil
			if s.null() {
				return nil
			}
			f.matchData = true
			return s.object(1, func(key []byte) (err error) {
				switch string(key) {
				case "match_id":
					f.dataMatchID, err = s.str()
				case "data":
					f.data, err = s.str()
				default:
					err = s.skip(2)
				}
				return err
			})
		case "match":
			f.match, f.matchID = false, nil
			if s.null() {
				return nil
			}
			f.match = true
			return s.object(1, func(key []byte) (err error) {
				if string(key) == "match_id" {
					f.matchID, err = s.str()
					return err
				}
				return s.skip(2)
			})
		case "error":
			f.err, f.errMessage = false, nil
			if s.null() {
				return nil
			}
			f.err = true
			return s.object(1, func(key []byte) (err error) {
				if string(key) == "message" {
					f.errMessage, err = s.str()
					return err
				}
				return s.skip(2)
			})
		default:
			err = s.skip(1)
		}
		return err
	})
	if err != nil {
		return serverFrame{}, err
	}
	if s.space(); s.i != len(b) {
		return serverFrame{}, s.fail("trailing bytes after the envelope")
	}
	return f, nil
}

// scanner reads JSON from b, at b[i].
type scanner struct {
	b []byte
	i int
}

func (s *scanner) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", ErrBadFrame, what, s.i)
}

func (s *scanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// peek skips white space and returns the next byte, 0 at the end.
func (s *scanner) peek() byte {
	if s.space(); s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// literal consumes lit if it comes next.
func (s *scanner) literal(lit string) bool {
	if s.peek() == lit[0] && len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

func (s *scanner) null() bool { return s.literal("null") }

// object reads an object, calling field at each key with the scanner at the
// value, which field must consume.
func (s *scanner) object(depth int, field func(key []byte) error) error {
	if depth > maxDepth {
		return errTooDeep
	}
	if s.peek() != '{' {
		return s.fail("want an object")
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		if s.peek() != '"' {
			return s.fail("want a key")
		}
		key, err := s.str()
		if err != nil {
			return err
		}
		if s.peek() != ':' {
			return s.fail("want ':' after a key")
		}
		s.i++
		if err := field(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.fail("want ',' or '}' in an object")
		}
	}
}

// str reads a string, or null as nil.
func (s *scanner) str() ([]byte, error) {
	if s.null() {
		return nil, nil
	}
	start := s.i
	raw, escaped, err := s.rawString()
	if err != nil || !escaped {
		return raw, err
	}
	var v string
	if err := json.Unmarshal(s.b[start:s.i], &v); err != nil {
		return nil, fmt.Errorf("%w: bad escape in the string at byte %d", ErrBadFrame, start)
	}
	return []byte(v), nil
}

// rawString reads a string and returns its text as written, and whether it
// has escapes (which it leaves to the caller to check).
func (s *scanner) rawString() (raw []byte, escaped bool, err error) {
	if s.peek() != '"' {
		return nil, false, s.fail("want a string")
	}
	start := s.i + 1
	for s.i = start; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], escaped, nil
		case c == '\\':
			escaped = true
			s.i++ // the escaped byte cannot end the string
		case c < 0x20:
			return nil, false, s.fail("control character in a string")
		}
	}
	return nil, false, s.fail("unterminated string")
}

// skip reads any one value.
func (s *scanner) skip(depth int) error {
	if depth > maxDepth {
		return errTooDeep
	}
	switch c := s.peek(); {
	case c == '{':
		return s.object(depth, func([]byte) error { return s.skip(depth + 1) })
	case c == '[':
		s.i++
		if s.peek() == ']' {
			s.i++
			return nil
		}
		for {
			if err := s.skip(depth + 1); err != nil {
				return err
			}
			switch s.peek() {
			case ',':
				s.i++
			case ']':
				s.i++
				return nil
			default:
				return s.fail("want ',' or ']' in an array")
			}
		}
	case c == '"':
		_, _, err := s.rawString()
		return err
	case c == '-' || c >= '0' && c <= '9':
		for s.i < len(s.b) && strings.IndexByte("+-.eE0123456789", s.b[s.i]) >= 0 {
			s.i++
		}
		return nil
	case s.literal("true"), s.literal("false"), s.null():
		return nil
	default:
		return s.fail("want a value")
	}
}
