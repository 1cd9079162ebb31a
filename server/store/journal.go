package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
)

// JournalEntry is one recorded audit event, with the agent it names when
// that agent exists.
type JournalEntry struct {
	ID int64
	audit.Event
	AgentEmail string
	AgentName  string
}

// JournalFilter selects journal entries. Zero fields select everything.
type JournalFilter struct {
	AccountID int64 // the agent's id
	Action    string
	Outcome   string
	// From and To are inclusive days in the foundation's time zone.
	From, To api.Date
	// Limit and Offset page the newest-first list; Journal caps Limit at 500.
	Limit, Offset int
}

// journalText caps the free-text fields of an event, so that a client
// cannot grow the journal without bound through a long header or target.
const journalText = 200

func clip(s string) string {
	if len(s) <= journalText {
		return s
	}
	cut := journalText
	for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return s[:cut]
}

// AddJournal records e. A zero Time is the store's now.
func (s *Store) AddJournal(ctx context.Context, e audit.Event) error {
	at := e.Time
	if at.IsZero() {
		at = s.now()
	}
	var account any
	if e.AccountID != 0 {
		account = e.AccountID
	}
	_, err := s.exec(ctx, `INSERT INTO journal (at, action, outcome, role, account_id, identifier, client_ip, target, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, ms(at), clip(e.Action), clip(e.Outcome), clip(e.Role), account,
		clip(e.Identifier), clip(e.ClientIP), clip(e.Target), clip(e.Detail))
	return err
}

// where builds the filter's condition and arguments.
func (f JournalFilter) where(loc *time.Location) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.AccountID != 0 {
		conds = append(conds, "j.account_id = "+arg(f.AccountID))
	}
	if f.Action != "" {
		conds = append(conds, "j.action = "+arg(f.Action))
	}
	if f.Outcome != "" {
		conds = append(conds, "j.outcome = "+arg(f.Outcome))
	}
	if !f.From.IsZero() {
		conds = append(conds, "j.at >= "+arg(ms(f.From.In(loc))))
	}
	if !f.To.IsZero() {
		conds = append(conds, "j.at < "+arg(ms(f.To.AddDays(1).In(loc))))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const journalSelect = `SELECT j.id, j.at, j.action, j.outcome, j.role, COALESCE(j.account_id, 0), j.identifier,
	j.client_ip, j.target, j.detail, COALESCE(a.email_lower, ''), COALESCE(a.name, '')
	FROM journal j LEFT JOIN agents a ON a.id = j.account_id AND j.role <> 'member'`

func scanJournal(rows *sql.Rows) (JournalEntry, error) {
	var e JournalEntry
	var at int64
	err := rows.Scan(&e.ID, &at, &e.Action, &e.Outcome, &e.Role, &e.AccountID, &e.Identifier, &e.ClientIP,
		&e.Target, &e.Detail, &e.AgentEmail, &e.AgentName)
	e.Time = fromMS(at)
	return e, err
}

// Journal returns one page of the entries f selects, newest first, and
// whether more follow.
func (s *Store) Journal(ctx context.Context, f JournalFilter) ([]JournalEntry, bool, error) {
	if f.Limit < 1 || f.Limit > 500 {
		f.Limit = 500
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	cond, args := f.where(s.loc)
	args = append(args, f.Limit+1, f.Offset)
	rows, err := s.queryLong(ctx, journalSelect+cond+fmt.Sprintf(` ORDER BY j.id DESC LIMIT $%d OFFSET $%d`,
		len(args)-1, len(args)), args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []JournalEntry
	for rows.Next() {
		e, err := scanJournal(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	more := len(out) > f.Limit
	if more {
		out = out[:f.Limit]
	}
	return out, more, nil
}

// JournalEach calls fn for every entry f selects, newest first, ignoring
// f's paging, and stops at fn's first error (for exports).
func (s *Store) JournalEach(ctx context.Context, f JournalFilter, fn func(JournalEntry) error) error {
	cond, args := f.where(s.loc)
	rows, err := s.queryLong(ctx, journalSelect+cond+` ORDER BY j.id DESC`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanJournal(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// JournalActions lists the distinct actions recorded, for a filter's
// choices.
func (s *Store) JournalActions(ctx context.Context) ([]string, error) {
	rows, err := s.queryLong(ctx, `SELECT DISTINCT action FROM journal ORDER BY action`)
	if err != nil {
		return nil, err
	}
	return scanColumn[string](rows)
}
