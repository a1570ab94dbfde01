package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
)

// WinsLeaderboard is the leaderboard the game records wins in; it exists from
// start-up (sort descending, operator incr), as the Lua module creates it on a
// real Nakama.
const WinsLeaderboard = "fish_game_wins"

// maxNumScore is Nakama's default cap on submissions per record.
const maxNumScore = 1000000

// Leaderboard operators, as in Nakama.
const (
	opBest = "best"
	opSet  = "set"
	opIncr = "incr"
	opDecr = "decr"
)

// record is one leaderboard record.
type record struct {
	leaderboardID, ownerID, username string
	score, subscore, numScore        int64
	metadata                         string
	createTime, updateTime           int64
	rank                             int64 // 0 when not ranked
}

// leaderboard is a leaderboard's definition.
type leaderboard struct {
	id, sortOrder, operator string
}

// ensureLeaderboard creates the leaderboard if it does not exist.
func (s *store) ensureLeaderboard(ctx context.Context, lb leaderboard) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO leaderboards (id, sort_order, operator, create_time) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, lb.id, lb.sortOrder, lb.operator, s.unixNow())
	if err != nil {
		return fmt.Errorf("%w: create leaderboard %s: %w", ErrStore, lb.id, err)
	}
	return nil
}

func (s *store) leaderboard(ctx context.Context, id string) (leaderboard, error) {
	lb := leaderboard{id: id}
	err := s.db.QueryRowContext(ctx, `SELECT sort_order, operator FROM leaderboards WHERE id = ?`, id).Scan(&lb.sortOrder, &lb.operator)
	if errors.Is(err, sql.ErrNoRows) {
		return lb, errNotFound
	}
	if err != nil {
		return lb, fmt.Errorf("%w: read leaderboard: %w", ErrStore, err)
	}
	return lb, nil
}

// writeRecord applies a score submission with the given operator and returns
// the resulting record. metadata, when non-empty, replaces the record's.
func (s *store) writeRecord(ctx context.Context, lb leaderboard, op, ownerID, username string, score, subscore int64, metadata string) (record, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return record{}, fmt.Errorf("%w: begin: %w", ErrStore, err)
	}
	defer tx.Rollback()
	r := record{leaderboardID: lb.id, ownerID: ownerID, username: username, metadata: "{}"}
	err = tx.QueryRowContext(ctx, `SELECT score, subscore, num_score, metadata, create_time FROM leaderboard_records
		WHERE leaderboard_id = ? AND owner_id = ?`, lb.id, ownerID).Scan(&r.score, &r.subscore, &r.numScore, &r.metadata, &r.createTime)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return record{}, fmt.Errorf("%w: read record: %w", ErrStore, err)
	}
	now := s.unixNow()
	if !exists {
		r.createTime = now
	}
	if exists && r.numScore >= maxNumScore {
		return r, errMaxSubmissions
	}
	switch op {
	case opIncr:
		r.score, r.subscore = satAdd(r.score, score), satAdd(r.subscore, subscore)
	case opDecr:
		r.score, r.subscore = max(0, satSub(r.score, score)), max(0, satSub(r.subscore, subscore))
	case opSet:
		r.score, r.subscore = score, subscore
	default: // best
		better := score > r.score || (score == r.score && subscore > r.subscore)
		if lb.sortOrder == "asc" {
			better = score < r.score || (score == r.score && subscore < r.subscore)
		}
		if !exists || better {
			r.score, r.subscore = score, subscore
		}
	}
	if metadata != "" {
		r.metadata = metadata
	}
	r.numScore++
	r.updateTime = now
	if _, err := tx.ExecContext(ctx, `INSERT INTO leaderboard_records
		(leaderboard_id, owner_id, username, score, subscore, num_score, metadata, create_time, update_time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (leaderboard_id, owner_id) DO UPDATE SET username = excluded.username, score = excluded.score,
			subscore = excluded.subscore, num_score = excluded.num_score, metadata = excluded.metadata,
			update_time = excluded.update_time`,
		lb.id, ownerID, username, r.score, r.subscore, r.numScore, r.metadata, r.createTime, r.updateTime); err != nil {
		return record{}, fmt.Errorf("%w: write record: %w", ErrStore, err)
	}
	if err := tx.Commit(); err != nil {
		return record{}, fmt.Errorf("%w: commit: %w", ErrStore, err)
	}
	return r, nil
}

// listRecords returns up to limit records in rank order starting at rank
// offset+1, and whether more follow.
func (s *store) listRecords(ctx context.Context, lb leaderboard, offset, limit int) ([]record, bool, error) {
	order := "score DESC, subscore DESC"
	if lb.sortOrder == "asc" {
		order = "score ASC, subscore ASC"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT owner_id, username, score, subscore, num_score, metadata, create_time, update_time
		FROM leaderboard_records WHERE leaderboard_id = ? ORDER BY `+order+`, update_time, owner_id LIMIT ? OFFSET ?`,
		lb.id, limit+1, offset)
	if err != nil {
		return nil, false, fmt.Errorf("%w: list records: %w", ErrStore, err)
	}
	defer rows.Close()
	var out []record
	for rows.Next() {
		r := record{leaderboardID: lb.id}
		if err := rows.Scan(&r.ownerID, &r.username, &r.score, &r.subscore, &r.numScore, &r.metadata, &r.createTime, &r.updateTime); err != nil {
			return nil, false, fmt.Errorf("%w: list records: %w", ErrStore, err)
		}
		r.rank = int64(offset + len(out) + 1)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("%w: list records: %w", ErrStore, err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// ownerRecords returns the records of the given owners with their ranks.
func (s *store) ownerRecords(ctx context.Context, lb leaderboard, owners []string) ([]record, error) {
	cmp, tie := ">", ">"
	if lb.sortOrder == "asc" {
		cmp, tie = "<", "<"
	}
	var out []record
	for _, owner := range owners {
		r := record{leaderboardID: lb.id, ownerID: owner}
		err := s.db.QueryRowContext(ctx, `SELECT username, score, subscore, num_score, metadata, create_time, update_time
			FROM leaderboard_records WHERE leaderboard_id = ? AND owner_id = ?`, lb.id, owner).
			Scan(&r.username, &r.score, &r.subscore, &r.numScore, &r.metadata, &r.createTime, &r.updateTime)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%w: read record: %w", ErrStore, err)
		}
		err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) + 1 FROM leaderboard_records WHERE leaderboard_id = ? AND (
			score `+cmp+` ? OR (score = ? AND subscore `+tie+` ?) OR (score = ? AND subscore = ? AND
			(update_time < ? OR (update_time = ? AND owner_id < ?))))`,
			lb.id, r.score, r.score, r.subscore, r.score, r.subscore, r.updateTime, r.updateTime, owner).Scan(&r.rank)
		if err != nil {
			return nil, fmt.Errorf("%w: rank record: %w", ErrStore, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// satAdd returns a+b, saturated at the int64 range instead of wrapping: a
// score incremented past math.MaxInt64 stays there.
func satAdd(a, b int64) int64 {
	switch {
	case b > 0 && a > math.MaxInt64-b:
		return math.MaxInt64
	case b < 0 && a < math.MinInt64-b:
		return math.MinInt64
	}
	return a + b
}

// satSub returns a-b, saturated at the int64 range instead of wrapping.
func satSub(a, b int64) int64 {
	switch {
	case b < 0 && a > math.MaxInt64+b:
		return math.MaxInt64
	case b > 0 && a < math.MinInt64+b:
		return math.MinInt64
	}
	return a - b
}
