package matchmaker

import (
	"errors"
	"fmt"
)

// Ticket validation errors carry Nakama's wording in lower case; Nakama sends
// the same text capitalised ("Invalid minimum count, must be >= 2") as error
// code 3.
var (
	// ErrMinCount indicates a ticket whose minimum count is below 2.
	ErrMinCount = errors.New("invalid minimum count, must be >= 2")
	// ErrMaxCount indicates a ticket whose maximum count is below its minimum count.
	ErrMaxCount = errors.New("invalid maximum count, must be >= minimum count")
	// ErrMaxCountLimit indicates a maximum count above Config.MaxCount; the
	// pool's error adds the limit: "invalid maximum count, must be <= 64".
	ErrMaxCountLimit = errors.New("invalid maximum count, must be <=")
	// ErrCountMultiple indicates a negative count multiple.
	ErrCountMultiple = errors.New("invalid count multiple, must be >= 1")
	// ErrMultipleMinCount indicates a count multiple that does not divide the minimum count.
	ErrMultipleMinCount = errors.New("invalid count multiple for minimum count, must divide")
	// ErrMultipleMaxCount indicates a count multiple that does not divide the maximum count.
	ErrMultipleMaxCount = errors.New("invalid count multiple for maximum count, must divide")
	// ErrTicketID indicates a ticket with an empty id or an id already in the pool.
	ErrTicketID = errors.New("invalid matchmaker ticket id")
	// ErrPresence indicates a ticket without a user id or session id.
	ErrPresence = errors.New("invalid matchmaker presence")
	// ErrTooManyTickets indicates a session that already holds Config.MaxTicketsPerSession tickets.
	ErrTooManyTickets = errors.New("too many matchmaker tickets")
	// ErrTooManyUserTickets indicates a user who already holds
	// Config.MaxTicketsPerUser tickets over all of its sessions.
	ErrTooManyUserTickets = fmt.Errorf("%w for this user", ErrTooManyTickets)
	// ErrQuery indicates a query string that is malformed or uses an unsupported construct.
	ErrQuery = errors.New("invalid matchmaker query")
)
