package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// TestListVersionCacheBoundAcrossStores proves the list version cache's
// promise with two Stores on one database, as two replicas (or a server
// and the CLI) would be: a change to a member's requests made through one
// Store shows there at once, and on the other within the cache TTL of the
// moment that one read the version. Each writer of requests is tried:
// create, a member's cancel, an agent's move, a console action, a payment
// batch paid, the expiry job. A change by SQL, through no Store, shows on
// both within the TTL; with the cache off, at once.
func TestListVersionCacheBoundAcrossStores(t *testing.T) {
	const ttl = 600 * time.Millisecond
	// slack absorbs the scheduling of a loaded 2-core machine between the
	// entry's expiry and the poll that sees it.
	const slack = 400 * time.Millisecond
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		opt := db.options()
		opt.ListVersionCacheTTL = ttl
		a, b := openStore(t, db.url, opt), openStore(t, db.url, opt)
		f := newFixture(t, &testDB{Store: a, clock: db.clock, url: db.url})
		version := func(s *store.Store, member int64) store.ListVersion {
			t.Helper()
			v, err := s.ReimbursementsVersion(ctx, member)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		// within polls s until member's version leaves before, failing
		// past the bound counted from readAt.
		within := func(name string, s *store.Store, member int64, before store.ListVersion, readAt time.Time) {
			t.Helper()
			cached := false
			for version(s, member) == before {
				if elapsed := time.Since(readAt); elapsed > ttl+slack {
					t.Fatalf("%s still answers the old list version %v after reading it; the bound is %v", name, elapsed, ttl)
				}
				cached = true
				time.Sleep(5 * time.Millisecond)
			}
			t.Logf("%s saw the change %v after reading the version (cache answered after the change: %v)",
				name, time.Since(readAt).Round(time.Millisecond), cached)
		}
		n := 0
		newMemberOnly := func() (int64, store.Member) {
			n++
			m := newMember(fmt.Sprintf("7%06d", n), fmt.Sprintf("lv%d@finances.gov.ma", n), "Lahlou", "Amine")
			return addMembers(t, db, m)[0], m
		}
		var batchID int64
		for _, tc := range []struct {
			name  string
			setup func() (member, id int64)
			write func(member, id int64) error
		}{
			{"create", func() (int64, int64) { id, _ := newMemberOnly(); return id, 0 }, nil},
			{"member cancel", func() (int64, int64) { id, m := f.request(t); return m, id }, func(m, id int64) error {
				_, err := a.Transition(ctx, id, store.MoveCancel, store.Change{MemberID: m})
				return err
			}},
			{"agent move", func() (int64, int64) { id, m := f.request(t); return m, id }, func(m, id int64) error {
				_, err := a.Transition(ctx, id, store.MoveReceive, f.change(store.MoveReceive, m))
				return err
			}},
			{"console action", func() (int64, int64) { id, m := f.request(t); return m, id }, func(m, id int64) error {
				v, err := a.ReimbursementVersion(ctx, m, id)
				if err != nil {
					return err
				}
				_, _, err = a.Act(ctx, id, store.Action{Kind: store.ActNote, Version: v, AgentID: f.agentID, Note: "appelé"})
				return err
			}},
			{"payment batch paid", func() (int64, int64) {
				id, m := f.inStatus(t, api.StatusApproved)
				pb, err := a.CreatePaymentBatch(ctx, f.agentID)
				if err != nil {
					t.Fatal(err)
				}
				batchID = pb.ID
				return m, id
			}, func(int64, int64) error {
				_, err := a.PayBatch(ctx, batchID, f.agentID)
				return err
			}},
			// Last: it moves the clock past every deadline.
			{"expiry job", func() (int64, int64) { id, m := f.request(t); return m, id }, func(int64, int64) error {
				db.clock.Add(60 * 24 * time.Hour)
				got, err := a.ExpireOverdue(ctx, 100)
				if err == nil && got == 0 {
					err = fmt.Errorf("nothing expired")
				}
				return err
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				member, id := tc.setup()
				write := tc.write
				if write == nil {
					m, err := a.MemberByID(ctx, member)
					if err != nil {
						t.Fatal(err)
					}
					write = func(int64, int64) error {
						_, err := a.CreateReimbursement(ctx, member, "lv-create", request(api.KindSummer, m))
						return err
					}
				}
				// Both Stores read (and cache) the version.
				before := version(a, member)
				readAt := time.Now()
				if version(b, member) != before {
					t.Fatal("the two Stores disagree before any change")
				}
				if err := write(member, id); err != nil {
					t.Fatal(err)
				}
				if version(a, member) == before {
					t.Fatal("the writing Store still answers the old list version, want the new one at once")
				}
				within("the other Store", b, member, before, readAt)
			})
		}
		t.Run("SQL", func(t *testing.T) {
			id, member := f.request(t)
			// With the cache off, a Store sees a change by SQL at once.
			off := opt
			off.ListVersionCacheTTL = -1
			c := openStore(t, db.url, off)
			before := version(a, member)
			readAt := time.Now()
			if version(b, member) != before || version(c, member) != before {
				t.Fatal("the Stores disagree before any change")
			}
			if _, err := db.DB().ExecContext(ctx, `UPDATE reimbursements SET reason = 'changed by SQL' WHERE id = $1`, id); err != nil {
				t.Fatal(err)
			}
			if version(c, member) == before {
				t.Fatal("without a cache the old version stayed after a change by SQL")
			}
			within("the first Store", a, member, before, readAt)
			within("the second Store", b, member, before, readAt)
		})
	})
}

// TestListVersionCacheServesRepeatedReads shows the cache at work: within
// the TTL a change behind the Store's back does not show, while the
// Store's own writes do, at once.
func TestListVersionCacheServesRepeatedReads(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		opt := db.options()
		opt.ListVersionCacheTTL = time.Hour
		s := openStore(t, db.url, opt)
		f := newFixture(t, &testDB{Store: s, clock: db.clock, url: db.url})
		id, member := f.request(t)
		first, err := s.ReimbursementsVersion(ctx, member)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB().ExecContext(ctx, `UPDATE reimbursements SET reason = 'behind its back' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if again, err := s.ReimbursementsVersion(ctx, member); err != nil || again != first {
			t.Fatalf("second read = %+v, %v; want the cached %+v", again, err, first)
		}
		if _, err := s.Transition(ctx, id, store.MoveReceive, f.change(store.MoveReceive, member)); err != nil {
			t.Fatal(err)
		}
		// Two changes since the first read: SQL's and the Store's.
		if got, err := s.ReimbursementsVersion(ctx, member); err != nil || got.Sum != first.Sum+2 {
			t.Fatalf("after the Store's own change: %+v, %v; want the sum %d", got, err, first.Sum+2)
		}
	})
}
