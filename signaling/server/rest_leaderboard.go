package server

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/heroiclabs/nakama-common/api"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func (s *Server) findLeaderboard(r *http.Request) (leaderboard, *apiError) {
	id := r.PathValue("id")
	if id == "" {
		return leaderboard{}, newAPIError(http.StatusBadRequest, codeInvalidArgument, "Invalid leaderboard ID.")
	}
	lb, err := s.store.leaderboard(r.Context(), id)
	if errors.Is(err, errNotFound) {
		return lb, newAPIError(http.StatusNotFound, codeNotFound, "Leaderboard not found.")
	}
	if err != nil {
		return lb, s.internalError("Error reading leaderboard.", err)
	}
	return lb, nil
}

func recordMessage(r record) *api.LeaderboardRecord {
	m := &api.LeaderboardRecord{
		LeaderboardId: r.leaderboardID,
		OwnerId:       r.ownerID,
		Username:      wrapperspb.String(r.username),
		Score:         r.score,
		Subscore:      r.subscore,
		NumScore:      int32(r.numScore),
		Metadata:      r.metadata,
		CreateTime:    timestamp(r.createTime),
		UpdateTime:    timestamp(r.updateTime),
		Rank:          r.rank,
		MaxNumScore:   maxNumScore,
	}
	return m
}

func (s *Server) handleLeaderboardWrite(w http.ResponseWriter, r *http.Request) *apiError {
	c, e := s.bearer(r)
	if e != nil {
		return e
	}
	var in api.WriteLeaderboardRecordRequest_LeaderboardRecordWrite
	if e := readBody(r, &in); e != nil {
		return e
	}
	if in.Metadata != "" {
		var obj map[string]any
		if json.Unmarshal([]byte(in.Metadata), &obj) != nil {
			return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Metadata value must be JSON, if provided.")
		}
	}
	lb, e := s.findLeaderboard(r)
	if e != nil {
		return e
	}
	op := lb.operator
	switch in.Operator {
	case api.Operator_BEST:
		op = opBest
	case api.Operator_SET:
		op = opSet
	case api.Operator_INCREMENT:
		op = opIncr
	case api.Operator_DECREMENT:
		op = opDecr
	}
	rec, err := s.store.writeRecord(r.Context(), lb, op, c.UserID, c.Username, in.Score, in.Subscore, in.Metadata)
	if errors.Is(err, errMaxSubmissions) {
		return newAPIError(http.StatusBadRequest, codeFailedPrecondition, "Maximum number of score attempts reached")
	}
	if err != nil {
		return s.internalError("Error writing leaderboard record.", err)
	}
	writeJSON(w, recordMessage(rec))
	return nil
}

// cursorPrefix marks our leaderboard cursors (an opaque rank offset).
const cursorPrefix = "rank:"

func encodeCursor(offset int) string {
	return base64.URLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, bool) {
	b, err := base64.URLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

func (s *Server) handleLeaderboardList(w http.ResponseWriter, r *http.Request) *apiError {
	if _, e := s.bearer(r); e != nil {
		return e
	}
	lb, e := s.findLeaderboard(r)
	if e != nil {
		return e
	}
	q := r.URL.Query()
	owners := q["owner_ids"]
	for _, o := range owners {
		if _, err := uuid.Parse(o); err != nil {
			return newAPIError(http.StatusBadRequest, codeInvalidArgument, "One or more owner IDs are invalid.")
		}
	}
	cursor := q.Get("cursor")
	limit := 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Invalid limit - limit must be between 1 and 10000.")
		}
		limit = n
	} else if len(owners) == 0 || cursor != "" {
		limit = 1
	}
	offset := 0
	if cursor != "" {
		var ok bool
		if offset, ok = decodeCursor(cursor); !ok {
			return newAPIError(http.StatusBadRequest, codeInvalidArgument, "Invalid cursor.")
		}
	}
	out := &api.LeaderboardRecordList{}
	if limit > 0 {
		recs, more, err := s.store.listRecords(r.Context(), lb, offset, limit)
		if err != nil {
			return s.internalError("Error listing records from leaderboard.", err)
		}
		for _, rec := range recs {
			out.Records = append(out.Records, recordMessage(rec))
		}
		if more {
			out.NextCursor = encodeCursor(offset + limit)
		}
		if offset > 0 {
			out.PrevCursor = encodeCursor(max(0, offset-limit))
		}
	}
	if len(owners) > 0 {
		recs, err := s.store.ownerRecords(r.Context(), lb, owners)
		if err != nil {
			return s.internalError("Error listing records from leaderboard.", err)
		}
		for _, rec := range recs {
			out.OwnerRecords = append(out.OwnerRecords, recordMessage(rec))
		}
	}
	writeJSON(w, out)
	return nil
}
