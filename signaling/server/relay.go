package server

import (
	"bytes"
	"encoding/base64"
	"strconv"

	"github.com/google/uuid"
)

// dataSend is a decoded match_data_send, as the relay needs it.
type dataSend struct {
	matchID  string // raw match id as sent
	opCode   int64
	data64   []byte // data as canonical standard base64 (empty: no data)
	reliable bool
	targets  []uuid.UUID // session ids of the presences filter
	filtered bool        // a presences filter was given
}

const dataSendPrefix = `"match_data_send"`

// parseDataSendFast decodes the common form of a match_data_send envelope
// without protojson. It accepts only inputs that protojson decodes to the same
// message: an envelope whose only field is match_data_send, whose fields are
// a subset of match_id, op_code, data, presences and reliable under their
// proto names, each at most once, with plain ASCII strings, an integer op
// code, canonical padded standard base64 data and presences that hold only
// valid user_id and session_id UUIDs and an optional username. Anything else returns ok == false,
// and the caller falls back to protojson, which decides between the slower
// valid path and the fatal "received malformed payload". data64 aliases msg.
func parseDataSendFast(msg []byte) (d dataSend, ok bool) {
	p := fastParser{b: msg}
	p.ws()
	if !p.lit("{") {
		return d, false
	}
	p.ws()
	if !p.lit(dataSendPrefix) {
		return d, false
	}
	p.ws()
	if !p.lit(":") {
		return d, false
	}
	p.ws()
	if !p.lit("{") {
		return d, false
	}
	p.ws()
	var seen uint8
	if !p.lit("}") {
		for {
			key, ok := p.str()
			if !ok {
				return d, false
			}
			p.ws()
			if !p.lit(":") {
				return d, false
			}
			p.ws()
			var bit uint8
			switch string(key) {
			case "match_id":
				bit = 1
				v, ok := p.str()
				if !ok {
					return d, false
				}
				d.matchID = string(v)
			case "op_code":
				bit = 2
				if d.opCode, ok = p.int64(); !ok {
					return d, false
				}
			case "data":
				bit = 4
				v, ok := p.str()
				if !ok || !canonicalBase64(v) {
					return d, false
				}
				d.data64 = v
			case "presences":
				bit = 16
				if d.targets, ok = p.presences(d.targets[:0]); !ok {
					return d, false
				}
				d.filtered = len(d.targets) > 0
			case "reliable":
				bit = 8
				switch {
				case p.lit("true"):
					d.reliable = true
				case p.lit("false"):
				default:
					return d, false
				}
			default:
				return d, false
			}
			if seen&bit != 0 {
				return d, false
			}
			seen |= bit
			p.ws()
			if p.lit("}") {
				break
			}
			if !p.lit(",") {
				return d, false
			}
			p.ws()
		}
	}
	p.ws()
	if !p.lit("}") {
		return d, false
	}
	p.ws()
	return d, p.i == len(p.b)
}

// fastParser is a cursor over a JSON document for parseDataSendFast.
type fastParser struct {
	b []byte
	i int
}

func (p *fastParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *fastParser) lit(s string) bool {
	if len(p.b)-p.i < len(s) || string(p.b[p.i:p.i+len(s)]) != s {
		return false
	}
	p.i += len(s)
	return true
}

// str reads a string of printable ASCII without escapes.
func (p *fastParser) str() ([]byte, bool) {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return nil, false
	}
	start := p.i + 1
	for j := start; j < len(p.b); j++ {
		switch c := p.b[j]; {
		case c == '"':
			p.i = j + 1
			return p.b[start:j], true
		case c < 0x20 || c > 0x7e || c == '\\':
			return nil, false
		}
	}
	return nil, false
}

// presences reads a non-empty array of presence objects and appends their
// session ids to dst.
func (p *fastParser) presences(dst []uuid.UUID) ([]uuid.UUID, bool) {
	if !p.lit("[") {
		return nil, false
	}
	for {
		p.ws()
		if !p.lit("{") {
			return nil, false
		}
		var seen uint8
		var sid uuid.UUID
		for {
			p.ws()
			key, ok := p.str()
			if !ok {
				return nil, false
			}
			p.ws()
			if !p.lit(":") {
				return nil, false
			}
			p.ws()
			v, ok := p.str()
			if !ok {
				return nil, false
			}
			var bit uint8
			switch string(key) {
			case "user_id":
				bit = 1
				if _, err := uuid.ParseBytes(v); err != nil {
					return nil, false
				}
			case "session_id":
				bit = 2
				var err error
				if sid, err = uuid.ParseBytes(v); err != nil {
					return nil, false
				}
			case "username":
				bit = 4
			default:
				return nil, false
			}
			if seen&bit != 0 {
				return nil, false
			}
			seen |= bit
			p.ws()
			if p.lit("}") {
				break
			}
			if !p.lit(",") {
				return nil, false
			}
		}
		if seen&3 != 3 {
			return nil, false // let protojson and the slow path report it
		}
		dst = append(dst, sid)
		p.ws()
		if p.lit("]") {
			return dst, true
		}
		if !p.lit(",") {
			return nil, false
		}
	}
}

// int64 reads an integer in JSON number syntax, bare or quoted, of at most 18
// digits (so it cannot overflow).
func (p *fastParser) int64() (int64, bool) {
	quoted := p.lit(`"`)
	start := p.i
	if p.i < len(p.b) && p.b[p.i] == '-' {
		p.i++
	}
	digits := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	n := p.i - digits
	if n == 0 || n > 18 || (n > 1 && p.b[digits] == '0') {
		return 0, false
	}
	v, err := strconv.ParseInt(string(p.b[start:p.i]), 10, 64)
	if err != nil {
		return 0, false
	}
	if quoted && !p.lit(`"`) {
		return 0, false
	}
	if !quoted && p.i < len(p.b) {
		// A bare number must end here: 1.5 or 1e3 go to protojson.
		switch p.b[p.i] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	return v, true
}

// canonicalBase64 reports whether s is padded standard base64 that
// re-encodes to itself, so it can be relayed verbatim.
func canonicalBase64(s []byte) bool {
	if len(s)%4 != 0 || (len(s) > 2 && bytes.IndexByte(s[:len(s)-2], '=') >= 0) {
		return false
	}
	var buf [96]byte
	for len(s) > 0 {
		n := min(len(s), 128)
		if _, err := base64.StdEncoding.Strict().Decode(buf[:], s[:n]); err != nil {
			return false
		}
		s = s[n:]
	}
	return true
}

// appendMatchData appends the match_data envelope that relays d from the
// sender whose presence object (see appendPresence) is presence. It produces
// the same JSON document as protojson with proto names.
func appendMatchData(dst []byte, d *dataSend, presence []byte) []byte {
	dst = append(dst, `{"match_data":{`...)
	if d.matchID != "" {
		dst = append(dst, `"match_id":`...)
		dst = appendJSONString(dst, d.matchID)
		dst = append(dst, ',')
	}
	dst = append(dst, `"presence":`...)
	dst = append(dst, presence...)
	if d.opCode != 0 {
		dst = append(dst, `,"op_code":"`...)
		dst = strconv.AppendInt(dst, d.opCode, 10)
		dst = append(dst, '"')
	}
	if len(d.data64) > 0 {
		dst = append(dst, `,"data":"`...)
		dst = append(dst, d.data64...)
		dst = append(dst, '"')
	}
	if d.reliable {
		dst = append(dst, `,"reliable":true`...)
	}
	return append(dst, "}}"...)
}
