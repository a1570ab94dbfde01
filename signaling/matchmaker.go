package signaling

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/heroiclabs/nakama-common/rtapi"
)

// Player counts the game supports; matchmaker requests are clamped to them.
const (
	MinPlayers = 2
	MaxPlayers = 4
)

// maxClientVersion bounds the client version string.
const maxClientVersion = 64

// MatchmakerRequest asks the matchmaker for opponents.
type MatchmakerRequest struct {
	// Query selects acceptable opponents in Nakama's query syntax, like
	// "+properties.region:eu"; empty means "*".
	Query string
	// MinCount and MaxCount bound the match size including us; 0 means 2
	// and 4, and both are clamped to 2-4 as in the seed game.
	MinCount, MaxCount int
	// StringProperties and NumericProperties describe us to the others'
	// queries.
	StringProperties  map[string]string
	NumericProperties map[string]float64
	// ClientVersion, when set, is added as the string property
	// client_version and "+properties.client_version:<v>" is added to the
	// query, so only players running the same version are matched. Letters,
	// digits, '.' and '_' only.
	ClientVersion string
}

// ValidClientVersion reports whether v can be used as a client version: 1 to
// 64 letters, digits, '.' or '_', which need no escaping in a matchmaker
// query.
func ValidClientVersion(v string) bool {
	if v == "" || len(v) > maxClientVersion {
		return false
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// matchmakerAdd turns a request into the message the seed game sends.
func (r MatchmakerRequest) matchmakerAdd() (*rtapi.MatchmakerAdd, error) {
	clamp := func(n, def int) int32 {
		if n == 0 {
			n = def
		}
		return int32(min(max(n, MinPlayers), MaxPlayers))
	}
	add := &rtapi.MatchmakerAdd{
		MinCount:          clamp(r.MinCount, MinPlayers),
		MaxCount:          clamp(r.MaxCount, MaxPlayers),
		Query:             strings.TrimSpace(r.Query),
		StringProperties:  maps.Clone(r.StringProperties),
		NumericProperties: maps.Clone(r.NumericProperties),
	}
	if add.MinCount > add.MaxCount {
		return nil, fmt.Errorf("min count %d above max count %d: %w", r.MinCount, r.MaxCount, ErrInvalidArgument)
	}
	if r.ClientVersion != "" {
		if !ValidClientVersion(r.ClientVersion) {
			return nil, fmt.Errorf("client version %q: %w", r.ClientVersion, ErrInvalidArgument)
		}
		if add.StringProperties == nil {
			add.StringProperties = make(map[string]string, 1)
		}
		add.StringProperties["client_version"] = r.ClientVersion
		clause := "+properties.client_version:" + r.ClientVersion
		if add.Query == "" || add.Query == "*" {
			add.Query = clause
		} else {
			add.Query += " " + clause
		}
	}
	if add.Query == "" {
		add.Query = "*"
	}
	return add, nil
}

// AddMatchmaker enters the matchmaker and returns the ticket. A match
// arrives later on Events as a MatchmakerMatched message; join it with
// JoinMatchToken.
func (s *Socket) AddMatchmaker(ctx context.Context, req MatchmakerRequest) (string, error) {
	add, err := req.matchmakerAdd()
	if err != nil {
		return "", fmt.Errorf("add matchmaker: %w", err)
	}
	r, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_MatchmakerAdd{MatchmakerAdd: add}})
	if err != nil {
		return "", fmt.Errorf("add matchmaker: %w", err)
	}
	t := r.GetMatchmakerTicket().GetTicket()
	if t == "" {
		return "", fmt.Errorf("add matchmaker: %w: reply without ticket", ErrBadResponse)
	}
	return t, nil
}

// RemoveMatchmaker leaves the matchmaker. An unknown or already matched
// ticket is a *RealtimeError with code 3.
func (s *Socket) RemoveMatchmaker(ctx context.Context, ticket string) error {
	_, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_MatchmakerRemove{
		MatchmakerRemove: &rtapi.MatchmakerRemove{Ticket: ticket}}})
	if err != nil {
		return fmt.Errorf("remove matchmaker: %w", err)
	}
	return nil
}
