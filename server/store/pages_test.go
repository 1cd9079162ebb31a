package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func newPage(doc int, data string) store.NewPage {
	return store.NewPage{Document: doc, Name: "facture.jpg", ContentType: "image/jpeg", Width: 10, Height: 20, Data: []byte(data)}
}

// memberOf returns the id of the member with matricule m.
func memberOf(t *testing.T, db *testDB, m store.Member) int64 {
	t.Helper()
	got, err := db.MemberByIdentifier(context.Background(), m.Matricule)
	if err != nil {
		t.Fatal(err)
	}
	return got.ID
}

func TestPagesStoreAndServe(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, _, _, members := consoleFixture(t, db)
		me, other := memberOf(t, db, members[0]), memberOf(t, db, members[1])
		before, _ := db.Reimbursement(ctx, me, req)

		p, replayed, err := db.AddPage(ctx, me, req, "page-key-1", "hash-1", newPage(0, "bytes one"))
		if err != nil || replayed {
			t.Fatalf("add: %v replayed %v", err, replayed)
		}
		if p.Number != 1 || p.State != api.PageSent || p.Size != 9 || p.Document != 0 {
			t.Fatalf("page %+v", p)
		}
		again, replayed, err := db.AddPage(ctx, me, req, "page-key-1", "hash-1", newPage(0, "bytes one"))
		if err != nil || !replayed || again.ID != p.ID {
			t.Fatalf("replay: %+v %v %v", again, replayed, err)
		}
		_, _, err = db.AddPage(ctx, me, req, "page-key-1", "hash-other", newPage(0, "bytes two"))
		wantCode(t, err, api.CodeIdempotencyMismatch)
		p2, _, err := db.AddPage(ctx, me, req, "page-key-2", "hash-2", newPage(0, "bytes two"))
		if err != nil || p2.Number != 2 {
			t.Fatalf("second page: %+v %v", p2, err)
		}
		after, _ := db.Reimbursement(ctx, me, req)
		if after.Version <= before.Version {
			t.Fatalf("version %d → %d: an upload must change the request", before.Version, after.Version)
		}

		list, err := db.Pages(ctx, me, req)
		if err != nil || len(list) != 2 || list[0].ID != p.ID || list[1].ID != p2.ID {
			t.Fatalf("list: %+v %v", list, err)
		}
		d, err := db.PageData(ctx, me, req, p.ID)
		if err != nil || string(d.Data) != "bytes one" || d.ContentType != "image/jpeg" {
			t.Fatalf("data: %+v %v", d, err)
		}
		// Another member sees nothing and can do nothing.
		if _, err := db.Pages(ctx, other, req); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other member's list: %v", err)
		}
		if _, err := db.PageData(ctx, other, req, p.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other member's page: %v", err)
		}
		if _, _, err := db.AddPage(ctx, other, req, "page-key-x", "hash-x", newPage(0, "x")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other member's upload: %v", err)
		}
		if err := db.DeletePage(ctx, other, req, p.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other member's delete: %v", err)
		}
		_, _, err = db.AddPage(ctx, me, req, "page-key-3", "hash-3", newPage(5, "x"))
		wantCode(t, err, api.CodeInvalidRequest)

		// An agent looks at the first page: it can no longer be removed.
		if _, err := db.AgentPageData(ctx, req, p.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeletePage(ctx, me, req, p.ID), api.CodeInvalidTransition)
		if err := db.DeletePage(ctx, me, req, p2.ID); err != nil {
			t.Fatalf("delete a page not looked at: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM pages WHERE id = $1`, p2.ID); n != 0 {
			t.Fatalf("the removed page is still stored (%d)", n)
		}
		list, _ = db.Pages(ctx, me, req)
		if len(list) != 1 || list[0].State != api.PageSeen {
			t.Fatalf("after delete: %+v", list)
		}
	})
}

