package store

import (
	"context"
	"database/sql"
	"errors"
)

// ListVersion identifies the state of a member's requests exactly: every
// request's version goes up with each change to its row (a trigger,
// migration 00004), a new request raises the count, and requests are
// never deleted, so any change to what the list shows changes the pair.
// It costs one read of an index, not the rows.
type ListVersion struct {
	Count, Sum int64
}

// ReimbursementsVersion returns the version of the member's list.
func (s *Store) ReimbursementsVersion(ctx context.Context, memberID int64) (ListVersion, error) {
	var v ListVersion
	err := s.queryRow(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM reimbursements
		WHERE member_id = $1`, memberID).Scan(&v.Count, &v.Sum)
	return v, err
}

// ReimbursementVersion returns the version of one of the member's
// requests, which changes with the request and its timeline (every event
// comes with an update of the row). Another member's request is
// ErrNotFound, like a missing one.
func (s *Store) ReimbursementVersion(ctx context.Context, memberID, id int64) (int64, error) {
	var v int64
	err := s.queryRow(ctx, `SELECT version FROM reimbursements WHERE id = $1 AND member_id = $2`, id, memberID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return v, err
}
