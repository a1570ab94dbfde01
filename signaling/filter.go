package signaling

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/heroiclabs/nakama-common/rtapi"
)

// Holding limits for match data that arrives before its sender's join event
// (Nakama may deliver a newcomer's first data before the presence event
// announcing it).
const (
	// MaxHeld bounds the messages held for senders not yet known.
	MaxHeld = 32
	// MaxHeldPerSender bounds them per sender.
	MaxHeldPerSender = 8
	// HoldTimeout is how long a message waits for its sender's join.
	HoldTimeout = 5 * time.Second
)

// Message is a signaling message accepted by a Filter.
type Message struct {
	// From is the sender as the server stamped it: the only trustworthy
	// sender identity.
	From *rtapi.UserPresence
	// Op is the op code: OpHello, OpOffer, OpAnswer, OpCandidate, OpBye or
	// OpRelay. It decides which of the fields below is set.
	Op int64
	// ClientVersion is the sender's version (OpHello), equal to ours.
	ClientVersion string
	// DescriptionID and SDP are the reassembled description (OpOffer,
	// OpAnswer).
	DescriptionID uint32
	SDP           string
	// Candidate is the ICE candidate (OpCandidate).
	Candidate Candidate
	// Reason is why the sender leaves (OpBye).
	Reason ByeReason
	// Packet is the relayed game packet (OpRelay).
	Packet []byte
}

// Filter accepts signaling messages for one match: only from a current
// member (by the server-stamped presence), only those addressed to us, only
// from the same client version; it reassembles chunked descriptions.
// Relayed game packets carry no address, to keep them small: the server's
// presence targeting delivers them to their peer only. It
// tracks membership from the match reply and presence events. Time comes in
// as an argument. It is not safe for concurrent use: feed it from the
// goroutine that reads Socket.Events.
type Filter struct {
	matchID string
	self    *rtapi.UserPresence
	version string
	members map[string]*rtapi.UserPresence // by session id, without self
	held    []heldData
	reasm   Reassembler
}

type heldData struct {
	md *rtapi.MatchData
	at time.Time
}

// NewFilter returns a filter for the match m (the reply of CreateMatch or a
// join), for a client running clientVersion.
func NewFilter(m *rtapi.Match, clientVersion string) (*Filter, error) {
	if m.GetMatchId() == "" || m.GetSelf().GetSessionId() == "" {
		return nil, fmt.Errorf("filter: match without id or self: %w", ErrInvalidArgument)
	}
	if !ValidClientVersion(clientVersion) {
		return nil, fmt.Errorf("filter: client version %q: %w", clientVersion, ErrInvalidArgument)
	}
	f := &Filter{matchID: m.MatchId, self: m.Self, version: clientVersion,
		members: make(map[string]*rtapi.UserPresence)}
	for _, p := range m.Presences {
		f.join(p)
	}
	return f, nil
}

// Self returns our own presence in the match.
func (f *Filter) Self() *rtapi.UserPresence { return f.self }

// Members returns every current member including us, sorted by session id:
// the index of a member is its slot, the same on every peer.
func (f *Filter) Members() []*rtapi.UserPresence {
	out := make([]*rtapi.UserPresence, 0, len(f.members)+1)
	out = append(out, f.self)
	for _, p := range f.members {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *rtapi.UserPresence) int { return cmp.Compare(a.SessionId, b.SessionId) })
	return out
}

// Len returns the number of current members including us.
func (f *Filter) Len() int { return len(f.members) + 1 }

// Member returns the current member with this session id.
func (f *Filter) Member(sessionID string) (*rtapi.UserPresence, bool) {
	p, ok := f.members[sessionID]
	return p, ok
}

func (f *Filter) join(p *rtapi.UserPresence) {
	if p.GetSessionId() == "" || p.SessionId == f.self.SessionId {
		return
	}
	f.members[p.SessionId] = p
}

// Update applies a match presence event. It returns the held match data
// whose senders just joined, in arrival order; pass each to Accept.
func (f *Filter) Update(ev *rtapi.MatchPresenceEvent, now time.Time) []*rtapi.MatchData {
	if ev.GetMatchId() != f.matchID {
		return nil
	}
	for _, p := range ev.Leaves {
		sid := p.GetSessionId()
		delete(f.members, sid)
		f.reasm.Forget(sid)
		f.held = slices.DeleteFunc(f.held, func(h heldData) bool { return h.md.Presence.SessionId == sid })
	}
	for _, p := range ev.Joins {
		f.join(p)
	}
	f.expire(now)
	var ready []*rtapi.MatchData
	f.held = slices.DeleteFunc(f.held, func(h heldData) bool {
		if _, ok := f.members[h.md.Presence.SessionId]; ok {
			ready = append(ready, h.md)
			return true
		}
		return false
	})
	return ready
}

