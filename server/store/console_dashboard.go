package store

import (
	"context"

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
	// Today counts today's events per status (agents' and members' alike),
	// and TodayByAgents the agents' actions.
	Today         map[api.Status]int
	TodayByAgents int
}

// Dashboard counts season's requests per window and status, the overdue
// ones, and the activity since the start of today.
func (s *Store) Dashboard(ctx context.Context, season int) (Dashboard, error) {
	d := Dashboard{Counts: map[api.Kind]map[api.Status]int{}, Today: map[api.Status]int{}}
	rows, err := s.db.QueryContext(ctx, `SELECT kind, status, COUNT(*) FROM reimbursements WHERE season = $1
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
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM reimbursements WHERE season = $1 AND status = $2
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
	start := ms(s.StartOfDay(s.now()))
	rows, err = s.db.QueryContext(ctx, `SELECT status, actor, COUNT(*) FROM events WHERE at >= $1 AND kind = 'status'
		GROUP BY status, actor`, start)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var status, actor string
		var n int
		if err := rows.Scan(&status, &actor, &n); err != nil {
			return d, err
		}
		d.Today[api.Status(status)] += n
		if actor == string(api.ActorAgent) {
			d.TodayByAgents += n
		}
	}
	return d, rows.Err()
}
