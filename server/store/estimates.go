package store

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/fos-mobile/fos/api"
)

// DefaultProcessing is the time from receipt to payment assumed for a
// window and season whose requests were never paid yet.
const DefaultProcessing = 30 * 24 * time.Hour

// estimateTTL is how old a window's kept median may be before it is read
// again. A payment moves a median by little, and member lists are read far
// more often than requests are paid.
const estimateTTL = time.Minute

// Estimator computes the estimated payment dates of requests from each
// window's processing history: the median time from receipt
// (documents_received) to payment (paid) of that kind and season's paid
// requests, or a default when there are none. A window's median is read
// once and then kept: after a minute, the next caller still gets the kept
// one while a single refresh runs behind it, so a list never waits on that
// query (25,000 paid requests take a few hundred milliseconds) and many
// lists at once never run it together. It is safe for concurrent use.
type Estimator struct {
	store *Store
	def   time.Duration

	mu    sync.Mutex
	cache map[windowKey]*median
}

type windowKey struct {
	kind   api.Kind
	season int
}

// median is a window's kept median. ready is closed once the first read
// is done; refreshing is set while a refresh runs.
type median struct {
	ready      chan struct{}
	d          time.Duration
	n          int
	err        error
	at         time.Time
	refreshing bool
}

// Estimator returns an estimator over s that assumes def (DefaultProcessing
// when def <= 0) where no request was paid yet.
func (s *Store) Estimator(def time.Duration) *Estimator {
	if def <= 0 {
		def = DefaultProcessing
	}
	return &Estimator{store: s, def: def, cache: map[windowKey]*median{}}
}

// Median returns the median time from receipt to payment of kind's paid
// requests in season, and how many there are; with none, the default and 0.
// With an even count it is the mean of the two middle times. The first call
// for a window reads it; later ones get the kept median, and one of them
// starts a refresh once it is a minute old (see Estimator).
func (e *Estimator) Median(ctx context.Context, kind api.Kind, season int) (time.Duration, int, error) {
	k := windowKey{kind, season}
	now := e.store.now()
	e.mu.Lock()
	m, ok := e.cache[k]
	if !ok {
		m = &median{ready: make(chan struct{})}
		e.cache[k] = m
		e.mu.Unlock()
		// Others wait on this read: the caller's leaving must not fail it.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		e.read(rctx, k, m)
		cancel()
		close(m.ready)
	} else {
		e.mu.Unlock()
		select {
		case <-m.ready:
		case <-ctx.Done():
			return 0, 0, ctx.Err()
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if m.err != nil { // not kept: the next caller tries again
		if e.cache[k] == m {
			delete(e.cache, k)
		}
		return 0, 0, m.err
	}
	if stale := now.Sub(m.at) >= estimateTTL || now.Before(m.at); stale && !m.refreshing {
		m.refreshing = true
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			next := &median{}
			e.read(ctx, k, next)
			e.mu.Lock()
			defer e.mu.Unlock()
			m.refreshing = false
			if next.err == nil {
				m.d, m.n, m.at = next.d, next.n, next.at
			}
		}()
	}
	return m.d, m.n, nil
}

// read fills m with the window's median as of now; m is not yet shared, or
// is a scratch copy.
func (e *Estimator) read(ctx context.Context, k windowKey, m *median) {
	m.at = e.store.now()
	times, err := e.store.ProcessingTimes(ctx, k.kind, k.season)
	if err != nil {
		m.err = err
		return
	}
	m.d, m.n = e.def, len(times)
	if n := len(times); n > 0 {
		slices.Sort(times)
		m.d = times[n/2]
		if n%2 == 0 {
			m.d = (times[n/2-1] + times[n/2]) / 2
		}
	}
}

// ProcessingTimes returns the time from receipt to payment of each paid
// request of kind in season, in no particular order. A request is received
// and paid once each (transitions.go), so each has one of each event.
func (s *Store) ProcessingTimes(ctx context.Context, kind api.Kind, season int) ([]time.Duration, error) {
	rows, err := s.query(ctx, `SELECT p.at - d.at FROM events p
		JOIN reimbursements r ON r.id = p.reimbursement_id
		JOIN events d ON d.status = 'documents_received' AND d.reimbursement_id = p.reimbursement_id
		WHERE p.status = 'paid' AND r.kind = $1 AND r.season = $2`, string(kind), season)
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

// Today is the foundation's day by the store's clock. The estimates
// Estimate gives depend on it besides the requests: they are never before
// today and, for a request still awaiting its documents, count from today;
// so an answer that carries them holds for one day at most.
func (e *Estimator) Today() api.Date { return api.DateOf(e.store.now().In(e.store.loc)) }

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
	// One text per count of ids: a member's list holds a handful.
	rows, err := e.store.query(ctx, `SELECT reimbursement_id, MIN(at) FROM events
		WHERE status = 'documents_received' AND reimbursement_id IN (`+placeholders(len(ask))+`) GROUP BY reimbursement_id`, ask...)
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