func (f *Filter) expire(now time.Time) {
	f.held = slices.DeleteFunc(f.held, func(h heldData) bool { return now.Sub(h.at) >= HoldTimeout })
}

// Accept checks and decodes one match data message. It returns the message
// and true when it is complete; false and no error when it was kept for
// later (a description chunk, or data from a sender whose join has not
// arrived yet). Errors: ErrNotMember (another match, no or a forged sender,
// ourselves), ErrNotAddressed, ErrUnknownOp, ErrMalformed, ErrLimit, and a
// *VersionError for a hello from another client version.
func (f *Filter) Accept(md *rtapi.MatchData, now time.Time) (Message, bool, error) {
	from := md.GetPresence()
	switch {
	case md.GetMatchId() != f.matchID:
		return Message{}, false, fmt.Errorf("match data for match %q: %w", md.GetMatchId(), ErrNotMember)
	case from.GetSessionId() == "" || from.GetUserId() == "":
		return Message{}, false, fmt.Errorf("match data without sender: %w", ErrNotMember)
	case from.SessionId == f.self.SessionId:
		return Message{}, false, fmt.Errorf("match data from ourselves: %w", ErrNotMember)
	}
	member, ok := f.members[from.SessionId]
	if !ok {
		return Message{}, false, f.hold(md, now)
	}
	if member.UserId != from.UserId {
		return Message{}, false, fmt.Errorf("match data from session %s with user %s, member is user %s: %w",
			from.SessionId, from.UserId, member.UserId, ErrNotMember)
	}
	msg := Message{From: from, Op: md.OpCode}
	var to string
	switch md.OpCode {
	case OpHello:
		v, err := ParseHello(md.Data)
		if err != nil {
			return Message{}, false, err
		}
		if v != f.version {
			return Message{}, false, &VersionError{Local: f.version, Remote: v, Username: from.Username}
		}
		msg.ClientVersion = v
		return msg, true, nil
	case OpOffer, OpAnswer:
		c, err := ParseDescriptionChunk(md.Data)
		if err != nil {
			return Message{}, false, err
		}
		if c.To != f.self.SessionId {
			return Message{}, false, fmt.Errorf("description for %s: %w", c.To, ErrNotAddressed)
		}
		sdp, done, err := f.reasm.Add(from.SessionId, md.OpCode, c, now)
		if err != nil || !done {
			return Message{}, false, err
		}
		msg.DescriptionID, msg.SDP = c.ID, sdp
		return msg, true, nil
	case OpCandidate:
		c, err := ParseCandidate(md.Data)
		if err != nil {
			return Message{}, false, err
		}
		msg.Candidate, to = c, c.To
	case OpBye:
		t, r, err := ParseBye(md.Data)
		if err != nil {
			return Message{}, false, err
		}
		if t == "" {
			t = f.self.SessionId // to everyone
		}
		msg.Reason, to = r, t
	case OpRelay:
		p, err := ParseRelay(md.Data)
		if err != nil {
			return Message{}, false, err
		}
		msg.Packet = p
		return msg, true, nil
	default:
		return Message{}, false, fmt.Errorf("op code %d: %w", md.OpCode, ErrUnknownOp)
	}
	if to != f.self.SessionId {
		return Message{}, false, fmt.Errorf("op %d for %s: %w", md.OpCode, to, ErrNotAddressed)
	}
	return msg, true, nil
}

// hold keeps data from a sender not yet known until its join arrives.
func (f *Filter) hold(md *rtapi.MatchData, now time.Time) error {
	f.expire(now)
	n := 0
	for _, h := range f.held {
		if h.md.Presence.SessionId == md.Presence.SessionId {
			n++
		}
	}
	if n >= MaxHeldPerSender || len(f.held) >= MaxHeld {
		return fmt.Errorf("match data from unknown session %s: %w: too many held messages",
			md.Presence.SessionId, ErrLimit)
	}
	f.held = append(f.held, heldData{md: md, at: now})
	return nil
}
