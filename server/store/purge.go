package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
)

// Retention of personal data (law 09-08). A closed file (paid, rejected,
// cancelled, expired) is kept for a retention period after its last change,
// then purged with everything that names it: its events, its profile
// snapshot, its payment line, its idempotency keys, the mails about it
// still in the outbox; the journal lines that name it are kept, for the
// agents' accountability, with the reference replaced by a pseudonym. A
// member who left (LeaveMember) is purged the same period after leaving,
// once none of their files remain: their record, logins, sessions,
// recovery codes and mails; their journal lines are pseudonymised alike.
//
// The work is done in transactions of at most batch files or members, so
// that no lock is held long, and each one claims its rows (on PostgreSQL,
// FOR UPDATE SKIP LOCKED; SQLite has one writer), so that replicas running
// the job at once purge each row once.

// DefaultRetention is how long closed files and members who left are kept:
// five years, the period in which a payment can still be disputed and the
// Cour des comptes can audit it (README, "Personal data").
const DefaultRetention = 5 * 365 * 24 * time.Hour

// LoginDatesKept and LoginAddressesKept bound the members' login history
// (member_logins): its dates are kept a year, its client addresses a month.
const (
	LoginDatesKept     = 365 * 24 * time.Hour
	LoginAddressesKept = 30 * 24 * time.Hour
)

// closedStatuses are the statuses a file is closed in.
var closedStatuses = []any{string(api.StatusPaid), string(api.StatusRejected), string(api.StatusCancelled), string(api.StatusExpired)}

// Purged counts what a purge removed, or would remove.
type Purged struct {
	Requests, Events, JournalLines, Mails, Members, Logins int
}

func (p *Purged) add(o Purged) {
	p.Requests += o.Requests
	p.Events += o.Events
	p.JournalLines += o.JournalLines
	p.Mails += o.Mails
	p.Members += o.Members
	p.Logins += o.Logins
}

// String is the purge's one-line summary, for the CLI and the job's log.
func (p Purged) String() string {
	return fmt.Sprintf("%d requests, %d events, %d journal lines pseudonymised, %d mails, %d members, %d logins",
		p.Requests, p.Events, p.JournalLines, p.Mails, p.Members, p.Logins)
}

