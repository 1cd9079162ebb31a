package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

func enqueueMail(ctx context.Context, tx *sql.Tx, now time.Time, m Mail) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)
		VALUES ($1, $2, $3, $4, $4)`, m.To, m.Subject, m.Body, ms(now))
	return err
}

// mailLease is how long a claimed mail stays claimed: a replica that dies
// while sending leaves it to be sent again after this.
const mailLease = 5 * time.Minute

// SendMail hands due outbox mails to send, one at a time, until none is due
// or limit is reached. Each mail is first claimed with a lease in a short
// transaction (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one
// writer), then sent outside any transaction so the database is never held
// during network I/O. So any number of replicas can run this, and each mail
// is handed to one of them. A failure is retried later with a growing
// delay, for at most maxAttempts. A sent mail's body is blanked, since it
// may hold a one-time code.
func (s *Store) SendMail(ctx context.Context, limit, maxAttempts int, send func(context.Context, Mail) error) (sent int, err error) {
	for sent < limit {
		m, attempts, ok, err := s.claimMail(ctx, maxAttempts)
		if err != nil || !ok {
			return sent, err
		}
		if serr := send(ctx, m); serr != nil {
			delay := time.Duration(1<<min(attempts, 10)) * time.Minute
			_, err = s.exec(ctx, `UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3`,
				ms(s.now().Add(delay)), truncate(serr.Error(), 500), m.ID)
			return sent, errors.Join(serr, err)
		}
		if _, err := s.exec(ctx, `UPDATE outbox SET sent_at = $1, body = '', last_error = '' WHERE id = $2`,
			ms(s.now()), m.ID); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

func (s *Store) claimMail(ctx context.Context, maxAttempts int) (m Mail, attempts int, ok bool, err error) {
	lockClause := ""
	if s.engine == Postgres {
		lockClause = " FOR UPDATE SKIP LOCKED"
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		err := tx.QueryRowContext(ctx, `SELECT id, to_addr, subject, body, attempts FROM outbox
			WHERE sent_at IS NULL AND next_attempt_at <= $1 AND attempts < $2
			ORDER BY next_attempt_at, id LIMIT 1`+lockClause, ms(now), maxAttempts).
			Scan(&m.ID, &m.To, &m.Subject, &m.Body, &attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1 WHERE id = $2`,
			ms(now.Add(mailLease)), m.ID)
		return err
	})
	return m, attempts, ok, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
