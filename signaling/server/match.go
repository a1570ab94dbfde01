package server

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/heroiclabs/nakama-common/rtapi"
)

// match is a relayed match: a set of member sessions.
type match struct {
	id    uuid.UUID
	label string // the canonical match id, "<uuid>."
	mu    sync.RWMutex
	// members in join order, guarded by mu.
	members []*session
}

// parseMatchID splits a match id "<uuid>.<node>" as Nakama does.
func parseMatchID(s string) (id uuid.UUID, node string, ok bool) {
	head, node, found := strings.Cut(s, ".")
	if !found {
		return id, "", false
	}
	id, err := uuid.Parse(head)
	return id, node, err == nil
}

func (c *session) userPresence() *rtapi.UserPresence {
	return &rtapi.UserPresence{UserId: c.userID, SessionId: c.id, Username: c.username}
}

// presenceEvent encodes a match_presence_event frame.
func presenceEvent(matchID string, joins, leaves []*session) []byte {
	ev := &rtapi.MatchPresenceEvent{MatchId: matchID}
	for _, s := range joins {
		ev.Joins = append(ev.Joins, s.userPresence())
	}
	for _, s := range leaves {
		ev.Leaves = append(ev.Leaves, s.userPresence())
	}
	b, err := marshalOpts.Marshal(&rtapi.Envelope{Message: &rtapi.Envelope_MatchPresenceEvent{MatchPresenceEvent: ev}})
	if err != nil {
		panic("encode match presence event: " + err.Error()) // only strings: cannot fail
	}
	return makeFrame(finText, b)
}

// join adds c to the match with id, creating it when create is set, and
// reports false when the match does not exist. Under the match lock it calls
// reply with the match, the other members and whether c is new to the match,
// then tells every member (c included) about the join, so the reply comes
// first and events stay in membership order.
func (h *hub) join(c *session, id uuid.UUID, create bool, reply func(m *match, others []*session, isNew bool)) bool {
	h.matchMu.Lock()
	m := h.matches[id]
	if m == nil {
		if !create {
			h.matchMu.Unlock()
			return false
		}
		m = &match{id: id, label: id.String() + "."}
		h.matches[id] = m
	}
	m.mu.Lock()
	h.matchMu.Unlock()
	defer m.mu.Unlock()
	isNew := !slices.Contains(m.members, c)
	var others []*session
	for _, s := range m.members {
		if s != c {
			others = append(others, s)
		}
	}
	if isNew {
		m.members = append(m.members, c)
		c.matches[id] = m
	}
	reply(m, others, isNew)
	if isNew {
		ev := presenceEvent(m.label, []*session{c}, nil)
		for _, s := range m.members {
			s.push(ev)
		}
	}
	return true
}

// leave removes c from m, telling the remaining members; an empty match is
// forgotten.
func (h *hub) leave(c *session, m *match) {
	delete(c.matches, m.id)
	h.matchMu.Lock()
	defer h.matchMu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.Index(m.members, c)
	if i < 0 {
		return
	}
	m.members = slices.Delete(m.members, i, i+1)
	if len(m.members) == 0 {
		delete(h.matches, m.id)
		return
	}
	ev := presenceEvent(m.label, nil, []*session{c})
	for _, s := range m.members {
		s.push(ev)
	}
}

// tooManyMatches reports whether joining match id would put c in more
// matches than the server allows, answering the request if so.
func (c *session) tooManyMatches(cid string, id uuid.UUID) bool {
	limit := c.srv.cfg.MaxMatchesPerSocket
	if c.matches[id] != nil || len(c.matches) < limit {
		return false
	}
	c.sendError(cid, rtapi.Error_BAD_INPUT, "Too many matches, at most "+strconv.Itoa(limit)+" per socket")
	return true
}

func (c *session) matchCreate(cid string, in *rtapi.MatchCreate) {
	id := uuid.New()
	if in.Name != "" {
		id = uuid.NewSHA1(uuid.NameSpaceDNS, []byte(in.Name))
	}
	if c.tooManyMatches(cid, id) {
		return
	}
	c.srv.hub.join(c, id, true, func(m *match, others []*session, _ bool) {
		out := &rtapi.Match{MatchId: m.label, Size: int32(len(others) + 1), Self: c.userPresence()}
		for _, s := range others {
			out.Presences = append(out.Presences, s.userPresence())
		}
		c.send(&rtapi.Envelope{Cid: cid, Message: &rtapi.Envelope_Match{Match: out}})
	})
}

func (c *session) matchJoin(cid string, in *rtapi.MatchJoin) {
	var matchID string
	create := false
	switch v := in.Id.(type) {
	case *rtapi.MatchJoin_MatchId:
		matchID = v.MatchId
	case *rtapi.MatchJoin_Token:
		mid, err := c.srv.tokens.verifyMatchToken(v.Token)
		if err != nil {
			c.sendError(cid, rtapi.Error_BAD_INPUT, "Invalid match token")
			return
		}
		matchID, create = mid, true
	default:
		c.sendError(cid, rtapi.Error_BAD_INPUT, "No match ID or token found")
		return
	}
	id, node, ok := parseMatchID(matchID)
	if !ok {
		msg := "Invalid match ID"
		if create {
			msg = "Invalid match token"
		}
		c.sendError(cid, rtapi.Error_BAD_INPUT, msg)
		return
	}
	if node != "" {
		// An authoritative match id: this server runs none.
		c.sendError(cid, rtapi.Error_MATCH_NOT_FOUND, "Match not found")
		return
	}
	if c.tooManyMatches(cid, id) {
		return
	}
	found := c.srv.hub.join(c, id, create, func(_ *match, others []*session, isNew bool) {
		out := &rtapi.Match{MatchId: matchID, Self: c.userPresence()}
		if !isNew {
			others = append(others, c)
		}
		for _, s := range others {
			out.Presences = append(out.Presences, s.userPresence())
		}
		out.Size = int32(len(out.Presences))
		c.send(&rtapi.Envelope{Cid: cid, Message: &rtapi.Envelope_Match{Match: out}})
	})
	if !found {
		c.sendError(cid, rtapi.Error_MATCH_NOT_FOUND, "Match not found")
	}
}

func (c *session) matchLeave(cid string, in *rtapi.MatchLeave) {
	id, _, ok := parseMatchID(in.MatchId)
	if !ok {
		c.sendError(cid, rtapi.Error_BAD_INPUT, "Invalid match ID")
		return
	}
	if m := c.matches[id]; m != nil {
		c.srv.hub.leave(c, m)
	}
	c.send(&rtapi.Envelope{Cid: cid})
}

// relay delivers match data from c to the other members of the match (or to
// the targeted ones). Data from a non-member, or for a match that does not
// exist, is dropped silently, as Nakama does; a malformed match id gets an
// error without cid. The outgoing frame is encoded once for all receivers.
func (c *session) relay(d *dataSend) {
	id, node, ok := parseMatchID(d.matchID)
	if !ok {
		c.sendError("", rtapi.Error_BAD_INPUT, "Invalid match ID")
		return
	}
	m := c.matches[id]
	if m == nil || node != "" {
		return
	}
	frame := finishFrame(appendMatchData(frameBuf(96+len(d.matchID)+len(c.presence)+len(d.data64)), d, c.presence), finText)
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, s := range m.members {
		if s == c || (d.filtered && !slices.Contains(d.targets, s.sid)) {
			continue
		}
		s.push(frame)
	}
}