func TestPagesQuota(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, _, _, members := consoleFixture(t, db)
		me := memberOf(t, db, members[0])
		for i := 0; i < api.MaxPagesPerRequest; i++ {
			if _, _, err := db.AddPage(ctx, me, req, fmt.Sprintf("key-%04d", i), "h", newPage(i%2, "x")); err != nil {
				t.Fatalf("page %d: %v", i+1, err)
			}
		}
		wantCode(t, db.PageQuota(ctx, me, req), api.CodeQuotaExceeded)
		_, _, err := db.AddPage(ctx, me, req, "key-extra", "h", newPage(0, "x"))
		wantCode(t, err, api.CodeQuotaExceeded)
		if n := count(t, db, `SELECT COUNT(*) FROM pages`); n != api.MaxPagesPerRequest {
			t.Fatalf("%d pages stored", n)
		}
		// Removing pages frees the request's slots but not the day's
		// budget: 20 + 40 more uploads, then the 61st is refused.
		list, _ := db.Pages(ctx, me, req)
		for i := 0; i < api.MaxPagesPerDay-api.MaxPagesPerRequest; i++ {
			if err := db.DeletePage(ctx, me, req, list[i%len(list)].ID); err != nil {
				t.Fatal(err)
			}
			p, _, err := db.AddPage(ctx, me, req, fmt.Sprintf("more-%04d", i), "h", newPage(0, "x"))
			if err != nil {
				t.Fatalf("upload %d: %v", api.MaxPagesPerRequest+i+1, err)
			}
			list[i%len(list)] = p
		}
		if err := db.DeletePage(ctx, me, req, list[0].ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.AddPage(ctx, me, req, "key-day", "h", newPage(0, "x"))
		wantCode(t, err, api.CodeQuotaExceeded)
		db.clock.Add(24 * time.Hour)
		if _, _, err := db.AddPage(ctx, me, req, "key-next-day", "h", newPage(0, "x")); err != nil {
			t.Fatalf("the next day: %v", err)
		}
	})
}

