package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/fos-mobile/fos/api"
)

const reimbursementColumns = `r.id, COALESCE(r.reference, ''), r.kind, r.season, r.status, r.created_at, r.updated_at,
	r.deposit_deadline, r.documents_fr, r.documents_ar, r.location_fr, r.location_ar, r.amount_centimes,
	COALESCE(r.reason, ''), r.member_id, r.version, COALESCE(r.reject_reason, ''), COALESCE(r.missing_documents, ''), COALESCE(r.precheck, '')`

// row is a reimbursement as read, with its owner.
type row struct {
	api.Reimbursement
	memberID int64
}

func (s *Store) scanReimbursement(sc interface{ Scan(...any) error }) (row, error) {
	var r row
	var kind, status, deadline, fr, ar string
	var created, updated int64
	var amount sql.NullInt64
	var code, missing, precheck string
	err := sc.Scan(&r.ID, &r.Reference, &kind, &r.Season, &status, &created, &updated, &deadline, &fr, &ar,
		&r.DepositLocation.FR, &r.DepositLocation.AR, &amount, &r.Reason, &r.memberID, &r.Version, &code, &missing, &precheck)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, err
	}
	r.Kind, r.Status = api.Kind(kind), api.Status(status)
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	if amount.Valid {
		r.AmountCentimes = &amount.Int64
	}
	if r.DepositDeadline, err = api.ParseDate(deadline); err != nil {
		return r, err
	}
	if r.RequiredDocuments.FR, err = s.lists.decode(fr); err != nil {
		return r, err
	}
	if r.RequiredDocuments.AR, err = s.lists.decode(ar); err != nil {
		return r, err
	}
	r.ReasonCode = api.RejectReason(code)
	if r.MissingDocuments, err = missingDocuments(missing, r.RequiredDocuments); err != nil {
		return r, err
	}
	r.Precheck, err = precheckOf(precheck, len(r.RequiredDocuments.FR))
	return r, err
}

