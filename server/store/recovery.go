package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"time"

	"github.com/fos-mobile/fos/api"
)

// Mail is one e-mail waiting in the outbox.
type Mail struct {
	ID      int64
	To      string
	Subject string
	// Body is the plain text; HTML, when set, its HTML alternative.
	Body string
	HTML string
	// Unsubscribe, when set, is the List-Unsubscribe target: where the
	// member turns these mails off.
	Unsubscribe string
	// FileID is the file a step's mail tells of (0 for other mails).
	FileID int64
}

// CreateRecoveryCode stores the hash of a new one-time code for a member
// and queues the e-mail that carries it, in one transaction, so that a code
// is never valid without its mail nor mailed without being valid. Older
// unused codes of the member stop working.
func (s *Store) CreateRecoveryCode(ctx context.Context, memberID int64, codeHash string, ttl time.Duration, mail Mail) error {
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		// On PostgreSQL two of these at once would each void the codes
		// they can see and both insert, leaving two live codes (each with
		// its own tries); the member's row lock puts them one after the
		// other. SQLite's write transactions already are.
		if s.engine == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT id FROM members WHERE id = $1 FOR UPDATE`, memberID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE member_id = $2 AND used_at IS NULL`,
			ms(now), memberID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (member_id, code_hash, created_at, expires_at)
			VALUES ($1, $2, $3, $4)`, memberID, codeHash, ms(now), ms(now.Add(ttl))); err != nil {
			return err
		}
		return enqueueMail(ctx, tx, now, mail)
	})
}

// errBadCode is the one answer to a wrong, expired, used or exhausted code,
// so none of those can be told apart.
var errBadCode = api.Errorf(api.CodeInvalidRequest, "the code is wrong or no longer valid")

// UseRecoveryCode checks codeHash against the member's live code. A match
// sets passwordHash, spends the code, revokes every session of the member
// and queues notices (the "password changed" mail) in the same
// transaction. A mismatch spends one of the code's maxAttempts tries. Any
// failure is invalid_request.
func (s *Store) UseRecoveryCode(ctx context.Context, memberID int64, codeHash, passwordHash string, maxAttempts int, notices ...Mail) error {
	now := s.now()
	var mismatch bool
	// On PostgreSQL the row is locked, so that tries arriving at once on
	// several replicas are checked one after the other against the count;
	// SQLite's write transactions already run one at a time.
	lock := ""
	if s.engine == Postgres {
		lock = " FOR UPDATE"
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var stored string
		err := tx.QueryRowContext(ctx, `SELECT id, code_hash FROM recovery_codes
			WHERE member_id = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3
			ORDER BY id DESC LIMIT 1`+lock, memberID, ms(now), maxAttempts).Scan(&id, &stored)
		if errors.Is(err, sql.ErrNoRows) {
			return errBadCode
		}
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(stored), []byte(codeHash)) != 1 {
			mismatch = true
			_, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET attempts = attempts + 1 WHERE id = $1`, id)
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE member_id = $2 AND used_at IS NULL`,
			ms(now), memberID); err != nil {
			return err
		}
		return s.setMemberPassword(ctx, tx, now, memberID, passwordHash, notices)
	})
	if err == nil && mismatch {
		return errBadCode
	}
	return err
}
