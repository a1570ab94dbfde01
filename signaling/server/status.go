package server

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/heroiclabs/nakama-common/rtapi"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// maxStatusLength is Nakama's limit on a status string, in characters.
const maxStatusLength = 2048

// statusPresence is c's presence on its status stream (hub.statusMu held).
func (c *session) statusPresence(status string) *rtapi.UserPresence {
	return &rtapi.UserPresence{UserId: c.userID, SessionId: c.id, Username: c.username, Status: wrapperspb.String(status)}
}

// statusEventLocked tells the followers of userID about status joins and
// leaves (hub.statusMu held).
func (h *hub) statusEventLocked(userID string, joins, leaves []*rtapi.UserPresence) {
	set := h.followers[userID]
	if len(set) == 0 {
		return
	}
	b, err := marshalOpts.Marshal(&rtapi.Envelope{Message: &rtapi.Envelope_StatusPresenceEvent{
		StatusPresenceEvent: &rtapi.StatusPresenceEvent{Joins: joins, Leaves: leaves}}})
	if err != nil {
		return
	}
	frame := makeFrame(finText, b)
	for f := range set {
		f.push(frame)
	}
}

func (h *hub) followLocked(c *session, userID string) {
	if c.following == nil {
		c.following = make(map[string]struct{})
	}
	c.following[userID] = struct{}{}
	if h.followers[userID] == nil {
		h.followers[userID] = make(map[*session]struct{})
	}
	h.followers[userID][c] = struct{}{}
}

func (h *hub) unfollowLocked(c *session, userID string) {
	delete(c.following, userID)
	if set := h.followers[userID]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.followers, userID)
		}
	}
}

// trackStatus makes c's status visible (or changes it) and tells followers:
// a change is a leave of the old presence and a join of the new one. A
// session whose status is tracked follows its own user, so it sees its own
// status events, as on Nakama.
func (h *hub) trackStatus(c *session, status string) {
	h.statusMu.Lock()
	defer h.statusMu.Unlock()
	var leaves []*rtapi.UserPresence
	if c.statusOn {
		leaves = []*rtapi.UserPresence{c.statusPresence(c.statusText)}
	}
	c.statusOn, c.statusText = true, status
	h.followLocked(c, c.userID)
	h.statusEventLocked(c.userID, []*rtapi.UserPresence{c.statusPresence(status)}, leaves)
}

// untrackStatus hides c's status (telling followers) and drops its follows.
func (h *hub) untrackStatus(c *session) {
	h.statusMu.Lock()
	defer h.statusMu.Unlock()
	if c.statusOn {
		c.statusOn = false
		h.statusEventLocked(c.userID, nil, []*rtapi.UserPresence{c.statusPresence(c.statusText)})
	}
	for u := range c.following {
		h.unfollowLocked(c, u)
	}
}

// statusPresencesLocked lists the tracked statuses of a user (hub.statusMu held).
func (h *hub) statusPresencesLocked(userID string) []*rtapi.UserPresence {
	var out []*rtapi.UserPresence
	for _, s := range h.userSessions(userID) {
		if s.statusOn {
			out = append(out, s.statusPresence(s.statusText))
		}
	}
	slices.SortFunc(out, func(a, b *rtapi.UserPresence) int { return strings.Compare(a.SessionId, b.SessionId) })
	return out
}

// parseUserIDs returns the user ids in canonical form; on a malformed one
// it answers cid with Nakama's error and reports false.
func (c *session) parseUserIDs(cid string, in []string) ([]string, bool) {
	ids := make([]string, 0, len(in))
	for _, s := range in {
		id, err := uuid.Parse(s)
		if err != nil {
			c.sendError(cid, rtapi.Error_BAD_INPUT, "Invalid user identifier")
			return nil, false
		}
		ids = append(ids, id.String())
	}
	return ids, true
}

func (c *session) statusFollow(cid string, in *rtapi.StatusFollow) {
	ids, ok := c.parseUserIDs(cid, in.UserIds)
	if !ok {
		return
	}
	for _, name := range in.Usernames {
		if name == "" {
			c.sendError(cid, rtapi.Error_BAD_INPUT, "Invalid username")
			return
		}
	}
	ctx := context.Background()
	found, err := c.srv.store.usernames(ctx, ids)
	if err != nil {
		c.sendError(cid, rtapi.Error_RUNTIME_EXCEPTION, "Could not follow users.")
		return
	}
	byName, err := c.srv.store.userIDsByUsername(ctx, in.Usernames)
	if err != nil {
		c.sendError(cid, rtapi.Error_RUNTIME_EXCEPTION, "Could not follow users.")
		return
	}
	var follow []string
	for _, id := range ids {
		if _, ok := found[id]; ok && !slices.Contains(follow, id) {
			follow = append(follow, id)
		}
	}
	for id := range byName {
		if !slices.Contains(follow, id) {
			follow = append(follow, id)
		}
	}
	slices.Sort(follow)
	h := c.srv.hub
	h.statusMu.Lock()
	out := &rtapi.Status{}
	for _, id := range follow {
		h.followLocked(c, id)
		out.Presences = append(out.Presences, h.statusPresencesLocked(id)...)
	}
	h.statusMu.Unlock()
	c.send(&rtapi.Envelope{Cid: cid, Message: &rtapi.Envelope_Status{Status: out}})
}

func (c *session) statusUnfollow(cid string, in *rtapi.StatusUnfollow) {
	ids, ok := c.parseUserIDs(cid, in.UserIds)
	if !ok {
		return
	}
	h := c.srv.hub
	h.statusMu.Lock()
	for _, id := range ids {
		if id != c.userID || !c.statusOn {
			h.unfollowLocked(c, id)
		}
	}
	h.statusMu.Unlock()
	c.send(&rtapi.Envelope{Cid: cid})
}

func (c *session) statusUpdate(cid string, in *rtapi.StatusUpdate) {
	h := c.srv.hub
	if in.Status == nil {
		// No status: appear offline.
		h.statusMu.Lock()
		if c.statusOn {
			c.statusOn = false
			h.statusEventLocked(c.userID, nil, []*rtapi.UserPresence{c.statusPresence(c.statusText)})
		}
		h.statusMu.Unlock()
		c.send(&rtapi.Envelope{Cid: cid})
		return
	}
	if utf8.RuneCountInString(in.Status.Value) > maxStatusLength {
		c.sendError(cid, rtapi.Error_BAD_INPUT, "Status must be 2048 characters or less.")
		return
	}
	h.trackStatus(c, in.Status.Value)
	c.send(&rtapi.Envelope{Cid: cid})
}
