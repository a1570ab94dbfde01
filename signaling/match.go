package signaling

import (
	"context"
	"fmt"

	"github.com/heroiclabs/nakama-common/rtapi"
)

// CreateMatch creates a relayed match and joins it. With a name, the match
// id is derived from the name, so everyone creating the same name gets the
// same match (Nakama's "named match"); an empty name makes a fresh match.
func (s *Socket) CreateMatch(ctx context.Context, name string) (*rtapi.Match, error) {
	r, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_MatchCreate{
		MatchCreate: &rtapi.MatchCreate{Name: name}}})
	if err != nil {
		return nil, fmt.Errorf("create match: %w", err)
	}
	return matchReply("create match", r)
}

// JoinMatch joins the match with the given id. The reply lists the other
// members (Presences) and our own presence (Self). metadata may be nil.
// A missing match is a *RealtimeError with code 4.
func (s *Socket) JoinMatch(ctx context.Context, matchID string, metadata map[string]string) (*rtapi.Match, error) {
	if matchID == "" {
		return nil, fmt.Errorf("join match: empty match id: %w", ErrInvalidArgument)
	}
	r, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_MatchJoin{MatchJoin: &rtapi.MatchJoin{
		Id: &rtapi.MatchJoin_MatchId{MatchId: matchID}, Metadata: metadata}}})
	if err != nil {
		return nil, fmt.Errorf("join match %s: %w", matchID, err)
	}
	return matchReply("join match", r)
}

// JoinMatchToken joins the match the matchmaker formed, with the token of a
// MatchmakerMatched event. metadata may be nil.
func (s *Socket) JoinMatchToken(ctx context.Context, token string, metadata map[string]string) (*rtapi.Match, error) {
	if token == "" {
		return nil, fmt.Errorf("join matched match: empty token: %w", ErrInvalidArgument)
	}
	r, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_MatchJoin{MatchJoin: &rtapi.MatchJoin{
		Id: &rtapi.MatchJoin_Token{Token: token}, Metadata: metadata}}})
	if err != nil {
		return nil, fmt.Errorf("join matched match: %w", err)
	}
	return matchReply("join matched match", r)
}

// matchReply extracts the match from a create or join reply.
func matchReply(op string, r *rtapi.Envelope) (*rtapi.Match, error) {
	m := r.GetMatch()
	if m == nil || m.MatchId == "" || m.Self == nil || m.Self.SessionId == "" {
		return nil, fmt.Errorf("%s: %w: reply without match id and self", op, ErrBadResponse)
	}
	return m, nil
}

// LeaveMatch leaves the match; the other members get a presence event.
func (s *Socket) LeaveMatch(ctx context.Context, matchID string) error {
	_, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_MatchLeave{
		MatchLeave: &rtapi.MatchLeave{MatchId: matchID}}})
	if err != nil {
		return fmt.Errorf("leave match %s: %w", matchID, err)
	}
	return nil
}

// SendMatchData sends data with op code op to the other members of the
// match, or only to the presences in to when there are any. The server
// sends no acknowledgement: an error about it arrives later on Events,
// without cid. Frames above the server's limit are refused with
// ErrFrameTooLarge; MaxPayload tells how much data fits.
func (s *Socket) SendMatchData(ctx context.Context, matchID string, op int64, data []byte, to ...*rtapi.UserPresence) error {
	if err := s.send(ctx, matchDataEnvelope(matchID, op, data, to)); err != nil {
		return fmt.Errorf("send match data: %w", err)
	}
	return nil
}

// matchDataEnvelope builds a match_data_send, addressing presences by user
// and session id only (the server ignores the rest, and every byte counts
// against the frame limit).
func matchDataEnvelope(matchID string, op int64, data []byte, to []*rtapi.UserPresence) *rtapi.Envelope {
	var targets []*rtapi.UserPresence
	if len(to) > 0 {
		targets = make([]*rtapi.UserPresence, len(to))
		for i, p := range to {
			targets[i] = &rtapi.UserPresence{UserId: p.GetUserId(), SessionId: p.GetSessionId()}
		}
	}
	return &rtapi.Envelope{Message: &rtapi.Envelope_MatchDataSend{MatchDataSend: &rtapi.MatchDataSend{
		MatchId: matchID, OpCode: op, Data: data, Presences: targets}}}
}

// maxPayloadMargin absorbs protojson's occasional extra spaces.
const maxPayloadMargin = 16

// MaxPayload returns how many bytes of data a SendMatchData with these
// arguments can carry within MaxFrameSize, after the envelope and base64.
func (s *Socket) MaxPayload(matchID string, op int64, to ...*rtapi.UserPresence) int {
	return maxPayload(s.cfg.MaxFrameSize, matchID, op, to)
}

func maxPayload(frame int, matchID string, op int64, to []*rtapi.UserPresence) int {
	// One byte of data costs the "data" field and its base64 quantum.
	b, err := marshalOpts.Marshal(matchDataEnvelope(matchID, op, []byte{0}, to))
	if err != nil {
		return 0
	}
	room := frame - (len(b) - 4) - maxPayloadMargin
	if room < 4 {
		return 0
	}
	return room / 4 * 3
}
