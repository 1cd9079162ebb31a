package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ListVersion identifies the state of a member's requests exactly: every
// request's version goes up with each change to its row (a trigger,
// migration 00004), a new request raises the count, and a request purged
// (purge.go) adds its version plus one to the member's purged_version,
// counted in the sum: the sum never decreases and rises with each purge,
// so any change to what the list shows changes the pair.
// It costs one read of an index, not the rows.
type ListVersion struct {
	Count, Sum int64
}

// ReimbursementsVersion returns the version of the member's list. A
// version read less than Options.ListVersionCacheTTL ago (1 s by default)
// is answered from memory (versioncache.go): a change made through this
// Store shows at once, one made by another replica, the CLI or SQL within
// that bound.
func (s *Store) ReimbursementsVersion(ctx context.Context, memberID int64) (ListVersion, error) {
	v, ticket, ok := s.versions.get(memberID)
	if ok {
		return v, nil
	}
	readAt := time.Now()
	// purged_version holds what purged requests (purge.go) left behind, so
	// that the sum never goes back to a value it had.
	err := s.queryRow(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(version), 0) AS BIGINT)
		+ COALESCE((SELECT purged_version FROM members WHERE id = $1), 0) FROM reimbursements
		WHERE member_id = $1`, memberID).Scan(&v.Count, &v.Sum)
	if err == nil {
		s.versions.put(memberID, v, readAt, ticket)
	}
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
