package signaling

import (
	"context"
	"fmt"

	"github.com/heroiclabs/nakama-common/rtapi"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// FollowStatus subscribes to the online status of users and returns the
// presences of those online now; changes arrive on Events as status
// presence events.
func (s *Socket) FollowStatus(ctx context.Context, userIDs ...string) ([]*rtapi.UserPresence, error) {
	r, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_StatusFollow{
		StatusFollow: &rtapi.StatusFollow{UserIds: userIDs}}})
	if err != nil {
		return nil, fmt.Errorf("follow status: %w", err)
	}
	return r.GetStatus().GetPresences(), nil
}

// UnfollowStatus stops the status events of users followed with
// FollowStatus.
func (s *Socket) UnfollowStatus(ctx context.Context, userIDs ...string) error {
	_, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_StatusUnfollow{
		StatusUnfollow: &rtapi.StatusUnfollow{UserIds: userIDs}}})
	if err != nil {
		return fmt.Errorf("unfollow status: %w", err)
	}
	return nil
}

// UpdateStatus sets our status text, which followers receive.
func (s *Socket) UpdateStatus(ctx context.Context, status string) error {
	_, err := s.request(ctx, &rtapi.Envelope{Message: &rtapi.Envelope_StatusUpdate{
		StatusUpdate: &rtapi.StatusUpdate{Status: wrapperspb.String(status)}}})
	if err != nil {
		return fmt.Errorf("update status: %w", err)
	}
	return nil
}
