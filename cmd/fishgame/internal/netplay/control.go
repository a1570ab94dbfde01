package netplay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Control messages travel between the players of a room and of its games
// on the links' reliable, ordered control channel. Every one starts with
// controlVersion and a kind byte.
const controlVersion = 1

// The kinds of control message.
const (
	// ctlForfeit: the sender quits the game it plays; it forfeits.
	ctlForfeit byte = 1
	// ctlVote: the sender's ready state and the room members it sees.
	ctlVote byte = 2
	// ctlStart: the sender starts a game with these members and seed.
	ctlStart byte = 3
)

// The states a vote announces.
const (
	voteNotReady byte = 0
	voteReady    byte = 1
	votePlaying  byte = 2 // in a game the receiver is not part of
)

// maxRoster bounds the members a vote or start names.
const maxRoster = 4

// maxSessionID bounds a session id in a roster.
const maxSessionID = 64

// errControl indicates a control message that cannot be decoded.
var errControl = errors.New("netplay: malformed control message")

// control is one decoded control message.
type control struct {
	kind byte
	// ready and nonce are a vote's: voteNotReady, voteReady or
	// votePlaying, and the number the sender drew when it pressed Ready
	// (the seed derives from them).
	ready byte
	nonce uint64
	// roster is a vote's or start's session ids, sorted.
	roster []string
	// seed is a start's game seed.
	seed uint64
}

// appendControl encodes c.
func appendControl(b []byte, c control) ([]byte, error) {
	b = append(b, controlVersion, c.kind)
	switch c.kind {
	case ctlForfeit:
		return b, nil
	case ctlVote:
		if c.ready > votePlaying {
			return nil, fmt.Errorf("%w: vote %d", errControl, c.ready)
		}
		b = binary.BigEndian.AppendUint64(append(b, c.ready), c.nonce)
	case ctlStart:
		b = binary.BigEndian.AppendUint64(b, c.seed)
	default:
		return nil, fmt.Errorf("%w: kind %d", errControl, c.kind)
	}
	if len(c.roster) > maxRoster || !slices.IsSorted(c.roster) {
		return nil, fmt.Errorf("%w: roster of %d, sorted %v", errControl, len(c.roster), slices.IsSorted(c.roster))
	}
	b = append(b, byte(len(c.roster)))
	for _, s := range c.roster {
		if s == "" || len(s) > maxSessionID {
			return nil, fmt.Errorf("%w: session id of %d bytes", errControl, len(s))
		}
		b = append(append(b, byte(len(s))), s...)
	}
	return b, nil
}

// parseControl decodes a control message. Its roster is sorted, without
// duplicates, of at most maxRoster ids.
func parseControl(p []byte) (control, error) {
	if len(p) < 2 || p[0] != controlVersion {
		return control{}, fmt.Errorf("%w: %d bytes, version %v", errControl, len(p), p[:min(1, len(p))])
	}
	c := control{kind: p[1]}
	p = p[2:]
	switch c.kind {
	case ctlForfeit:
		if len(p) != 0 {
			return control{}, fmt.Errorf("%w: forfeit with %d extra bytes", errControl, len(p))
		}
		return c, nil
	case ctlVote:
		if len(p) < 9 || p[0] > votePlaying {
			return control{}, fmt.Errorf("%w: short or bad vote", errControl)
		}
		c.ready, c.nonce, p = p[0], binary.BigEndian.Uint64(p[1:9]), p[9:]
	case ctlStart:
		if len(p) < 8 {
			return control{}, fmt.Errorf("%w: short start", errControl)
		}
		c.seed, p = binary.BigEndian.Uint64(p[:8]), p[8:]
	default:
		return control{}, fmt.Errorf("%w: kind %d", errControl, c.kind)
	}
	if len(p) < 1 || int(p[0]) > maxRoster {
		return control{}, fmt.Errorf("%w: roster size", errControl)
	}
	n := int(p[0])
	p = p[1:]
	for range n {
		if len(p) < 1 || p[0] == 0 || int(p[0]) > maxSessionID || len(p) < 1+int(p[0]) {
			return control{}, fmt.Errorf("%w: session id", errControl)
		}
		s := string(p[1 : 1+p[0]])
		if len(c.roster) > 0 && s <= c.roster[len(c.roster)-1] {
			return control{}, fmt.Errorf("%w: roster not sorted or repeated", errControl)
		}
		c.roster = append(c.roster, s)
		p = p[1+len(s):]
	}
	if len(p) != 0 {
		return control{}, fmt.Errorf("%w: %d trailing bytes", errControl, len(p))
	}
	return c, nil
}
