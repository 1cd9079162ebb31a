package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
)

// NoticeKind is why a member is mailed about a file.
type NoticeKind string

// The notices.
const (
	// NoticeStep tells a step of the file: received, documents missing,
	// approved, rejected, paid, expired. Steps of one file within the
	// grouping delay make one mail with the latest state.
	NoticeStep NoticeKind = "step"
	// NoticeReminder recalls the deposit deadline, a few days before it.
	NoticeReminder NoticeKind = "reminder"
)

// Notice is what a member is told about one of their files.
type Notice struct {
	Kind   NoticeKind
	Member Member
	// File is the request as it is after the change, without timeline.
	File api.Reimbursement
	// Today is the foundation's date when the notice is written.
	Today api.Date
}

// Notifier writes the mail of a notice (server/mail.Notices).
type Notifier func(Notice) Mail

// DefaultNoticeDelay is how long a step's mail waits for a later step of
// the same file, so that an agent's receive-then-approve makes one mail.
const DefaultNoticeDelay = 5 * time.Minute

// ReminderDays is how many days before the deposit deadline the reminder
// goes out.
const ReminderDays = 3

// noticeChunk is how many files one statement reads or queues: few
// statements for a batch of thousands, under both engines' parameter limits.
const noticeChunk = 500

// queueNotices queues, in tx, the mail of kind for each file of ids whose
// member has an e-mail and wants notices: in the same transaction as the
// change, so that a change is mailed if and only if it is committed. A
// step's mail waits the grouping delay; a step of a file whose mail still
// waits (not yet claimed by a sender) rewrites that mail instead.
func (s *Store) queueNotices(ctx context.Context, tx *sql.Tx, now time.Time, kind NoticeKind, ids []int64) error {
	if s.notices == nil {
		return nil
	}
	for len(ids) > 0 {
		n := min(len(ids), noticeChunk)
		if err := s.queueNoticeChunk(ctx, tx, now, kind, ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func (s *Store) queueNoticeChunk(ctx context.Context, tx *sql.Tx, now time.Time, kind NoticeKind, ids []int64) error {
	in, args := s.idList(ids, nil)
	rows, err := tx.QueryContext(ctx, `SELECT `+reimbursementColumns+`, m.email, m.first_name, m.last_name, m.lang
		FROM reimbursements r JOIN members m ON m.id = r.member_id
		WHERE r.id IN (`+in+`) AND m.email <> '' AND m.email_notices = 1`, args...)
	if err != nil {
		return err
	}
	today := api.DateOf(now.In(s.loc))
	var mails []Mail
	for rows.Next() {
		var m Member
		r, err := s.scanReimbursement(extraScan{rows, []any{&m.Email, &m.FirstName, &m.LastName, &m.Lang}})
		if err != nil {
			rows.Close()
			return err
		}
		m.ID = r.memberID
		mail := s.notices(Notice{Kind: kind, Member: m, File: r.Reimbursement, Today: today})
		if kind == NoticeStep {
			mail.FileID = r.ID
		}
		mails = append(mails, mail)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	due := now
	if kind == NoticeStep {
		due = now.Add(s.noticeDelay)
		if mails, err = s.regroup(ctx, tx, mails); err != nil {
			return err
		}
	}
	return s.insertMails(ctx, tx, now, due, mails)
}

// waitingMail is the condition of an outbox row that no sender holds and
// that will still be sent: never tried (attempts = 0), or tried, failed and
// waiting for its retry (last_error set; a claim clears it) short of the
// last attempt. A claimed mail may be on the wire, and one given up will
// never go: neither is rewritten nor dropped.
var waitingMail = fmt.Sprintf(`sent_at IS NULL AND (attempts = 0 OR (last_error <> '' AND attempts < %d))`, MailAttempts)

// regroup rewrites the waiting mail of each file that has one with the
// file's new mail, and returns the mails left to insert. A claimed one may
// be on the wire already, so the new step gets a mail of its own. On
// PostgreSQL the UPDATE waits for a claim in progress and then finds the
// row claimed. A mail waiting for its retry keeps its retry's time.
func (s *Store) regroup(ctx context.Context, tx *sql.Tx, mails []Mail) ([]Mail, error) {
	if len(mails) == 0 {
		return mails, nil
	}
	ids := make([]int64, len(mails))
	for i, m := range mails {
		ids[i] = m.FileID
	}
	in, args := s.idList(ids, nil)
	rows, err := tx.QueryContext(ctx, `SELECT reimbursement_id FROM outbox
		WHERE reimbursement_id IN (`+in+`) AND `+waitingMail, args...)
	if err != nil {
		return nil, err
	}
	waiting, err := scanColumn[int64](rows)
	if err != nil || len(waiting) == 0 {
		return mails, err
	}
	has := make(map[int64]bool, len(waiting))
	for _, id := range waiting {
		has[id] = true
	}
	left := mails[:0:0]
	for _, m := range mails {
		if has[m.FileID] {
			res, err := tx.ExecContext(ctx, `UPDATE outbox SET to_addr = $1, subject = $2, body = $3, html = $4, unsubscribe = $5
				WHERE reimbursement_id = $6 AND `+waitingMail,
				m.To, m.Subject, m.Body, m.HTML, m.Unsubscribe, m.FileID)
			if err != nil {
				return nil, err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				continue
			}
		}
		left = append(left, m)
	}
	return left, nil
}

// insertMails queues mails, due at due, a chunk of rows per statement.
// SQLite gets anonymous placeholders: it looks each $N name up in a list,
// which a statement of a thousand parameters made a good part of a payment
// batch's time.
func (s *Store) insertMails(ctx context.Context, tx *sql.Tx, now, due time.Time, mails []Mail) error {
	const cols = 8
	row := "(?, ?, ?, ?, ?, ?, ?, ?)"
	for len(mails) > 0 {
		n := min(len(mails), noticeChunk) // 4,000 parameters: few round trips, under both engines' limits
		var b strings.Builder
		b.WriteString(`INSERT INTO outbox (to_addr, subject, body, html, unsubscribe, reimbursement_id, created_at, next_attempt_at) VALUES `)
		args := make([]any, 0, n*cols)
		for i, m := range mails[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			var file any
			if m.FileID != 0 {
				file = m.FileID
			}
			k := len(args)
			if s.engine == Postgres {
				row = fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8)
			}
			b.WriteString(row)
			args = append(args, m.To, m.Subject, m.Body, m.HTML, m.Unsubscribe, file, ms(now), ms(due))
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		mails = mails[n:]
	}
	return nil
}

// idList writes ids as placeholders after args (anonymous ones on SQLite,
// as insertMails says why).
func (s *Store) idList(ids []int64, args []any) (string, []any) {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		args = append(args, id)
		if s.engine == Postgres {
			fmt.Fprintf(&b, "$%d", len(args))
		} else {
			b.WriteByte('?')
		}
	}
	return b.String(), args
}

// extraScan scans a row's first columns through a scanner written for
// them, and the rest into extra.
type extraScan struct {
	sc    interface{ Scan(...any) error }
	extra []any
}

func (e extraScan) Scan(dest ...any) error { return e.sc.Scan(append(dest, e.extra...)...) }

// RemindDeadlines queues the reminder of each file still awaiting its
// originals whose deposit deadline is ReminderDays days away or less (and
// not past), once per file, in batches. The conditional UPDATE … RETURNING
// marks each file reminded exactly once, so replicas running this at the
// same moment queue one reminder between them.
func (s *Store) RemindDeadlines(ctx context.Context, batch int) (int, error) {
	total := 0
	for {
		n := 0
		err := s.tx(ctx, func(tx *sql.Tx) error {
			now := s.now()
			today := api.DateOf(now.In(s.loc))
			rows, err := tx.QueryContext(ctx, `UPDATE reimbursements SET reminded_at = $1
				WHERE id IN (SELECT id FROM reimbursements WHERE status = $2 AND deposit_deadline >= $3
					AND deposit_deadline <= $4 AND reminded_at IS NULL ORDER BY id LIMIT $5)
				AND reminded_at IS NULL RETURNING id`,
				ms(now), string(api.StatusAwaitingDocuments), today.String(), today.AddDays(ReminderDays).String(), batch)
			if err != nil {
				return err
			}
			ids, err := scanColumn[int64](rows)
			if err != nil {
				return err
			}
			n = len(ids)
			return s.queueNotices(ctx, tx, now, NoticeReminder, ids)
		})
		total += n
		if err != nil || n < batch {
			return total, err
		}
	}
}

// SetPreferences changes the member's preferences given (nil: kept) and
// returns the member. Errors: ErrNotFound, invalid_request (field lang).
func (s *Store) SetPreferences(ctx context.Context, memberID int64, p api.PreferencesRequest) (Member, error) {
	if p.Lang != nil && !api.ValidLang(*p.Lang) {
		return Member{}, invalidField("lang", "lang must be one of %s", strings.Join(api.Langs, ", "))
	}
	var lang, notices any
	if p.Lang != nil {
		lang = *p.Lang
	}
	if p.EmailNotices != nil {
		notices = 0
		if *p.EmailNotices {
			notices = 1
		}
	}
	var m Member
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE members SET lang = COALESCE($1, lang), email_notices = COALESCE($2, email_notices),
			updated_at = $3 WHERE id = $4`, lang, notices, ms(s.now()), memberID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if p.EmailNotices != nil && !*p.EmailNotices {
			// What waits unclaimed is not sent either.
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE `+waitingMail+`
				AND reimbursement_id IN (SELECT id FROM reimbursements WHERE member_id = $1)`, memberID); err != nil {
				return err
			}
		}
		m, err = scanMember(tx.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members WHERE id = $1`, memberID))
		return err
	})
	return m, err
}
