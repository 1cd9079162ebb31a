package store

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/fos-mobile/fos/api"
)

// DefaultProcessing is the time from receipt to payment assumed for a
// window and season whose requests were never paid yet.
const DefaultProcessing = 30 * 24 * time.Hour

// estimateTTL is how long an Estimator keeps a window's median before it
// asks the database again. A payment moves a median by little, and member
// lists are read far more often than requests are paid.
const estimateTTL = time.Minute

// Estimator computes the estimated payment dates of requests from each
// window's processing history: the median time from receipt
// (documents_received) to payment (paid) of that kind and season's paid
// requests, or a default when there are none. It keeps each median for a
// minute, so that a list costs no query of its own. It is safe for
// concurrent use.
type Estimator struct {
	store *Store
	def   time.Duration

	mu    sync.Mutex
	cache map[windowKey]median
}

type windowKey struct {
	kind   api.Kind
	season int
}

type median struct {
	d   time.Duration
	n   int
	at  time.Time
	set bool
}

// Estimator returns an estimator over s that assumes def (DefaultProcessing
// when def <= 0) where no request was paid yet.
func (s *Store) Estimator(def time.Duration) *Estimator {
	if def <= 0 {
		def = DefaultProcessing
	}
	return &Estimator{store: s, def: def, cache: map[windowKey]median{}}
}

// Median returns the median time from receipt to payment of kind's paid
// requests in season, and how many there are; with none, the default and 0.
// With an even count it is the mean of the two middle times.
func (e *Estimator) Median(ctx context.Context, kind api.Kind, season int) (time.Duration, int, error) {
	k := windowKey{kind, season}
	now := e.store.now()
	e.mu.Lock()
	m := e.cache[k]
	e.mu.Unlock()
	if m.set && now.Sub(m.at) < estimateTTL && !now.Before(m.at) {
		return m.d, m.n, nil
	}
	times, err := e.store.ProcessingTimes(ctx, kind, season)
	if err != nil {
		return 0, 0, err
	}
	m = median{d: e.def, n: len(times), at: now, set: true}
	if n := len(times); n > 0 {
		slices.Sort(times)
		m.d = times[n/2]
		if n%2 == 0 {
			m.d = (times[n/2-1] + times[n/2]) / 2
		}
	}
	e.mu.Lock()
	e.cache[k] = m
	e.mu.Unlock()
	return m.d, m.n, nil
}

// ProcessingTimes returns the time from receipt to payment of each paid
// request of kind in season, in no particular order.
func (s *Store) ProcessingTimes(ctx context.Context, kind api.Kind, season int) ([]time.Duration, error) {
	rows, err := s.query(ctx, `SELECT MIN(p.at) - MIN(d.at) FROM reimbursements r
		JOIN events d ON d.reimbursement_id = r.id AND d.status = 'documents_received'
		JOIN events p ON p.reimbursement_id = r.id AND p.status = 'paid'
		WHERE r.status = 'paid' AND r.kind = $1 AND r.season = $2 GROUP BY r.id`, string(kind), season)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var ms int64
		if err := rows.Scan(&ms); err != nil {
			return nil, err
		}
		out = append(out, time.Duration(ms)*time.Millisecond)
	}
	return out, rows.Err()
}

// Estimate sets EstimatedPaymentDate on every request of rs that is not
// final, and clears it on the others: the day its documents were received
// (today while they are awaited) plus its window's median, in the
// foundation's time zone, and never before today. A request's receipt is
// read from its timeline when rs carry one, else from its last change
// while documents_received, else (approved, in a list) from the database.
func (e *Estimator) Estimate(ctx context.Context, rs []api.Reimbursement) error {
	now := e.store.now()
	received, err := e.receipts(ctx, rs)
	if err != nil {
		return err
	}
	for i := range rs {
		r := &rs[i]
		r.EstimatedPaymentDate = nil
		if r.Status.Final() {
			continue
		}
		d, _, err := e.Median(ctx, r.Kind, r.Season)
		if err != nil {
			return err
		}
		at := now
		if t, ok := received[r.ID]; ok {
			at = t
		}
		est := at.Add(d)
		if est.Before(now) {
			est = now
		}
		date := api.DateOf(est.In(e.store.loc))
		r.EstimatedPaymentDate = &date
	}
	return nil
}

// receipts returns when the documents of rs's received requests were
// received, by id; one query at most, for approved requests listed
// without their timeline.
func (e *Estimator) receipts(ctx context.Context, rs []api.Reimbursement) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	var ask []any
	for _, r := range rs {
		if r.Status == api.StatusAwaitingDocuments || r.Status.Final() {
			continue
		}
		if at, ok := receivedAt(r); ok {
			out[r.ID] = at
		} else if r.Status == api.StatusDocumentsReceived {
			out[r.ID] = r.UpdatedAt
		} else {
			ask = append(ask, r.ID)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	in := "$1"
	for i := 2; i <= len(ask); i++ {
		in += ", $" + strconv.Itoa(i)
	}
	rows, err := e.store.db.QueryContext(ctx, `SELECT reimbursement_id, MIN(at) FROM events
		WHERE status = 'documents_received' AND reimbursement_id IN (`+in+`) GROUP BY reimbursement_id`, ask...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		out[id] = fromMS(at)
	}
	return out, rows.Err()
}

// receivedAt finds the receipt in r's timeline, when r carries one.
func receivedAt(r api.Reimbursement) (time.Time, bool) {
	for _, ev := range r.Events {
		if ev.Status == api.StatusDocumentsReceived {
			return ev.At, true
		}
	}
	return time.Time{}, false
}
