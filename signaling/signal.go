package signaling

import (
	"context"
	"fmt"

	"github.com/heroiclabs/nakama-common/rtapi"
)

// SendHello announces clientVersion to the match, or only to the presences
// in to.
func (s *Socket) SendHello(ctx context.Context, matchID, clientVersion string, to ...*rtapi.UserPresence) error {
	p, err := AppendHello(nil, clientVersion)
	if err != nil {
		return err
	}
	return s.SendMatchData(ctx, matchID, OpHello, p, to...)
}

// SendDescription sends the SDP offer (op OpOffer) or answer (OpAnswer)
// number id to one member, split into as many frames as it needs.
func (s *Socket) SendDescription(ctx context.Context, matchID string, op int64, to *rtapi.UserPresence, id uint32, sdp string) error {
	if op != OpOffer && op != OpAnswer {
		return fmt.Errorf("send description: op %d is not an offer or answer: %w", op, ErrInvalidArgument)
	}
	chunks, err := SplitDescription(to.GetSessionId(), id, sdp, s.MaxPayload(matchID, op, to))
	if err != nil {
		return fmt.Errorf("send description: %w", err)
	}
	for _, c := range chunks {
		if err := s.SendMatchData(ctx, matchID, op, c, to); err != nil {
			return err
		}
	}
	return nil
}

// SendCandidate sends an ICE candidate to one member; c.To is set from to.
func (s *Socket) SendCandidate(ctx context.Context, matchID string, to *rtapi.UserPresence, c Candidate) error {
	c.To = to.GetSessionId()
	p, err := AppendCandidate(nil, c)
	if err != nil {
		return fmt.Errorf("send candidate: %w", err)
	}
	return s.SendMatchData(ctx, matchID, OpCandidate, p, to)
}

// SendBye tells one member (to non-nil) or everyone (to nil) that we leave.
func (s *Socket) SendBye(ctx context.Context, matchID string, reason ByeReason, to *rtapi.UserPresence) error {
	var targets []*rtapi.UserPresence
	if to != nil {
		targets = []*rtapi.UserPresence{to}
	}
	p, err := AppendBye(nil, to.GetSessionId(), reason)
	if err != nil {
		return fmt.Errorf("send bye: %w", err)
	}
	return s.SendMatchData(ctx, matchID, OpBye, p, targets...)
}

// SendRelay relays a game packet to one member through the server.
func (s *Socket) SendRelay(ctx context.Context, matchID string, to *rtapi.UserPresence, packet []byte) error {
	if len(packet) == 0 || len(packet) > MaxRelayPacket {
		return fmt.Errorf("send relay: packet of %d bytes, want 1-%d: %w", len(packet), MaxRelayPacket, ErrInvalidArgument)
	}
	return s.SendMatchData(ctx, matchID, OpRelay, packet, to)
}
