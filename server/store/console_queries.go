package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
)

// QueueFilter selects the console's queue. Zero fields select everything.
type QueueFilter struct {
	Season int
	Kind   api.Kind
	Status api.Status
	// Query is a reference, a matricule, a CIN or part of a name (Arabic or
	// Latin script; Latin letters match in any case).
	Query string
	// Photos keeps the files with pages no agent has pre-checked yet,
	// the oldest page first ("photos à contrôler").
	Photos bool
	Limit  int
	Offset int
}

// referenceLike is a reference (store.Reference); identifierLike a
// matricule or a CIN: digits, maybe after one or two letters.
var (
	referenceLike  = regexp.MustCompile(`^EST-[0-9]{4}-[0-9]+$`)
	identifierLike = regexp.MustCompile(`^[A-Z]{0,2}[0-9]+$`)
)

// likeEscaper keeps a typed % or _ literal in a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// QueueRow is one line of the queue.
type QueueRow struct {
	api.Reimbursement
	CIN string
}

// Queue lists requests by deposit deadline (then id), with the member, and
// counts all that match. The filters follow the queue's indexes (season,
// kind, status, deposit_deadline); a reference, matricule or CIN is an
// exact, indexed match.
func (s *Store) Queue(ctx context.Context, f QueueFilter) ([]QueueRow, int, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	// What the query looks like picks one indexed lookup; a name scans the
	// members once. A search finds few requests, so it leads, and the other
	// filters are written +column on SQLite, which keeps it from walking
	// the season's requests instead (PostgreSQL's planner has statistics,
	// and has no unary + for text).
	q := strings.TrimSpace(f.Query)
	up := strings.ToUpper(q)
	col, searched := "r.", "r."
	if s.engine == SQLite {
		searched = "+r."
	}
	switch {
	case q == "":
	case referenceLike.MatchString(up):
		where, col = append(where, "r.reference = "+arg(up)), searched
	case identifierLike.MatchString(up):
		where, col = append(where, "r.member_id IN (SELECT id FROM members WHERE matricule = "+arg(up)+" OR cin = "+arg(up)+")"), searched
	default:
		// Each word of the name, in any order, in the last or first name;
		// case-insensitive for Latin letters (SQLite's LIKE, PostgreSQL's
		// ILIKE), Arabic as typed.
		op := "LIKE"
		if s.engine == Postgres {
			op = "ILIKE"
		}
		var words []string
		for i, w := range strings.Fields(q) {
			if i == 4 {
				break
			}
			p := arg("%" + likeEscaper.Replace(w) + "%")
			words = append(words, "(last_name "+op+" "+p+" ESCAPE '\\' OR first_name "+op+" "+p+" ESCAPE '\\')")
		}
		where, col = append(where, "r.member_id IN (SELECT id FROM members WHERE "+strings.Join(words, " AND ")+")"), searched
	}
	if f.Season != 0 {
		where = append(where, col+"season = "+arg(f.Season))
	}
	if f.Kind != "" {
		where = append(where, col+"kind = "+arg(string(f.Kind)))
	}
	if f.Status != "" {
		where = append(where, col+"status = "+arg(string(f.Status)))
	}
	order := "r.deposit_deadline, r.id"
	if f.Photos {
		const toCheck = `SELECT reimbursement_id FROM pages WHERE state IN ('sent', 'seen')`
		where = append(where, "r.id IN ("+toCheck+")")
		order = `(SELECT MIN(p.created_at) FROM pages p WHERE p.reimbursement_id = r.id AND p.state IN ('sent', 'seen')), r.id`
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	from := ` FROM reimbursements r JOIN members m ON m.id = r.member_id` + cond
	var total int
	if err := s.queryRowLong(ctx, `SELECT COUNT(*) FROM reimbursements r`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.queryLong(ctx, `SELECT `+reimbursementColumns+`, m.matricule, m.first_name, m.last_name, m.cin`+from+
		` ORDER BY `+order+` LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []QueueRow
	for rows.Next() {
		var m api.MemberSummary
		var cin string
		r, err := s.scanReimbursement(scanPlus{rows, []any{&m.Matricule, &m.FirstName, &m.LastName, &cin}})
		if err != nil {
			return nil, 0, err
		}
		r.Member = &m
		out = append(out, QueueRow{Reimbursement: r.Reimbursement, CIN: cin})
	}
	return out, total, rows.Err()
}

// IDByReference finds a request by its reference, or ErrNotFound.
func (s *Store) IDByReference(ctx context.Context, reference string) (int64, error) {
	var id int64
	err := s.queryRow(ctx, `SELECT id FROM reimbursements WHERE reference = $1`,
		strings.ToUpper(strings.TrimSpace(reference))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

// ProfileSnapshot is a member's names and confirmed data at one moment.
type ProfileSnapshot struct {
	LastName, FirstName string
	CIN                 string
	api.ConfirmedProfile
	// Unmailed, in today's snapshot, says why the member is not told of
	// their files' steps by e-mail: "no_email", "opted_out", or "" when
	// they are.
	Unmailed string
}

// FileProfiles returns the member's profile as it was when request id was
// made, and as it is today. Errors: ErrNotFound.
func (s *Store) FileProfiles(ctx context.Context, id int64) (then, now ProfileSnapshot, err error) {
	var birth, recruited, nowBirth, nowRecruited, email string
	var notices int
	err = s.queryRow(ctx, `SELECT p.last_name, p.first_name, p.birth_date, p.echelle, p.echelon,
		p.recruitment_date, p.children_count, m.last_name, m.first_name, m.cin, m.birth_date, m.echelle, m.echelon,
		m.recruitment_date, m.children_count, m.email, m.email_notices
		FROM reimbursements r JOIN members m ON m.id = r.member_id
		JOIN reimbursement_profiles p ON p.reimbursement_id = r.id WHERE r.id = $1`, id).Scan(
		&then.LastName, &then.FirstName, &birth, &then.Echelle, &then.Echelon, &recruited, &then.ChildrenCount,
		&now.LastName, &now.FirstName, &now.CIN, &nowBirth, &now.Echelle, &now.Echelon, &nowRecruited, &now.ChildrenCount, &email, &notices)
	switch {
	case email == "":
		now.Unmailed = "no_email"
	case notices == 0:
		now.Unmailed = "opted_out"
	}
	if errors.Is(err, sql.ErrNoRows) {
		return then, now, ErrNotFound
	}
	if err != nil {
		return then, now, err
	}
	then.CIN = now.CIN
	for _, d := range []struct {
		dst *api.Date
		src string
	}{{&then.BirthDate, birth}, {&then.RecruitmentDate, recruited}, {&now.BirthDate, nowBirth}, {&now.RecruitmentDate, nowRecruited}} {
		if *d.dst, err = api.ParseDate(d.src); err != nil {
			return then, now, err
		}
	}
	return then, now, nil
}

// WindowCeiling is the highest amount an agent may approve in a window, or
// nil when the foundation set none.
func (s *Store) WindowCeiling(ctx context.Context, season int, kind api.Kind) (*int64, error) {
	var c sql.NullInt64
	err := s.queryRow(ctx, `SELECT ceiling_centimes FROM campaigns WHERE season = $1 AND kind = $2`,
		season, string(kind)).Scan(&c)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err // not "no ceiling": an approve must not pass unchecked
	case !c.Valid:
		return nil, nil
	}
	return &c.Int64, nil
}

// SetWindowCeiling sets (or with nil removes) a window's ceiling.
// Errors: ErrNotFound for a window that does not exist.
func (s *Store) SetWindowCeiling(ctx context.Context, season int, kind api.Kind, centimes *int64) error {
	var v any
	if centimes != nil {
		v = *centimes
	}
	res, err := s.exec(ctx, `UPDATE campaigns SET ceiling_centimes = $1 WHERE season = $2 AND kind = $3`, v, season, string(kind))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// startOfDay is the first instant of t's day in the foundation's zone.
func (s *Store) startOfDay(t time.Time) time.Time {
	return api.DateOf(t.In(s.loc)).In(s.loc)
}
