package store

import (
	"context"
	"time"

	"github.com/fos-mobile/fos/api"
)

// Dashboard is the console's overview of a season.
type Dashboard struct {
	// Counts holds the number of requests per window and status.
	Counts map[api.Kind]map[api.Status]int
	// Overdue counts requests still awaiting documents after their deposit
	// deadline (the nightly job expires them); OverdueList shows the first.
	Overdue     int
	OverdueList []QueueRow
	// Today counts today's changes of status (agents', members' and the
	// system's alike), and TodayByAgents every action of an agent today.
	Today         map[api.Status]int
	TodayByAgents int
	// Recent are today's latest agents' actions, newest first.
	Recent []Activity
}

// Activity is one agent's action on a request.
type Activity struct {
	At        time.Time
	Agent     string // e-mail
	Reference string
	ID        int64
	Status    api.Status
	Kind      api.EventKind // empty for a change of status
}

// Dashboard counts season's requests per window and status, the overdue
// ones, and the activity since the start of today.
func (s *Store) Dashboard(ctx context.Context, season int) (Dashboard, error) {
	d := Dashboard{Counts: map[api.Kind]map[api.Status]int{}, Today: map[api.Status]int{}}
	rows, err := s.queryLong(ctx, `SELECT kind, status, COUNT(*) FROM reimbursements WHERE season = $1
		GROUP BY kind, status`, season)
	if err != nil {
		return d, err
	}
	for rows.Next() {
		var kind, status string
		var n int
		if err := rows.Scan(&kind, &status, &n); err != nil {
			rows.Close()
			return d, err
		}
		if d.Counts[api.Kind(kind)] == nil {
			d.Counts[api.Kind(kind)] = map[api.Status]int{}
		}
		d.Counts[api.Kind(kind)][api.Status(status)] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}
	today := s.today()
	if err := s.queryRowLong(ctx, `SELECT COUNT(*) FROM reimbursements WHERE season = $1 AND status = $2
		AND deposit_deadline < $3`, season, string(api.StatusAwaitingDocuments), today).Scan(&d.Overdue); err != nil {
		return d, err
	}
	if d.Overdue > 0 {
		list, _, err := s.Queue(ctx, QueueFilter{Season: season, Status: api.StatusAwaitingDocuments, Limit: 10})
		if err != nil {
			return d, err
		}
		for _, r := range list {
			if r.DepositDeadline.String() < today {
				d.OverdueList = append(d.OverdueList, r)
			}
		}
	}
	start := ms(s.startOfDay(s.now()))
	rows, err = s.queryLong(ctx, `SELECT status, actor, kind, COUNT(*) FROM events WHERE at >= $1
		GROUP BY status, actor, kind`, start)
	if err != nil {
		return d, err
	}
	for rows.Next() {
		var status, actor, kind string
		var n int
		if err := rows.Scan(&status, &actor, &kind, &n); err != nil {
			return d, err
		}
		if kind == "status" {
			d.Today[api.Status(status)] += n
		}
		if actor == string(api.ActorAgent) {
			d.TodayByAgents += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}
	rows, err = s.queryLong(ctx, `SELECT e.at, a.email_lower, COALESCE(r.reference, ''), r.id, e.status, e.kind
		FROM events e JOIN agents a ON a.id = e.agent_id JOIN reimbursements r ON r.id = e.reimbursement_id
		WHERE e.at >= $1 ORDER BY e.at DESC, e.id DESC LIMIT 10`, start)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var a Activity
		var at int64
		var status, kind string
		if err := rows.Scan(&at, &a.Agent, &a.Reference, &a.ID, &status, &kind); err != nil {
			return d, err
		}
		a.At, a.Status = fromMS(at), api.Status(status)
		if kind != "status" {
			a.Kind = api.EventKind(kind)
		}
		d.Recent = append(d.Recent, a)
	}
	return d, rows.Err()
}
