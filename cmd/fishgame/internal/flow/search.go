package flow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/heroiclabs/nakama-common/rtapi"

	"github.com/fishgame/fishgame/signaling"
)

// Search is one matchmaker search of a Lobby, from its ticket to a match
// or Cancel.
type Search struct {
	l       *Lobby
	ticket  string
	started time.Time
	min     int
	max     int
	found   chan Room
}

// Matchmake asks the matchmaker for a match of minPlayers to maxPlayers
// players (2 to 4) running this version. The match arrives on the
// search's Found; one search runs at a time (ErrSearching).
func (l *Lobby) Matchmake(ctx context.Context, minPlayers, maxPlayers int) (*Search, error) {
	if minPlayers < MinPlayers || maxPlayers > MaxPlayers || minPlayers > maxPlayers {
		return nil, fmt.Errorf("matchmake: %d to %d players, want %d to %d: %w", minPlayers, maxPlayers, MinPlayers, MaxPlayers, signaling.ErrInvalidArgument)
	}
	l.mu.Lock()
	busy := l.search != nil || l.adding
	if !busy {
		l.adding = true
	}
	l.mu.Unlock()
	if busy {
		return nil, failure(ErrSearching, "Already looking for a match", nil)
	}
	started := l.cfg.Now()
	ticket, err := l.sock.AddMatchmaker(ctx, signaling.MatchmakerRequest{
		MinCount: minPlayers, MaxCount: maxPlayers, ClientVersion: l.cfg.ClientVersion,
	})
	if err != nil {
		l.mu.Lock()
		l.adding = false
		l.mu.Unlock()
		return nil, lost("matchmake", err)
	}
	s := &Search{l: l, ticket: ticket, started: started, min: minPlayers, max: maxPlayers, found: make(chan Room, 1)}
	l.mu.Lock()
	l.adding = false
	mm := l.unclaimed[ticket] // matched before the ticket's reply was read
	delete(l.unclaimed, ticket)
	if mm == nil {
		l.search = s
	}
	l.mu.Unlock()
	if mm != nil {
		s.deliver(mm)
	}
	l.cfg.Logger.Debug("lobby: matchmaking", "ticket", ticket, "min", minPlayers, "max", maxPlayers)
	return s, nil
}

// deliver hands the matchmaker's match to Found.
func (s *Search) deliver(mm *rtapi.MatchmakerMatched) {
	n := len(mm.GetUsers())
	if n < s.min || n > s.max {
		s.l.cfg.Logger.Warn("lobby: matchmaker match of the wrong size", "players", n, "min", s.min, "max", s.max)
	}
	s.found <- Room{Token: mm.GetToken(), Players: n}
}

// Found delivers the match once the matchmaker made it.
func (s *Search) Found() <-chan Room { return s.found }

// Elapsed returns how long the search has been on at now.
func (s *Search) Elapsed(now time.Time) time.Duration { return now.Sub(s.started) }

// Ticket returns the matchmaker ticket.
func (s *Search) Ticket() string { return s.ticket }

// Cancel removes the ticket from the matchmaker (matchmaker_remove). When
// the match was made first, Cancel returns nil and Found still has it.
func (s *Search) Cancel(ctx context.Context) error {
	err := s.l.sock.RemoveMatchmaker(ctx, s.ticket)
	var re *signaling.RealtimeError
	if errors.As(err, &re) && re.Code == int32(rtapi.Error_BAD_INPUT) {
		// Matched already: the match went out before this answer, and the
		// lobby hands it to Found.
		return nil
	}
	if err != nil {
		return lost("cancel matchmaking", err)
	}
	s.l.mu.Lock()
	if s.l.search == s {
		s.l.search = nil
	}
	s.l.mu.Unlock()
	return nil
}
