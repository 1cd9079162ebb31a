package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func TestExpireOverdue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		early, earlyMember := f.request(t) // 10 July: deadline 25 July
		received, _ := f.inStatus(t, api.StatusDocumentsReceived)
		cancelled, _ := f.inStatus(t, api.StatusCancelled)
		db.clock.Set(local(2026, time.July, 12, 9, 0))
		late, _ := f.request(t) // 12 July: deadline 27 July

		statuses := func() map[int64]api.Status {
			out := map[int64]api.Status{}
			for _, id := range []int64{early, received, cancelled, late} {
				r, err := db.AdminReimbursement(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				out[id] = r.Status
			}
			return out
		}
		for _, tc := range []struct {
			name    string
			at      time.Time
			expired int
			want    map[int64]api.Status
		}{
			{"last minute of the deadline day", local(2026, time.July, 25, 23, 59), 0, map[int64]api.Status{
				early: api.StatusAwaitingDocuments, received: api.StatusDocumentsReceived, cancelled: api.StatusCancelled, late: api.StatusAwaitingDocuments}},
			{"the day after the deadline", local(2026, time.July, 26, 0, 0), 1, map[int64]api.Status{
				early: api.StatusExpired, received: api.StatusDocumentsReceived, cancelled: api.StatusCancelled, late: api.StatusAwaitingDocuments}},
			{"run again the same day", local(2026, time.July, 26, 0, 5), 0, map[int64]api.Status{
				early: api.StatusExpired, received: api.StatusDocumentsReceived, cancelled: api.StatusCancelled, late: api.StatusAwaitingDocuments}},
			{"the later request's turn", local(2026, time.July, 28, 3, 0), 1, map[int64]api.Status{
				early: api.StatusExpired, received: api.StatusDocumentsReceived, cancelled: api.StatusCancelled, late: api.StatusExpired}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				db.clock.Set(tc.at)
				n, err := db.ExpireOverdue(ctx, 10)
				if err != nil {
					t.Fatal(err)
				}
				if n != tc.expired {
					t.Errorf("expired %d, want %d", n, tc.expired)
				}
				for id, st := range statuses() {
					if st != tc.want[id] {
						t.Errorf("request %d is %s, want %s", id, st, tc.want[id])
					}
				}
			})
		}

		r, err := db.Reimbursement(ctx, earlyMember, early)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Events) != 2 {
			t.Fatalf("events = %+v, want creation and expiry", r.Events)
		}
		e := r.Events[1]
		if e.Status != api.StatusExpired || e.Actor != api.ActorSystem || e.Note == "" || !e.At.Equal(local(2026, time.July, 26, 0, 0)) {
			t.Errorf("expiry event = %+v, want a system event with a note at 26 July 00:00", e)
		}
		if !r.UpdatedAt.Equal(e.At) {
			t.Errorf("updated_at = %v, want the expiry time %v", r.UpdatedAt, e.At)
		}

		// An expired request frees the slot.
		m, _ := db.MemberByID(ctx, earlyMember)
		c, err := db.CreateReimbursement(ctx, earlyMember, "after-expiry", request(api.KindSummer, m))
		if err != nil || c.Reimbursement.ID == early {
			t.Fatalf("a new request after expiry: %+v, %v; want a new one", c.Reimbursement, err)
		}
	})
}

func TestExpireOverdueConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		const requests, runners = 30, 4
		for i := 0; i < requests; i++ {
			f.request(t)
		}
		db.clock.Set(local(2026, time.August, 1, 2, 0))
		counts := make([]int, runners)
		errs := make([]error, runners)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < runners; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				counts[i], errs[i] = db.ExpireOverdue(ctx, 4)
			}()
		}
		close(start)
		wg.Wait()
		sum := 0
		for i := range runners {
			if errs[i] != nil {
				t.Fatalf("runner %d: %v", i, errs[i])
			}
			sum += counts[i]
		}
		// A runner may stop early when another took part of its batch; the
		// next scheduled run finishes the work.
		rest, err := db.ExpireOverdue(ctx, 4)
		if err != nil {
			t.Fatal(err)
		}
		if sum+rest != requests {
			t.Errorf("runners expired %v and a last run %d: %d in all, want %d", counts, rest, sum+rest, requests)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM reimbursements WHERE status = 'expired'`); n != requests {
			t.Errorf("expired requests = %d, want %d", n, requests)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM events WHERE status = 'expired'`); n != requests {
			t.Errorf("expiry events = %d, want %d (one each)", n, requests)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM (SELECT reimbursement_id FROM events WHERE status = 'expired'
			GROUP BY reimbursement_id HAVING COUNT(*) > 1) AS twice`); n != 0 {
			t.Errorf("%d requests expired twice", n)
		}
	})
}

func TestCleanup(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		const keep = 24 * time.Hour
		t0 := db.clock.Now()

		// Made at t0.
		f.request(t) // an idempotency key
		for _, s := range []struct {
			hash    string
			expires time.Time
			revoke  bool
		}{
			{"expired", t0.Add(30 * time.Minute), false},
			{"revoked", t0.Add(30 * 24 * time.Hour), true},
			{"live", t0.Add(30 * 24 * time.Hour), false},
		} {
			if err := db.CreateSession(ctx, []byte(s.hash), api.RoleMember, 1, s.expires); err != nil {
				t.Fatal(err)
			}
			if s.revoke {
				if err := db.RevokeSession(ctx, []byte(s.hash)); err != nil {
					t.Fatal(err)
				}
			}
		}
		queueMails(t, db, 0, 2) // two recovery codes and their mails
		if _, err := db.SendMail(ctx, 1, 5, func(context.Context, store.Mail) error { return nil }); err != nil {
			t.Fatal(err)
		}
		charge(t, db, store.ThrottleRule{Key: "stale", Limit: 5, Forget: time.Hour, Base: time.Hour, Max: time.Hour})
		charge(t, db, store.ThrottleRule{Key: "locked", Limit: 1, Forget: time.Hour, Base: 48 * time.Hour, Max: 48 * time.Hour})

		tables := []string{"idempotency_keys", "sessions", "recovery_codes", "throttle", "outbox", "reimbursements"}
		counts := func() map[string]int {
			out := map[string]int{}
			for _, table := range tables {
				out[table] = count(t, db, `SELECT COUNT(*) FROM `+table)
			}
			return out
		}
		for _, tc := range []struct {
			name  string
			after time.Duration
			fresh bool // make a new key, session and throttle first
			want  map[string]int
		}{
			{"nothing old enough yet", keep - time.Minute, false, map[string]int{
				"idempotency_keys": 1, "sessions": 3, "recovery_codes": 2, "throttle": 2, "outbox": 2, "reimbursements": 1}},
			{"past the keep time", keep + time.Hour, true, map[string]int{
				"idempotency_keys": 1, "sessions": 2, "recovery_codes": 0, "throttle": 2, "outbox": 0, "reimbursements": 2}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				db.clock.Set(t0.Add(tc.after))
				if tc.fresh {
					f.request(t)
					if err := db.CreateSession(ctx, []byte("fresh"), api.RoleAgent, 1, db.clock.Now().Add(time.Hour)); err != nil {
						t.Fatal(err)
					}
					charge(t, db, store.ThrottleRule{Key: "fresh", Limit: 5, Forget: time.Hour, Base: time.Hour, Max: time.Hour})
				}
				if err := db.Cleanup(ctx, keep); err != nil {
					t.Fatal(err)
				}
				for table, n := range counts() {
					if n != tc.want[table] {
						t.Errorf("%s: %d rows, want %d", table, n, tc.want[table])
					}
				}
			})
		}
		for _, s := range []string{"live", "fresh"} {
			if _, err := db.SessionByHash(ctx, []byte(s)); err != nil {
				t.Errorf("session %q after cleanup: %v", s, err)
			}
		}
		if th := stateOf(t, db, "locked"); th.failures != 1 {
			t.Errorf("the locked throttle was cleaned up while still locked: %+v", th)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL`); n != 0 {
			t.Errorf("unsent mails = %d, want none kept past the keep time (their bodies hold codes)", n)
		}
	})
}