func TestPagesConcurrentKey(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, _, _, members := consoleFixture(t, db)
		me := memberOf(t, db, members[0])
		var wg sync.WaitGroup
		ids := make([]int64, 8)
		errs := make([]error, 8)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, _, err := db.AddPage(ctx, me, req, "same-key", "same-hash", newPage(1, "x"))
				ids[i], errs[i] = p.ID, err
			}()
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("upload %d: id %d err %v (first %d)", i, ids[i], errs[i], ids[0])
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM pages`); n != 1 {
			t.Fatalf("%d pages for one key", n)
		}
	})
}

func TestPrecheck(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, agent, _, members := consoleFixture(t, db)
		me := memberOf(t, db, members[0])
		p0, _, _ := db.AddPage(ctx, me, req, "key-doc0", "h0", newPage(0, "invoice"))
		p1, _, _ := db.AddPage(ctx, me, req, "key-doc1", "h1", newPage(1, "cin"))
		r, _ := db.AdminReimbursement(ctx, req)

		_, _, err := db.Precheck(ctx, req, store.Check{Version: r.Version, AgentID: agent, Document: 0, Result: api.CheckRedo})
		wantCode(t, err, api.CodeInvalidRequest) // redo needs a reason
		_, _, err = db.Precheck(ctx, req, store.Check{Version: r.Version, AgentID: agent, Document: 7, Result: api.CheckComplete})
		wantCode(t, err, api.CodeInvalidRequest)
		if _, _, err := db.Precheck(ctx, req, store.Check{Version: r.Version - 1, AgentID: agent, Document: 0, Result: api.CheckComplete}); !errors.Is(err, store.ErrStale) {
			t.Fatalf("stale: %v", err)
		}

		redo := store.Check{Version: r.Version, AgentID: agent, Document: 0, Result: api.CheckRedo, Code: api.RedoUnreadable, Reason: "  Photo floue  "}
		r2, replayed, err := db.Precheck(ctx, req, redo)
		if err != nil || replayed || r2.Version != r.Version+1 {
			t.Fatalf("redo: %v %v v%d", err, replayed, r2.Version)
		}
		if r3, replayed, err := db.Precheck(ctx, req, redo); err != nil || !replayed || r3.Version != r2.Version {
			t.Fatalf("second submission: %v %v", err, replayed)
		}
		mine, _ := db.Reimbursement(ctx, me, req)
		if mine.Precheck == nil || mine.Precheck.Complete || len(mine.Precheck.Documents) != 1 ||
			mine.Precheck.Documents[0].ReasonCode != api.RedoUnreadable || mine.Precheck.Documents[0].Reason != "Photo floue" {
			t.Fatalf("member's precheck: %+v", mine.Precheck)
		}
		for _, e := range mine.Events {
			if e.Kind == api.EventPrecheck {
				t.Fatal("the member's timeline shows the back office's precheck event")
			}
		}
		pages, _ := db.Pages(ctx, me, req)
		if pages[0].ID != p0.ID || pages[0].State != api.PageRedo || pages[0].ReasonCode != api.RedoUnreadable {
			t.Fatalf("redone page: %+v", pages[0])
		}

		// A better photo clears the answer on its document; both complete
		// make the whole complete.
		p0b, _, err := db.AddPage(ctx, me, req, "key-doc0-b", "h0b", newPage(0, "invoice, sharp"))
		if err != nil || p0b.Number != 2 {
			t.Fatalf("better photo: %+v %v", p0b, err)
		}
		if m, _ := db.Reimbursement(ctx, me, req); m.Precheck != nil {
			t.Fatalf("the answer survived a new page: %+v", m.Precheck)
		}
		if err := db.DeletePage(ctx, me, req, p0.ID); err != nil {
			t.Fatalf("remove the page to redo: %v", err)
		}
		for _, doc := range []int{0, 1} {
			r, _ = db.AdminReimbursement(ctx, req)
			if _, _, err := db.Precheck(ctx, req, store.Check{Version: r.Version, AgentID: agent, Document: doc, Result: api.CheckComplete}); err != nil {
				t.Fatalf("complete %d: %v", doc, err)
			}
		}
		mine, _ = db.Reimbursement(ctx, me, req)
		if mine.Precheck == nil || !mine.Precheck.Complete {
			t.Fatalf("precheck %+v, want complete", mine.Precheck)
		}
		pages, _ = db.Pages(ctx, me, req)
		for _, p := range pages {
			if p.State != api.PageAccepted {
				t.Fatalf("page %d (%d) is %s", p.ID, p1.ID, p.State)
			}
		}
		wantCode(t, db.DeletePage(ctx, me, req, p1.ID), api.CodeInvalidTransition)
	})
}

func TestPurgePages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, agent, _, members := consoleFixture(t, db)
		me := memberOf(t, db, members[0])
		for i := 0; i < 3; i++ {
			if _, _, err := db.AddPage(ctx, me, req, fmt.Sprintf("purge-%d", i), "h", newPage(0, "x")); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.PurgePages(ctx, 90*24*time.Hour, 2); err != nil || n != 0 {
			t.Fatalf("purge of a live request: %d %v", n, err)
		}
		if _, err := db.Transition(ctx, req, store.MoveReject, store.Change{AgentID: agent, Reason: "hors délai"}); err != nil {
			t.Fatal(err)
		}
		db.clock.Add(89 * 24 * time.Hour)
		if n, _ := db.PurgePages(ctx, 90*24*time.Hour, 2); n != 0 {
			t.Fatalf("purged %d pages before 90 days", n)
		}
		db.clock.Add(2 * 24 * time.Hour)
		if n, err := db.PurgePages(ctx, 90*24*time.Hour, 2); err != nil || n != 3 {
			t.Fatalf("purge after 91 days: %d %v", n, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM pages`); n != 0 {
			t.Fatalf("%d pages left", n)
		}
	})
}

// TestPageBytesRoundTrip: every byte value survives both engines.
func TestPageBytesRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, _, _, members := consoleFixture(t, db)
		me := memberOf(t, db, members[0])
		all := make([]byte, 256*64)
		for i := range all {
			all[i] = byte(i)
		}
		p, _, err := db.AddPage(ctx, me, req, "bytes-key", "h", store.NewPage{Document: 0, Name: "x.png", ContentType: "image/png", Data: all})
		if err != nil {
			t.Fatal(err)
		}
		d, err := db.PageData(ctx, me, req, p.ID)
		if err != nil || !bytes.Equal(d.Data, all) {
			t.Fatalf("bytes changed: %v", err)
		}
	})
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"facture.jpg":                   "facture.jpg",
		`C:\Users\me\DCIM\IMG_0001.JPG`: "IMG_0001.JPG",
		"../../etc/passwd":              "passwd",
		"a\x00b\nc\u202egpj.exe":        "abcgpj.exe",
		"   ":                           "page",
		"<script>alert(1)</script>.jpg": "script>.jpg",
		"فاتورة الفندق.jpg":             "فاتورة الفندق.jpg",
	} {
		if got := store.CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
