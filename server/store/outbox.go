package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fos-mobile/fos/server/audit"
)

func (s *Store) enqueueMail(ctx context.Context, tx *sql.Tx, now time.Time, m Mail) error {
	return s.insertMails(ctx, tx, now, now, []Mail{m})
}

// MailAttempts is how many times the jobs try to send a mail before it
// is given up, journaled and counted as failed.
const MailAttempts = 8

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
			s.mailFailures.Add(1)
			delay := time.Duration(1<<min(attempts, 10)) * time.Minute
			_, err = s.exec(ctx, `UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3`,
				ms(s.now().Add(delay)), cmp.Or(truncate(serr.Error(), 500), "send failed"), m.ID)
			if err == nil && attempts+1 >= maxAttempts {
				err = s.journalGivenUp(ctx, m, serr)
			}
			return sent, errors.Join(serr, err)
		}
		if _, err := s.exec(ctx, `UPDATE outbox SET sent_at = $1, body = '', html = '', last_error = '' WHERE id = $2`,
			ms(s.now()), m.ID); err != nil {
			return sent, err
		}
		s.mailsSent.Add(1)
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
		var file sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, to_addr, subject, body, html, unsubscribe, reimbursement_id, attempts FROM outbox
			WHERE sent_at IS NULL AND next_attempt_at <= $1 AND attempts < $2
			ORDER BY next_attempt_at, id LIMIT 1`+lockClause, ms(now), maxAttempts).
			Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.HTML, &m.Unsubscribe, &file, &attempts)
		m.FileID = file.Int64
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		ok = true
		// Clearing last_error marks the mail held (notices.go, waitingMail);
		// a failure sets it again.
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = '' WHERE id = $2`,
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

// journalGivenUp records in the journal, for the console's Journal page,
// that mail m was tried for the last time and failed: the file it told
// of, if any, and the error, never the address nor the body (which may
// hold a code).
func (s *Store) journalGivenUp(ctx context.Context, m Mail, cause error) error {
	target := fmt.Sprintf("mail %d", m.ID)
	if m.FileID != 0 {
		var ref string
		if err := s.queryRow(ctx, `SELECT COALESCE(reference, '') FROM reimbursements WHERE id = $1`, m.FileID).Scan(&ref); err != nil {
			return err
		}
		target = ref
	}
	return s.AddJournal(ctx, audit.Event{Action: MailFailedAction, Outcome: audit.Failed, Role: "system",
		Target: target, Detail: cause.Error()})
}

// MailFailedAction is the journal's action for a mail given up.
const MailFailedAction = "mail.failed"

// OutboxStats is the outbox as the metrics show it.
type OutboxStats struct {
	// Waiting is the number of mails not sent yet and still to be tried;
	// Oldest the age of the oldest of them (0 when none).
	Waiting int
	Oldest  time.Duration
	// Failed is the number of mails given up after their last try and
	// still kept (Cleanup forgets them after a week).
	Failed int
	// Sent and Failures count this process's deliveries and failed tries.
	Sent, Failures int64
}

// OutboxStats reads the outbox's state: what waits, since when, what
// failed for good.
func (s *Store) OutboxStats(ctx context.Context) (OutboxStats, error) {
	st := OutboxStats{Sent: s.mailsSent.Load(), Failures: s.mailFailures.Load()}
	var oldest sql.NullInt64
	err := s.queryRowLong(ctx, `SELECT COUNT(*) FILTER (WHERE attempts < $1), MIN(created_at) FILTER (WHERE attempts < $1),
		COUNT(*) FILTER (WHERE attempts >= $1) FROM outbox WHERE sent_at IS NULL`, MailAttempts).Scan(&st.Waiting, &oldest, &st.Failed)
	if oldest.Valid {
		st.Oldest = max(s.now().Sub(fromMS(oldest.Int64)), 0)
	}
	return st, err
}
