package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/fos-mobile/fos/api"
)

// Session is a login, known only by the hash of its token.
type Session struct {
	Role       api.Role
	SubjectID  int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreateSession records a new session under tokenHash.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, role api.Role, subjectID int64, expiresAt time.Time) error {
	now := s.now().UnixMilli()
	_, err := s.exec(ctx, `INSERT INTO sessions (token_hash, role, subject_id, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $4, $5)`, tokenHash, string(role), subjectID, now, ms(expiresAt))
	return err
}

// SessionByHash returns the live (not revoked) session with tokenHash, or
// ErrNotFound. Expiry is the caller's policy. A live session read less than
// Options.SessionCacheTTL ago (2 s by default) is answered from memory, so
// a revocation made through another Store (another replica) takes effect
// here within that bound; one made through this Store, at once. The list
// version behind a member's polls is kept the same way, for 1 s
// (versioncache.go); conn.go states both bounds.
func (s *Store) SessionByHash(ctx context.Context, tokenHash []byte) (Session, error) {
	if ss, ok := s.sessions.get(tokenHash); ok {
		return ss, nil
	}
	readAt := time.Now()
	var ss Session
	var role string
	var created, seen, expires int64
	err := s.queryRow(ctx, `SELECT role, subject_id, created_at, last_seen_at, expires_at FROM sessions
		WHERE token_hash = $1 AND revoked_at IS NULL`, tokenHash).Scan(&role, &ss.SubjectID, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return ss, ErrNotFound
	}
	if err != nil {
		return ss, err
	}
	ss.Role = api.Role(role)
	ss.CreatedAt, ss.LastSeenAt, ss.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
	s.sessions.put(tokenHash, ss, readAt)
	return ss, nil
}

// TouchSession moves a session's last use to now, for the idle limit.
// The cached copy moves first: requests with the same token that arrive
// while this write waits for its commit then see the new last use and do
// not write too. Without that, a polling burst queued one UPDATE of the
// same row per request behind each other's commit.
func (s *Store) TouchSession(ctx context.Context, tokenHash []byte) error {
	now := s.now()
	s.sessions.touched(tokenHash, fromMS(ms(now)))
	_, err := s.exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, ms(now), tokenHash)
	return err
}

// RevokeSession ends a session: at once on this Store, within
// Options.SessionCacheTTL on others.
func (s *Store) RevokeSession(ctx context.Context, tokenHash []byte) error {
	s.sessions.forgetHash(tokenHash)
	_, err := s.exec(ctx, `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`,
		s.now().UnixMilli(), tokenHash)
	return err
}

// forgetSessionsOf drops the cached sessions of role's subject id before a
// transaction revokes them all (password set or reset, agent replaced), so
// they stop at once on this Store; other Stores see it within the TTL.
func (s *Store) forgetSessionsOf(role api.Role, id int64) { s.sessions.forgetSubject(role, id) }