// PurgeDue counts what Purge(ctx, before, …) would remove now, without
// changing anything (fos-server purge --dry-run). Journal lines and mails
// are matched as Purge matches them.
func (s *Store) PurgeDue(ctx context.Context, before time.Time) (Purged, error) {
	var p Purged
	cut := ms(before)
	files := `FROM reimbursements WHERE status IN ($1, $2, $3, $4) AND updated_at < $5`
	args := append(append([]any{}, closedStatuses...), cut)
	leavers := `FROM members m WHERE m.left_at < $1 AND NOT EXISTS (SELECT 1 FROM reimbursements r
		WHERE r.member_id = m.id AND NOT (r.status IN ($2, $3, $4, $5) AND r.updated_at < $1))`
	largs := append([]any{cut}, closedStatuses...)
	for _, q := range []struct {
		dst  *int
		sql  string
		args []any
	}{
		{&p.Requests, `SELECT COUNT(*) ` + files, args},
		{&p.Events, `SELECT COUNT(*) FROM events WHERE reimbursement_id IN (SELECT id ` + files + `)`, args},
		{&p.Members, `SELECT COUNT(*) ` + leavers, largs},
		{&p.Logins, `SELECT COUNT(*) FROM member_logins WHERE member_id IN (SELECT m.id ` + leavers + `)`, largs},
		{&p.Mails, `SELECT COUNT(*) FROM outbox WHERE LOWER(to_addr) IN (SELECT m.email_lower ` + leavers + `)`, largs},
	} {
		if err := s.queryRowLong(ctx, q.sql, q.args...).Scan(q.dst); err != nil {
			return Purged{}, err
		}
	}
	var n int
	// A journal line is counted once, whether it names a file, a member or
	// both.
	if err := s.queryRowLong(ctx, `SELECT COUNT(*) FROM journal j WHERE j.target IN (SELECT reference FROM reimbursements
			WHERE status IN ($2, $3, $4, $5) AND updated_at < $1)
		OR EXISTS (SELECT 1 `+leavers+` AND ((j.role = 'member' AND j.account_id = m.id)
			OR (j.action = 'mail.failed' AND m.email_lower <> '' AND LOWER(j.detail) LIKE '%' || m.email_lower || '%')))`,
		largs...).Scan(&n); err != nil {
		return Purged{}, err
	}
	p.JournalLines = n
	// Mails about a file name it, or mention its reference: the outbox
	// keeps a mail a week (Cleanup), so this reads few rows.
	rows, err := s.queryLong(ctx, `SELECT id, COALESCE(reference, '') `+files, args...)
	if err != nil {
		return Purged{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ref string
		if err := rows.Scan(&id, &ref); err != nil {
			return Purged{}, err
		}
		var n int
		if err := s.queryRowLong(ctx, `SELECT COUNT(*) FROM outbox WHERE reimbursement_id = $1
			OR ($2 <> '' AND (subject LIKE $3 OR body LIKE $3 OR html LIKE $3))`, id, ref, "%"+ref+"%").Scan(&n); err != nil {
			return Purged{}, err
		}
		p.Mails += n
	}
	return p, rows.Err()
}

// Purge removes the files closed before before and then the members who
// left before before and have no file left, batch at a time, and returns
// what it removed. It may be run by any number of replicas at once.
func (s *Store) Purge(ctx context.Context, before time.Time, batch int) (Purged, error) {
	var total Purged
	for {
		p, err := s.purgeFiles(ctx, ms(before), batch)
		total.add(p)
		if err != nil || p.Requests < batch {
			if err != nil {
				return total, err
			}
			break
		}
	}
	for {
		p, err := s.purgeMembers(ctx, ms(before), batch)
		total.add(p)
		if err != nil || p.Members < batch {
			return total, err
		}
	}
}

// skipLocked claims rows on PostgreSQL; SQLite's single writer needs none.
func (s *Store) skipLocked() string {
	if s.engine == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// purgeFiles purges up to batch closed files in one transaction.
func (s *Store) purgeFiles(ctx context.Context, cut int64, batch int) (Purged, error) {
	var p Purged
	var members []int64
	key, err := s.ServerKey(ctx, "audit")
	if err != nil {
		return p, err
	}
	pseudonym := func(ref string) string { return "purged:" + audit.Hasher{Key: key}.Identifier(ref) }
	err = s.tx(ctx, func(tx *sql.Tx) error {
		p, members = Purged{}, nil
		rows, err := tx.QueryContext(ctx, `SELECT id, member_id, version, COALESCE(reference, '') FROM reimbursements
			WHERE status IN ($1, $2, $3, $4) AND updated_at < $5 ORDER BY id LIMIT $6`+s.skipLocked(),
			append(append([]any{}, closedStatuses...), cut, batch)...)
		if err != nil {
			return err
		}
		type file struct {
			id, member, version int64
			ref                 string
		}
		var files []file
		for rows.Next() {
			var f file
			if err := rows.Scan(&f.id, &f.member, &f.version, &f.ref); err != nil {
				rows.Close()
				return err
			}
			files = append(files, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, f := range files {
			n, err := execCount(ctx, tx, `DELETE FROM events WHERE reimbursement_id = $1`, f.id)
			if err != nil {
				return err
			}
			p.Events += n
			for _, q := range []string{
				`DELETE FROM reimbursement_profiles WHERE reimbursement_id = $1`,
				`DELETE FROM payment_items WHERE reimbursement_id = $1`,
				`DELETE FROM pages WHERE reimbursement_id = $1`, // long gone by PurgePages, unless its retention is longer
			} {
				if _, err := tx.ExecContext(ctx, q, f.id); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE member_id = $1 AND reimbursement_id = $2`,
				f.member, f.id); err != nil {
				return err
			}
			if f.ref != "" {
				// A mail's failure may quote its address: it goes too.
				n, err := execCount(ctx, tx, `UPDATE journal SET target = $1,
					detail = CASE WHEN action = $3 THEN '' ELSE detail END WHERE target = $2`, pseudonym(f.ref), f.ref, MailFailedAction)
				if err != nil {
					return err
				}
				p.JournalLines += n
			}
			// A step's mail names its file (reimbursement_id); older mails
			// are found by the reference they mention.
			n, err = execCount(ctx, tx, `DELETE FROM outbox WHERE reimbursement_id = $1
				OR ($2 <> '' AND (subject LIKE $3 OR body LIKE $3 OR html LIKE $3))`, f.id, f.ref, "%"+f.ref+"%")
			if err != nil {
				return err
			}
			p.Mails += n
			if _, err := tx.ExecContext(ctx, `UPDATE members SET purged_version = purged_version + $1 WHERE id = $2`,
				f.version+1, f.member); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM reimbursements WHERE id = $1`, f.id); err != nil {
				return err
			}
			p.Requests++
			members = append(members, f.member)
		}
		return nil
	})
	if len(members) > 0 {
		s.versions.changed(members...)
	}
	if err != nil {
		return Purged{}, err
	}
	return p, nil
}

// purgeMembers purges up to batch members who left before cut and have no
// file left, in one transaction.
func (s *Store) purgeMembers(ctx context.Context, cut int64, batch int) (Purged, error) {
	var p Purged
	err := s.tx(ctx, func(tx *sql.Tx) error {
		p = Purged{}
		rows, err := tx.QueryContext(ctx, `SELECT id, email_lower FROM members m WHERE m.left_at < $1
			AND NOT EXISTS (SELECT 1 FROM reimbursements r WHERE r.member_id = m.id) ORDER BY id LIMIT $2`+s.skipLocked(), cut, batch)
		if err != nil {
			return err
		}
		type leaver struct {
			id    int64
			email string
		}
		var ls []leaver
		for rows.Next() {
			var l leaver
			if err := rows.Scan(&l.id, &l.email); err != nil {
				rows.Close()
				return err
			}
			ls = append(ls, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, l := range ls {
			n, err := execCount(ctx, tx, `DELETE FROM member_logins WHERE member_id = $1`, l.id)
			if err != nil {
				return err
			}
			p.Logins += n
			// Their own events lose the account, the identifier's hash and
			// the address; a mail's failure quoting their e-mail address
			// loses its detail (both found by an index).
			if n, err = execCount(ctx, tx, `UPDATE journal SET
				account_id = CASE WHEN role = $1 AND account_id = $2 THEN NULL ELSE account_id END,
				identifier = CASE WHEN role = $1 AND account_id = $2 THEN '' ELSE identifier END,
				client_ip = CASE WHEN role = $1 AND account_id = $2 THEN '' ELSE client_ip END,
				detail = CASE WHEN action = $5 AND $3 <> '' AND LOWER(detail) LIKE $4 THEN '' ELSE detail END
				WHERE (role = $1 AND account_id = $2) OR (action = $5 AND $3 <> '' AND LOWER(detail) LIKE $4)`,
				string(api.RoleMember), l.id, l.email, "%"+l.email+"%", MailFailedAction); err != nil {
				return err
			}
			p.JournalLines += n
			if l.email != "" {
				if n, err = execCount(ctx, tx, `DELETE FROM outbox WHERE LOWER(to_addr) = $1`, l.email); err != nil {
					return err
				}
				p.Mails += n
			}
			for _, q := range []string{
				`DELETE FROM sessions WHERE role = 'member' AND subject_id = $1`,
				`DELETE FROM recovery_codes WHERE member_id = $1`,
				`DELETE FROM idempotency_keys WHERE member_id = $1`,
				`DELETE FROM page_uploads WHERE member_id = $1`,
				`DELETE FROM members WHERE id = $1`,
			} {
				if _, err := tx.ExecContext(ctx, q, l.id); err != nil {
					return err
				}
			}
			p.Members++
		}
		return nil
	})
	if err != nil {
		return Purged{}, err
	}
	return p, nil
}

// execCount runs a write and returns the rows it touched.
func execCount(ctx context.Context, tx *sql.Tx, q string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ForgetLogins applies the login history's bounds: addresses older than
// LoginAddressesKept are blanked, dates older than LoginDatesKept deleted.
func (s *Store) ForgetLogins(ctx context.Context) error {
	now := s.now()
	if _, err := s.exec(ctx, `UPDATE member_logins SET client_ip = '' WHERE at < $1 AND client_ip <> ''`,
		ms(now.Add(-LoginAddressesKept))); err != nil {
		return err
	}
	_, err := s.exec(ctx, `DELETE FROM member_logins WHERE at < $1`, ms(now.Add(-LoginDatesKept)))
	return err
}
