package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

const day = 24 * time.Hour

// requestOf creates a request of kind for a new member and returns its id.
func (f *fixture) requestOf(t *testing.T, kind api.Kind) int64 {
	t.Helper()
	f.n++
	m := newMember(fmt.Sprintf("7%06d", f.n), fmt.Sprintf("e%d@finances.gov.ma", f.n), "Alaoui", "Sara")
	member := addMembers(t, f.db, m)[0]
	c, err := f.db.CreateReimbursement(context.Background(), member, "key", request(kind, m))
	if err != nil {
		t.Fatal(err)
	}
	return c.Reimbursement.ID
}

// move applies moves to id, the clock advancing by step before each.
func (f *fixture) move(t *testing.T, id int64, step time.Duration, moves ...store.Move) {
	t.Helper()
	for _, mv := range moves {
		f.db.clock.Add(step)
		if _, err := f.db.Transition(context.Background(), id, mv, f.change(mv, 0)); err != nil {
			t.Fatalf("%s: %v", mv.To, err)
		}
	}
}

// paid creates a request of kind that is received now and paid took later
// (approved half way), and returns its id. The clock ends at the payment.
func (f *fixture) paid(t *testing.T, kind api.Kind, took time.Duration) int64 {
	t.Helper()
	id := f.requestOf(t, kind)
	f.move(t, id, 0, store.MoveReceive)
	f.move(t, id, took/2, store.MoveApprove)
	f.move(t, id, took-took/2, store.MovePay)
	return id
}

func wantMedian(t *testing.T, e *store.Estimator, kind api.Kind, season int, want time.Duration, wantN int) {
	t.Helper()
	got, n, err := e.Median(context.Background(), kind, season)
	if err != nil {
		t.Fatal(err)
	}
	if got != want || n != wantN {
		t.Fatalf("median of %s %d = %v over %d, want %v over %d", kind, season, got, n, want, wantN)
	}
}

func TestEstimatorMedian(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		f := newFixture(t, db)
		fresh := func() *store.Estimator { return db.Estimator(12 * day) }

		wantMedian(t, fresh(), api.KindSummer, 2026, 12*day, 0) // no history: the default
		if got, _, _ := db.Estimator(0).Median(context.Background(), api.KindSummer, 2026); got != store.DefaultProcessing {
			t.Fatalf("default with none configured = %v, want %v", got, store.DefaultProcessing)
		}

		f.paid(t, api.KindSummer, 10*day)
		f.paid(t, api.KindSummer, 2*day)
		f.paid(t, api.KindSummer, 5*day+6*time.Hour)
		// Requests still on their way do not count.
		f.move(t, f.requestOf(t, api.KindSummer), day, store.MoveReceive, store.MoveApprove)
		f.move(t, f.requestOf(t, api.KindSummer), day, store.MoveReject)
		wantMedian(t, fresh(), api.KindSummer, 2026, 5*day+6*time.Hour, 3) // odd: the middle one

		f.paid(t, api.KindSummer, 7*day)
		// Another window and another season have histories of their own.
		f.paid(t, api.KindOffSeason, 40*day)
		old := f.paid(t, api.KindSummer, time.Hour)
		if _, err := db.DB().Exec(`UPDATE reimbursements SET season = 2025 WHERE id = $1`, old); err != nil {
			t.Fatal(err)
		}
		// Even: the mean of the two middle ones, (5d6h + 7d) / 2.
		wantMedian(t, fresh(), api.KindSummer, 2026, 6*day+3*time.Hour, 4)
		wantMedian(t, fresh(), api.KindOffSeason, 2026, 40*day, 1)
		wantMedian(t, fresh(), api.KindSummer, 2025, time.Hour, 1)
		wantMedian(t, fresh(), api.KindOffSeason, 2025, 12*day, 0)
	})
}