// events loads a request's timeline, oldest first. withAgent adds the
// agent's e-mail, for the back office only.
func events(ctx context.Context, q queryer, id int64, withAgent bool) ([]api.Event, error) {
	query := `SELECT e.status, e.at, e.note, e.actor, COALESCE(a.email_lower, ''), e.kind
		FROM events e LEFT JOIN agents a ON a.id = e.agent_id WHERE e.reimbursement_id = $1`
	if !withAgent {
		query += ` AND e.kind NOT IN ('note', 'precheck')` // agents' notes and pre-checks stay in the back office
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY e.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []api.Event
	for rows.Next() {
		var e api.Event
		var status, actor, kind string
		var at int64
		if err := rows.Scan(&status, &at, &e.Note, &actor, &e.Agent, &kind); err != nil {
			return nil, err
		}
		e.Status, e.Actor, e.At = api.Status(status), api.Actor(actor), fromMS(at)
		if kind != "status" {
			e.Kind = api.EventKind(kind)
		}
		if e.Kind == api.EventPrecheck {
			if c, ok := readCheck(e.Note, e.At); ok {
				e.Check, e.Note = c, c.Reason
			}
		}
		if !withAgent {
			e.Agent = ""
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Reimbursement returns one of the member's requests with its timeline.
// Another member's request is ErrNotFound, exactly like a missing one.
func (s *Store) Reimbursement(ctx context.Context, memberID, id int64) (api.Reimbursement, error) {
	return s.memberReimbursement(ctx, conn{s, nil}, memberID, id)
}

func (s *Store) memberReimbursement(ctx context.Context, q queryer, memberID, id int64) (api.Reimbursement, error) {
	r, err := s.scanReimbursement(q.QueryRowContext(ctx, `SELECT `+reimbursementColumns+`
		FROM reimbursements r WHERE r.id = $1 AND r.member_id = $2`, id, memberID))
	if err != nil {
		return api.Reimbursement{}, err
	}
	r.Events, err = events(ctx, q, id, false)
	return r.Reimbursement, err
}

// Reimbursements lists the member's requests, newest first, without
// timelines.
func (s *Store) Reimbursements(ctx context.Context, memberID int64) ([]api.Reimbursement, error) {
	rows, err := s.query(ctx, `SELECT `+reimbursementColumns+`
		FROM reimbursements r WHERE r.member_id = $1 ORDER BY r.id DESC LIMIT 500`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []api.Reimbursement{}
	for rows.Next() {
		r, err := s.scanReimbursement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r.Reimbursement)
	}
	return out, rows.Err()
}

// LiveReimbursements returns the member's live request of each kind in
// season, by kind.
func (s *Store) LiveReimbursements(ctx context.Context, memberID int64, season int) (map[api.Kind]api.Reimbursement, error) {
	rows, err := s.query(ctx, `SELECT `+reimbursementColumns+` FROM reimbursements r
		WHERE r.member_id = $1 AND r.season = $2 AND r.status NOT IN ('cancelled', 'expired')`, memberID, season)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[api.Kind]api.Reimbursement{}
	for rows.Next() {
		r, err := s.scanReimbursement(rows)
		if err != nil {
			return nil, err
		}
		out[r.Kind] = r.Reimbursement
	}
	return out, rows.Err()
}

// AdminFilter selects requests in the back office.
type AdminFilter struct {
	Status api.Status // empty: any
	Query  string     // a reference, a matricule or part of a name
	Limit  int
	Offset int
}

// AdminReimbursements lists requests for agents, newest first, with the
// member's name, and counts all that match.
func (s *Store) AdminReimbursements(ctx context.Context, f AdminFilter) ([]api.Reimbursement, int, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Status != "" {
		where = append(where, "r.status = "+arg(string(f.Status)))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// The pattern is lowered by the engine's own lower(), like the
		// names: SQLite folds ASCII only, so a pattern lowered in Go ("é")
		// would never meet a name lowered by SQLite ("É").
		like := "%" + q + "%"
		where = append(where, "(r.reference = "+arg(strings.ToUpper(q))+" OR m.matricule = "+arg(q)+
			" OR lower(m.last_name || ' ' || m.first_name) LIKE lower("+arg(like)+")"+
			" OR lower(m.first_name || ' ' || m.last_name) LIKE lower("+arg(like)+"))")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	from := ` FROM reimbursements r JOIN members m ON m.id = r.member_id` + cond
	var total int
	if err := s.queryRowLong(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.queryLong(ctx, `SELECT `+reimbursementColumns+`, m.matricule, m.first_name, m.last_name`+from+
		` ORDER BY r.id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []api.Reimbursement{}
	for rows.Next() {
		var m api.MemberSummary
		r, err := s.scanReimbursement(scanPlus{rows, []any{&m.Matricule, &m.FirstName, &m.LastName}})
		if err != nil {
			return nil, 0, err
		}
		r.Member = &m
		out = append(out, r.Reimbursement)
	}
	return out, total, rows.Err()
}

// scanPlus scans a row's reimbursement columns followed by extra ones.
type scanPlus struct {
	rows  *sql.Rows
	extra []any
}

func (p scanPlus) Scan(dst ...any) error { return p.rows.Scan(append(dst, p.extra...)...) }

// AdminReimbursement returns any request with its member and full timeline.
func (s *Store) AdminReimbursement(ctx context.Context, id int64) (api.Reimbursement, error) {
	return s.adminReimbursement(ctx, conn{s, nil}, id)
}

func (s *Store) adminReimbursement(ctx context.Context, q queryer, id int64) (api.Reimbursement, error) {
	var m api.MemberSummary
	r, err := s.scanReimbursement(scanRowPlus{q.QueryRowContext(ctx, `SELECT `+reimbursementColumns+`,
		m.matricule, m.first_name, m.last_name FROM reimbursements r JOIN members m ON m.id = r.member_id
		WHERE r.id = $1`, id), []any{&m.Matricule, &m.FirstName, &m.LastName}})
	if err != nil {
		return api.Reimbursement{}, err
	}
	r.Member = &m
	r.Events, err = events(ctx, q, id, true)
	return r.Reimbursement, err
}

type scanRowPlus struct {
	row   *sql.Row
	extra []any
}

func (p scanRowPlus) Scan(dst ...any) error { return p.row.Scan(append(dst, p.extra...)...) }
