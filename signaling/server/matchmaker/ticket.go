package matchmaker

import "fmt"

// Presence identifies the owner of a ticket, as in Nakama's
// matchmaker_matched users[].presence.
type Presence struct {
	// UserID is the owner's user id.
	UserID string
	// SessionID is the socket session that added the ticket.
	SessionID string
	// Username is the owner's username.
	Username string
}

// Ticket is one matchmaker_add request waiting in the pool.
type Ticket struct {
	// ID is the ticket id the server generated (a UUID); it must be unique in the pool.
	ID string
	// Presence is the owner.
	Presence Presence
	// MinCount is the smallest group the owner accepts (at least 2).
	MinCount int
	// MaxCount is the largest group the owner accepts (at least MinCount).
	MaxCount int
	// CountMultiple, when not 0, requires the group size to be a multiple of
	// it. 0 means the client sent none. A client that sends an explicit value
	// below 1 must get ErrCountMultiple, so the server passes such values as
	// negative numbers (or rejects them itself).
	CountMultiple int
	// Query is the matchmaker query string; empty means "*".
	Query string
	// StringProperties are the ticket's string properties.
	StringProperties map[string]string
	// NumericProperties are the ticket's numeric properties.
	NumericProperties map[string]float64
}

// Validate checks the counts in Nakama's order and parses the query. It
// returns the parsed query so that Pool.Add does not parse twice.
func (t *Ticket) Validate() (*Query, error) {
	switch {
	case t.MinCount < 2:
		return nil, ErrMinCount
	case t.MaxCount < t.MinCount:
		return nil, ErrMaxCount
	case t.CountMultiple < 0:
		return nil, ErrCountMultiple
	case t.CountMultiple > 0 && t.MinCount%t.CountMultiple != 0:
		return nil, ErrMultipleMinCount
	case t.CountMultiple > 0 && t.MaxCount%t.CountMultiple != 0:
		return nil, ErrMultipleMaxCount
	case t.ID == "":
		return nil, fmt.Errorf("%w: empty", ErrTicketID)
	case t.Presence.UserID == "" || t.Presence.SessionID == "":
		return nil, fmt.Errorf("%w: user id and session id are required", ErrPresence)
	}
	q, err := ParseQuery(t.Query)
	if err != nil {
		return nil, err
	}
	return q, nil
}

// Match is one group formed by Pool.Process. Every member gets a
// matchmaker_matched message listing all of Tickets (users) and its own
// ticket (self).
type Match struct {
	// Tickets are the members, oldest ticket first.
	Tickets []Ticket
}
