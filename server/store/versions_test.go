package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// Every change to what a member's list or a request shows changes its
// version; reading does not; another member's request is not found.
func TestVersions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		openSeason(t, db)
		m := newMember("6000001", "v1@finances.gov.ma", "Version", "Test")
		o := newMember("6000002", "v2@finances.gov.ma", "Other", "Test")
		ids := addMembers(t, db, m, o)
		list := func() store.ListVersion {
			t.Helper()
			v, err := db.ReimbursementsVersion(ctx, ids[0])
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		one := func(id int64) int64 {
			t.Helper()
			v, err := db.ReimbursementVersion(ctx, ids[0], id)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if v := list(); v != (store.ListVersion{}) {
			t.Fatalf("no requests: %+v, want zero", v)
		}
		seen := map[store.ListVersion]string{}
		step := func(name string) {
			t.Helper()
			v := list()
			if prev, ok := seen[v]; ok {
				t.Fatalf("after %s the list version %+v is the one after %s", name, v, prev)
			}
			seen[v] = name
		}
		step("nothing")
		c, err := db.CreateReimbursement(ctx, ids[0], "key-v-1", request(api.KindSummer, m))
		if err != nil {
			t.Fatal(err)
		}
		id := c.Reimbursement.ID
		step("create")
		r0 := one(id)
		if _, err := db.Reimbursements(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Reimbursement(ctx, ids[0], id); err != nil {
			t.Fatal(err)
		}
		if v, r := list(), one(id); seen[v] != "create" || r != r0 {
			t.Fatalf("reading changed the versions: list %+v, request %d → %d", v, r0, r)
		}
		// The clock does not move: versions do not depend on time.
		if _, err := db.Transition(ctx, id, store.MoveReceive, store.Change{AgentID: 0}); err != nil {
			t.Fatal(err)
		}
		step("documents received")
		r1 := one(id)
		if r1 == r0 {
			t.Fatal("the request's version did not change with its status")
		}
		if _, err := db.Transition(ctx, id, store.MoveReject, store.Change{Reason: "incomplete"}); err != nil {
			t.Fatal(err)
		}
		step("rejected")
		c2, err := db.CreateReimbursement(ctx, ids[0], "key-v-2", request(api.KindOffSeason, m))
		if err != nil {
			t.Fatal(err)
		}
		step("second create")
		db.clock.Add(60 * 24 * time.Hour)
		if n, err := db.ExpireOverdue(ctx, 10); err != nil || n != 1 {
			t.Fatalf("expire: %d, %v", n, err)
		}
		step("expired")
		if _, err := db.ReimbursementVersion(ctx, ids[1], c2.Reimbursement.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another member's request: %v, want ErrNotFound", err)
		}
		if _, err := db.ReimbursementVersion(ctx, ids[0], c2.Reimbursement.ID+1000); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a missing request: %v, want ErrNotFound", err)
		}
		if v, err := db.ReimbursementsVersion(ctx, ids[1]); err != nil || v != (store.ListVersion{}) {
			t.Fatalf("the other member's list: %+v, %v", v, err)
		}
		t.Log(fmt.Sprint(len(seen), " distinct list versions"))
	})
}
