package server

import (
	"context"
	"log/slog"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/heroiclabs/nakama-common/rtapi"

	"github.com/fishgame/fishgame/signaling/server/matchmaker"
)

// matchmakerMaxIntervals is Nakama's matchmaker.max_intervals default.
const matchmakerMaxIntervals = 2

// matchmaking connects sockets to the matchmaker pool and turns its matches
// into matchmaker_matched messages.
type matchmaking struct {
	srv  *Server
	mu   sync.Mutex // guards pool; held for a whole interval
	pool *matchmaker.Pool
	// gone are the sessions closed since the pool last dropped their
	// tickets. A closing socket only appends here, so that disconnect
	// handling never waits for an interval in progress.
	goneMu sync.Mutex
	gone   []string
}

func newMatchmaking(srv *Server) *matchmaking {
	return &matchmaking{srv: srv, pool: matchmaker.New(matchmaker.Config{
		MaxIntervals:         matchmakerMaxIntervals,
		MaxTicketsPerSession: srv.cfg.MatchmakerMaxTickets,
		MaxTicketsPerUser:    srv.cfg.MatchmakerMaxUserTickets,
		MaxCount:             srv.cfg.MatchmakerMaxCount,
	})}
}

// capitalize upper-cases the first letter of an error text, giving Nakama's
// wording back from the matchmaker package's lower-case errors.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func (mm *matchmaking) add(c *session, cid string, in *rtapi.MatchmakerAdd) {
	t := matchmaker.Ticket{
		ID:                uuid.NewString(),
		Presence:          matchmaker.Presence{UserID: c.userID, SessionID: c.id, Username: c.username},
		MinCount:          int(in.MinCount),
		MaxCount:          int(in.MaxCount),
		Query:             in.Query,
		StringProperties:  in.StringProperties,
		NumericProperties: in.NumericProperties,
	}
	if in.CountMultiple != nil {
		t.CountMultiple = int(in.CountMultiple.Value)
		if t.CountMultiple < 1 {
			t.CountMultiple = -1 // an explicit value below 1 is invalid
		}
	}
	mm.mu.Lock()
	mm.dropGone()
	err := mm.pool.Add(t)
	mm.mu.Unlock()
	if err != nil {
		c.sendError(cid, rtapi.Error_BAD_INPUT, capitalize(err.Error()))
		return
	}
	c.send(&rtapi.Envelope{Cid: cid, Message: &rtapi.Envelope_MatchmakerTicket{
		MatchmakerTicket: &rtapi.MatchmakerTicket{Ticket: t.ID}}})
}

func (mm *matchmaking) remove(c *session, cid string, in *rtapi.MatchmakerRemove) {
	if in.Ticket == "" {
		c.sendError(cid, rtapi.Error_BAD_INPUT, "Invalid matchmaker ticket")
		return
	}
	mm.mu.Lock()
	ok := mm.pool.Remove(c.id, in.Ticket)
	mm.mu.Unlock()
	if !ok {
		c.sendError(cid, rtapi.Error_BAD_INPUT, "Matchmaker ticket not found")
		return
	}
	c.send(&rtapi.Envelope{Cid: cid})
}

// removeSession drops a closed session's tickets before the pool is next
// used; it never waits for the pool's lock.
func (mm *matchmaking) removeSession(c *session) {
	mm.goneMu.Lock()
	mm.gone = append(mm.gone, c.id)
	mm.goneMu.Unlock()
}

// dropGone removes the tickets of the sessions closed since the last call;
// mm.mu must be held.
func (mm *matchmaking) dropGone() {
	mm.goneMu.Lock()
	gone := mm.gone
	mm.gone = nil
	mm.goneMu.Unlock()
	for _, id := range gone {
		mm.pool.RemoveSession(id)
	}
}

// run processes the pool every interval until ctx ends.
func (mm *matchmaking) run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			mm.process()
		}
	}
}

// process runs one matchmaker interval and notifies the matched sessions.
func (mm *matchmaking) process() {
	mm.mu.Lock()
	mm.dropGone()
	matches := mm.pool.Process()
	mm.mu.Unlock()
	for _, m := range matches {
		mm.notify(m)
	}
}

// notify sends matchmaker_matched to every member of a formed match; they
// all get the same token for a new relayed match.
func (mm *matchmaking) notify(m matchmaker.Match) {
	matchID := uuid.NewString() + "."
	token, err := mm.srv.tokens.matchToken(matchID)
	if err != nil {
		mm.srv.log.Error("matchmaker token", slog.Any("err", err))
		return
	}
	users := make([]*rtapi.MatchmakerMatched_MatchmakerUser, len(m.Tickets))
	for i, t := range m.Tickets {
		users[i] = &rtapi.MatchmakerMatched_MatchmakerUser{
			Presence:          &rtapi.UserPresence{UserId: t.Presence.UserID, SessionId: t.Presence.SessionID, Username: t.Presence.Username},
			StringProperties:  t.StringProperties,
			NumericProperties: t.NumericProperties,
		}
	}
	for i, t := range m.Tickets {
		c := mm.srv.hub.session(t.Presence.SessionID)
		if c == nil {
			continue
		}
		c.send(&rtapi.Envelope{Message: &rtapi.Envelope_MatchmakerMatched{MatchmakerMatched: &rtapi.MatchmakerMatched{
			Ticket: t.ID,
			Id:     &rtapi.MatchmakerMatched_Token{Token: token},
			Users:  users,
			Self:   users[i],
		}}})
	}
}
