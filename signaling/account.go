package signaling

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/heroiclabs/nakama-common/api"
)

// Account returns the user's account: user (id, username, ...), wallet,
// email and devices.
func (s *Session) Account(ctx context.Context) (*api.Account, error) {
	var a api.Account
	if err := s.call(ctx, restCall{op: "get account", method: "GET", path: "/v2/account"}, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// WriteLeaderboardRecord submits score to the leaderboard id and returns the
// resulting record; the leaderboard's operator decides how the score
// combines with the previous one (fish_game_wins increments).
func (s *Session) WriteLeaderboardRecord(ctx context.Context, id string, score int64) (*api.LeaderboardRecord, error) {
	op := "write leaderboard record " + id
	if id == "" {
		return nil, fmt.Errorf("%s: empty leaderboard id: %w", op, ErrInvalidArgument)
	}
	b, err := marshal(op, &api.WriteLeaderboardRecordRequest_LeaderboardRecordWrite{Score: score})
	if err != nil {
		return nil, err
	}
	var r api.LeaderboardRecord
	err = s.call(ctx, restCall{op: op, method: "POST", path: "/v2/leaderboard/" + url.PathEscape(id), body: b}, &r)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// ListLeaderboardRecords returns up to limit (1-100; 0 for the server's
// default) records of leaderboard id in rank order, starting at cursor (""
// for the top). The list's NextCursor continues it. The records of ownerIDs,
// with their ranks, come back in the list's OwnerRecords wherever they rank.
func (s *Session) ListLeaderboardRecords(ctx context.Context, id string, limit int, cursor string, ownerIDs ...string) (*api.LeaderboardRecordList, error) {
	op := "list leaderboard records " + id
	if id == "" {
		return nil, fmt.Errorf("%s: empty leaderboard id: %w", op, ErrInvalidArgument)
	}
	if limit < 0 || limit > 100 {
		return nil, fmt.Errorf("%s: limit %d not in 0-100: %w", op, limit, ErrInvalidArgument)
	}
	q := url.Values{}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	for _, o := range ownerIDs {
		q.Add("owner_ids", o)
	}
	var l api.LeaderboardRecordList
	err := s.call(ctx, restCall{op: op, method: "GET", path: "/v2/leaderboard/" + url.PathEscape(id), query: q}, &l)
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// RPC calls the server function id with payload (usually JSON) over REST and
// returns its result. Nakama's REST form takes the payload as a JSON string.
func (s *Session) RPC(ctx context.Context, id, payload string) (string, error) {
	op := "rpc " + id
	if id == "" {
		return "", fmt.Errorf("%s: empty rpc id: %w", op, ErrInvalidArgument)
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("%s: encode payload: %w", op, err)
	}
	var r api.Rpc
	if err := s.call(ctx, restCall{op: op, method: "POST", path: "/v2/rpc/" + url.PathEscape(id), body: b}, &r); err != nil {
		return "", err
	}
	return r.GetPayload(), nil
}
