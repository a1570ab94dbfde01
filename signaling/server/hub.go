package server

import (
	"sync"

	"github.com/google/uuid"
)

// hub holds the live sessions, relayed matches and status subscriptions.
type hub struct {
	srv *Server

	sessMu   sync.RWMutex
	sessions map[string]*session              // by session id
	byUser   map[string]map[*session]struct{} // by user id

	matchMu sync.Mutex
	matches map[uuid.UUID]*match

	statusMu  sync.Mutex
	followers map[string]map[*session]struct{} // followed user id -> followers
}

func newHub(srv *Server) *hub {
	return &hub{
		srv:       srv,
		sessions:  make(map[string]*session),
		byUser:    make(map[string]map[*session]struct{}),
		matches:   make(map[uuid.UUID]*match),
		followers: make(map[string]map[*session]struct{}),
	}
}

func (h *hub) register(c *session) {
	h.sessMu.Lock()
	defer h.sessMu.Unlock()
	h.sessions[c.id] = c
	if h.byUser[c.userID] == nil {
		h.byUser[c.userID] = make(map[*session]struct{})
	}
	h.byUser[c.userID][c] = struct{}{}
}

// unregister removes a session that stopped reading from everything it is
// part of, telling the others (match and status leaves).
func (h *hub) unregister(c *session) {
	h.srv.mm.removeSession(c)
	for _, m := range c.matches {
		h.leave(c, m)
	}
	h.untrackStatus(c)
	h.sessMu.Lock()
	delete(h.sessions, c.id)
	if set := h.byUser[c.userID]; set != nil {
		delete(set, c)
		if len(set) == 0 {
			delete(h.byUser, c.userID)
		}
	}
	h.sessMu.Unlock()
}

// session returns the live session with id.
func (h *hub) session(id string) *session {
	h.sessMu.RLock()
	defer h.sessMu.RUnlock()
	return h.sessions[id]
}

// online reports whether the user has a live socket.
func (h *hub) online(userID string) bool {
	h.sessMu.RLock()
	defer h.sessMu.RUnlock()
	return len(h.byUser[userID]) > 0
}

// all returns every live session.
func (h *hub) all() []*session {
	h.sessMu.RLock()
	defer h.sessMu.RUnlock()
	out := make([]*session, 0, len(h.sessions))
	for _, c := range h.sessions {
		out = append(out, c)
	}
	return out
}

// userSessions returns the live sessions of a user.
func (h *hub) userSessions(userID string) []*session {
	h.sessMu.RLock()
	defer h.sessMu.RUnlock()
	out := make([]*session, 0, len(h.byUser[userID]))
	for c := range h.byUser[userID] {
		out = append(out, c)
	}
	return out
}