// eventually waits until e's median of kind in season is want over
// wantN: a stale median is refreshed behind the caller's back.
func eventually(t *testing.T, e *store.Estimator, kind api.Kind, season int, want time.Duration, wantN int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, n, err := e.Median(context.Background(), kind, season)
		if err != nil {
			t.Fatal(err)
		}
		if got == want && n == wantN {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("median of %s %d stays %v over %d, want %v over %d", kind, season, got, n, want, wantN)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestEstimatorKeepsAMinute(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		f := newFixture(t, db)
		f.paid(t, api.KindSummer, 4*day)
		e := db.Estimator(12 * day)
		wantMedian(t, e, api.KindSummer, 2026, 4*day, 1)
		f.paid(t, api.KindSummer, 8*day) // moves the clock 8 days: the kept median is stale
		// The stale median is served once more while it is read again.
		wantMedian(t, e, api.KindSummer, 2026, 4*day, 1)
		eventually(t, e, api.KindSummer, 2026, 6*day, 2)
		id := f.requestOf(t, api.KindSummer)
		f.move(t, id, 0, store.MoveReceive, store.MoveApprove, store.MovePay) // paid at once
		db.clock.Add(59 * time.Second)
		time.Sleep(50 * time.Millisecond)
		wantMedian(t, e, api.KindSummer, 2026, 6*day, 2) // still the kept one
		db.clock.Add(time.Second)
		eventually(t, e, api.KindSummer, 2026, 4*day, 3)
	})
}

// TestEstimatorConcurrent: many lists asking a window's median at once,
// the first time (one reads it, the others wait for it) and once it is
// stale (one refresh behind them), all get a right one.
func TestEstimatorConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		f := newFixture(t, db)
		f.paid(t, api.KindSummer, 4*day)
		e := db.Estimator(12 * day)
		ask := func(want ...time.Duration) {
			var wg sync.WaitGroup
			errs := make(chan error, 50)
			for range 50 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					d, _, err := e.Median(context.Background(), api.KindSummer, 2026)
					if err != nil || !slices.Contains(want, d) {
						errs <- fmt.Errorf("median %v, %v; want one of %v", d, err, want)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
		}
		ask(4 * day)
		f.paid(t, api.KindSummer, 8*day)
		ask(4*day, 6*day)
		eventually(t, e, api.KindSummer, 2026, 6*day, 2)
	})
}

func TestEstimate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.paid(t, api.KindSummer, 10*day)
		db.clock.Set(local(2026, time.August, 3, 23, 30)) // late evening: dates are Casablanca's

		awaiting := f.requestOf(t, api.KindSummer)
		received := f.requestOf(t, api.KindSummer)
		f.move(t, received, 0, store.MoveReceive)
		approved := f.requestOf(t, api.KindSummer)
		f.move(t, approved, 0, store.MoveReceive)
		db.clock.Add(2 * day)
		f.move(t, approved, 0, store.MoveApprove)
		overdue := f.requestOf(t, api.KindOffSeason) // no history: 12 days
		db.clock.Set(local(2026, time.July, 1, 9, 0))
		f.move(t, overdue, 0, store.MoveReceive)
		db.clock.Set(local(2026, time.August, 5, 23, 30))
		rejected := f.requestOf(t, api.KindOffSeason)
		f.move(t, rejected, 0, store.MoveReject)

		e := db.Estimator(12 * day)
		want := map[int64]string{
			awaiting: "2026-08-15", // today + 10 days
			received: "2026-08-13", // received 3 August + 10 days
			approved: "2026-08-13", // received 3 August, whatever the approval
			overdue:  "2026-08-05", // 1 July + 12 days is past: today
			rejected: "",           // final
		}
		var list []api.Reimbursement
		for _, id := range []int64{awaiting, received, approved, overdue, rejected} {
			admin, err := db.AdminReimbursement(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			list = append(list, admin)
		}
		// The member's list has no timelines: receipts come from the
		// database; a single request carries its own.
		bare := make([]api.Reimbursement, len(list))
		for i, r := range list {
			r.Events = nil
			bare[i] = r
		}
		for name, rs := range map[string][]api.Reimbursement{"list": bare, "one by one": list} {
			if name == "one by one" {
				for i := range rs {
					if err := e.Estimate(ctx, rs[i:i+1]); err != nil {
						t.Fatal(err)
					}
				}
			} else if err := e.Estimate(ctx, rs); err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				got := ""
				if r.EstimatedPaymentDate != nil {
					got = r.EstimatedPaymentDate.String()
				}
				if got != want[r.ID] {
					t.Errorf("%s: %s request estimated %q, want %q", name, r.Status, got, want[r.ID])
				}
			}
		}
	})
}
