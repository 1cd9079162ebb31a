package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/fos-mobile/fos/api"
)

// LeaveMember records that the member with this matricule left the
// ministry: they can no longer log in or recover a password (lookups by
// identifier skip them), their sessions end, and Purge removes them a
// retention period later. Leaving twice keeps the first date. It returns
// ErrNotFound.
func (s *Store) LeaveMember(ctx context.Context, matricule string) error {
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM members WHERE matricule = $1`, CanonicalMatricule(matricule)).Scan(&id)
		if err == sql.ErrNoRows {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return s.leave(ctx, tx, now, id)
	})
}

// leave marks member id as gone at now and ends their sessions, in tx.
func (s *Store) leave(ctx context.Context, tx *sql.Tx, now time.Time, id int64) error {
	s.forgetSessionsOf(api.RoleMember, id)
	if _, err := tx.ExecContext(ctx, `UPDATE members SET left_at = $1, updated_at = $1 WHERE id = $2 AND left_at IS NULL`,
		ms(now), id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE role = $2 AND subject_id = $3 AND revoked_at IS NULL`,
		ms(now), string(api.RoleMember), id)
	return err
}

// LeaveMembersNotIn marks as gone every member still present whose
// matricule is not in keep (members import --deactivate: the HR file is
// the whole list of serving civil servants) and returns how many.
func (s *Store) LeaveMembersNotIn(ctx context.Context, keep []string) (int, error) {
	now := s.now()
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		gone, _, err := presentNotIn(ctx, tx.QueryContext, keep)
		if err != nil {
			return err
		}
		for _, id := range gone {
			if err := s.leave(ctx, tx, now, id); err != nil {
				return err
			}
		}
		n = len(gone)
		return nil
	})
	return n, err
}

// MembersNotIn counts the members still present whose matricule is not in
// keep (those LeaveMembersNotIn would mark as gone), and all those present,
// changing nothing.
func (s *Store) MembersNotIn(ctx context.Context, keep []string) (missing, present int, err error) {
	gone, present, err := presentNotIn(ctx, s.queryLong, keep)
	return len(gone), present, err
}

// presentNotIn lists the ids of the members still present whose matricule
// is not in keep, and counts those present.
func presentNotIn(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error), keep []string) (gone []int64, present int, err error) {
	set := make(map[string]bool, len(keep))
	for _, m := range keep {
		set[CanonicalMatricule(m)] = true
	}
	rows, err := query(ctx, `SELECT id, matricule FROM members WHERE left_at IS NULL`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var mat string
		if err := rows.Scan(&id, &mat); err != nil {
			return nil, 0, err
		}
		present++
		if !set[mat] {
			gone = append(gone, id)
		}
	}
	return gone, present, rows.Err()
}

// Login is one of a member's logins: when, and from which address while
// it is kept (LoginAddressesKept; "" after).
type Login struct {
	At       time.Time
	ClientIP string
}

// RecordLogin adds a member's successful login to their history.
func (s *Store) RecordLogin(ctx context.Context, memberID int64, clientIP string) error {
	_, err := s.exec(ctx, `INSERT INTO member_logins (member_id, at, client_ip) VALUES ($1, $2, $3)`,
		memberID, ms(s.now()), clip(clientIP))
	return err
}

// MemberLogins returns the member's kept logins, newest first (at most a
// year of them; capped at 1,000).
func (s *Store) MemberLogins(ctx context.Context, memberID int64) ([]Login, error) {
	rows, err := s.query(ctx, `SELECT at, client_ip FROM member_logins WHERE member_id = $1 ORDER BY at DESC, id DESC LIMIT 1000`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cutIP := s.now().Add(-LoginAddressesKept)
	var out []Login
	for rows.Next() {
		var at int64
		var l Login
		if err := rows.Scan(&at, &l.ClientIP); err != nil {
			return nil, err
		}
		l.At = fromMS(at)
		if l.At.Before(cutIP) { // the job has not blanked it yet
			l.ClientIP = ""
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
