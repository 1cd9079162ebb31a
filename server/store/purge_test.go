package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

// purgeWorld is a database where some files and members are past their
// retention and others are not, on 11 July 2032: files closed in July 2026
// (six years before) must go, files closed in 2028 and open files stay.
type purgeWorld struct {
	oldPaid, oldRejected, oldCancelled, oldExpired int64 // closed in 2026
	recentRejected, open                           int64 // closed in 2028; still received
	oldRefs, keptRefs                              []string
	stays, leftGone, leftWithRecent, leftLate      int64 // members
	staysEmail, leftGoneEmail                      string
}

func newPurgeWorld(t *testing.T, db *testDB) purgeWorld {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, db)
	var w purgeWorld
	ref := func(id int64) string {
		r, err := db.AdminReimbursement(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return r.Reference
	}
	// 10 July 2026: a paid file (through a payment batch), one of each
	// other closed kind, and two files that will stay.
	w.oldPaid, w.stays = f.inStatus(t, api.StatusApproved)
	if _, err := db.CreatePaymentBatch(ctx, f.agentID); err != nil {
		t.Fatal(err)
	}
	f.move(t, w.oldPaid, 0, store.MovePay)
	w.oldRejected, w.leftGone = f.inStatus(t, api.StatusRejected)
	w.oldCancelled, w.leftLate = f.inStatus(t, api.StatusCancelled)
	w.oldExpired, _ = f.inStatus(t, api.StatusExpired)
	w.open, _ = f.inStatus(t, api.StatusDocumentsReceived)
	var recent int64
	recent, w.leftWithRecent = f.request(t)
	mem := func(id int64) store.Member {
		mm, err := db.MemberByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return mm
	}
	// Mails and journal lines about them, and logins.
	for _, id := range []int64{w.oldPaid, w.oldRejected, w.oldCancelled, w.oldExpired} {
		w.oldRefs = append(w.oldRefs, ref(id))
	}
	w.keptRefs = []string{ref(w.open), ref(recent)}
	for _, r := range append(append([]string{}, w.oldRefs...), w.keptRefs...) {
		if err := db.AddJournal(ctx, audit.Event{Action: "agent.receive", Outcome: audit.OK, Role: "agent", AccountID: f.agentID, Target: r}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddJournal(ctx, audit.Event{Action: "auth.login", Outcome: audit.OK, Role: "member", AccountID: w.leftGone,
		Identifier: "abc", ClientIP: "192.0.2.7"}); err != nil {
		t.Fatal(err)
	}
	// Mails given up, whose error quotes an address.
	if err := db.AddJournal(ctx, audit.Event{Action: store.MailFailedAction, Outcome: audit.Failed, Role: "system",
		Target: w.oldRefs[1], Detail: "550 <" + strings.ToUpper(mem(w.oldRejected).Email) + ">: unknown"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddJournal(ctx, audit.Event{Action: store.MailFailedAction, Outcome: audit.Failed, Role: "system",
		Target: "mail 9", Detail: "550 <" + mem(w.leftGone).Email + ">: unknown"}); err != nil {
		t.Fatal(err)
	}
	w.staysEmail, w.leftGoneEmail = mem(w.stays).Email, mem(w.leftGone).Email
	for _, mail := range []store.Mail{
		{To: w.staysEmail, Subject: "Votre demande " + w.oldRefs[0], Body: "payée"},
		{To: w.staysEmail, Subject: "Votre demande " + w.keptRefs[0], Body: "reçue"},
		{To: w.leftGoneEmail, Subject: "Code", Body: "123456"},
	} {
		if err := db.CreateRecoveryCode(ctx, mem(w.stays).ID, "h", time.Hour, mail); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{w.stays, w.leftGone} {
		if err := db.RecordLogin(ctx, id, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
	}
	// 2026: two members leave. 2028: a request is closed, a member
	// leaves. 2031: another leaves.
	for _, mm := range []int64{w.leftGone, w.leftWithRecent} {
		if err := db.LeaveMember(ctx, mem(mm).Matricule); err != nil {
			t.Fatal(err)
		}
	}
	db.clock.Set(local(2028, time.March, 1, 9, 0))
	f.move(t, recent, 0, store.MoveReject)
	w.recentRejected = recent
	db.clock.Set(local(2031, time.January, 5, 9, 0))
	if err := db.LeaveMember(ctx, mem(w.leftLate).Matricule); err != nil {
		t.Fatal(err)
	}
	db.clock.Set(local(2032, time.July, 11, 10, 0))
	return w
}

func TestPurgeAfterRetention(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		w := newPurgeWorld(t, db)
		tables := []string{"reimbursements", "events", "reimbursement_profiles", "payment_items", "payment_batches",
			"members", "member_logins", "outbox", "journal", "recovery_codes", "agents", "campaigns", "pages"}
		// A photo kept longer than the pages' own retention goes with its
		// file; the open file's stays.
		for i, id := range []int64{w.oldPaid, w.open} {
			if _, err := db.DB().ExecContext(ctx, `INSERT INTO pages (reimbursement_id, member_id, document, number, content_type,
				name, size, width, height, state, idempotency_key, request_hash, created_at, updated_at, data)
				SELECT id, member_id, 0, 1, 'image/jpeg', 'p.jpg', 1, 1, 1, 'sent', $2, 'h', 0, 0, $3 FROM reimbursements WHERE id = $1`,
				id, fmt.Sprintf("purge-page-%d", i), []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = count(t, db, "SELECT COUNT(*) FROM "+tb)
		}
		oldEvents := count(t, db, "SELECT COUNT(*) FROM events WHERE reimbursement_id IN ($1, $2, $3, $4)",
			w.oldPaid, w.oldRejected, w.oldCancelled, w.oldExpired)
		versionBefore, err := db.ReimbursementsVersion(ctx, w.stays)
		if err != nil {
			t.Fatal(err)
		}
		cut := db.Now().Add(-store.DefaultRetention)

		due, err := db.PurgeDue(ctx, cut)
		if err != nil {
			t.Fatal(err)
		}
		want := store.Purged{Requests: 4, Events: oldEvents, JournalLines: 7, Mails: 2, Members: 1, Logins: 1}
		if due != want {
			t.Fatalf("dry run: %v\nwant        %v", due, want)
		}
		for _, tb := range tables {
			if got := count(t, db, "SELECT COUNT(*) FROM "+tb); got != before[tb] {
				t.Fatalf("the dry run changed %s: %d rows, had %d", tb, got, before[tb])
			}
		}
		got, err := db.Purge(ctx, cut, 2) // batches of 2: several transactions
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("purged %v\nwant   %v", got, want)
		}
		if again, err := db.Purge(ctx, cut, 2); err != nil || again != (store.Purged{}) {
			t.Fatalf("second purge: %v, %v; want nothing", again, err)
		}

		for _, id := range []int64{w.oldPaid, w.oldRejected, w.oldCancelled, w.oldExpired} {
			if _, err := db.AdminReimbursement(ctx, id); err == nil {
				t.Errorf("request %d closed in 2026 is still there", id)
			}
		}
		for _, id := range []int64{w.recentRejected, w.open} {
			if _, err := db.AdminReimbursement(ctx, id); err != nil {
				t.Errorf("request %d must stay: %v", id, err)
			}
		}
		for _, id := range []int64{w.stays, w.leftWithRecent, w.leftLate} {
			if _, err := db.MemberByID(ctx, id); err != nil {
				t.Errorf("member %d must stay: %v", id, err)
			}
		}
		if _, err := db.MemberByID(ctx, w.leftGone); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("member who left in 2026 with only old files: %v, want gone", err)
		}
		// Nothing else went: each table lost exactly what was due.
		lost := map[string]int{"reimbursements": 4, "events": oldEvents, "reimbursement_profiles": 4, "payment_items": 1,
			"members": 1, "member_logins": 1, "outbox": 2, "pages": 1}
		for _, tb := range tables {
			if got := count(t, db, "SELECT COUNT(*) FROM "+tb); got != before[tb]-lost[tb] {
				t.Errorf("%s: %d rows, want %d", tb, got, before[tb]-lost[tb])
			}
		}
		// The journal keeps its lines, without the references or the member.
		for _, r := range w.oldRefs {
			if n := count(t, db, "SELECT COUNT(*) FROM journal WHERE target = $1 OR detail LIKE $2", r, "%"+r+"%"); n != 0 {
				t.Errorf("journal still names %s %d times", r, n)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM journal WHERE target LIKE 'purged:%'"); n != 5 {
			t.Errorf("%d pseudonymised targets, want 5", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM journal WHERE detail LIKE '%@%'"); n != 0 {
			t.Errorf("%d journal lines still quote an address", n)
		}
		for _, r := range w.keptRefs {
			if n := count(t, db, "SELECT COUNT(*) FROM journal WHERE target = $1", r); n != 1 {
				t.Errorf("journal names kept %s %d times, want 1", r, n)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM journal WHERE account_id = $1 AND role = 'member'", w.leftGone); n != 0 {
			t.Errorf("journal still names the purged member %d times", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM outbox WHERE subject LIKE $1", "%"+w.keptRefs[0]+"%"); n != 1 {
			t.Errorf("the mail about a kept file: %d, want 1", n)
		}
		// The member's list changed, and its version says so.
		after, err := db.ReimbursementsVersion(ctx, w.stays)
		if err != nil {
			t.Fatal(err)
		}
		if after == versionBefore || after.Sum <= versionBefore.Sum {
			t.Errorf("list version %v after the purge, %v before: want a new one with a larger sum", after, versionBefore)
		}
	})
}

func TestLeftMembersCannotLogIn(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		ids := addMembers(t, db, newMember("A1", "a1@finances.gov.ma", "Alaoui", "Sara"), newMember("B2", "b2@finances.gov.ma", "Bennani", "Ali"),
			newMember("C3", "c3@finances.gov.ma", "Chraibi", "Nadia"))
		n, err := db.LeaveMembersNotIn(ctx, []string{"a1", "C3"})
		if err != nil || n != 1 {
			t.Fatalf("deactivated %d, %v; want 1", n, err)
		}
		for _, id := range []string{"B2", "b2@finances.gov.ma"} {
			if _, err := db.MemberByIdentifier(ctx, id); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s after leaving: %v, want not found", id, err)
			}
		}
		if _, err := db.MemberByID(ctx, ids[1]); err != nil {
			t.Errorf("the record stays until its retention ends: %v", err)
		}
		if err := db.LeaveMember(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown matricule: %v", err)
		}
		// Imported again (rehired): back.
		if _, _, err := db.UpsertMembers(ctx, []store.Member{newMember("B2", "b2@finances.gov.ma", "Bennani", "Ali")}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MemberByIdentifier(ctx, "B2"); err != nil {
			t.Errorf("imported again: %v", err)
		}
	})
}

func TestLoginHistoryBounds(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id := addMembers(t, db, newMember("A1", "a1@finances.gov.ma", "Alaoui", "Sara"))[0]
		for _, back := range []time.Duration{400 * 24 * time.Hour, 40 * 24 * time.Hour, time.Hour} {
			db.clock.Set(local(2026, time.July, 10, 10, 0).Add(-back))
			if err := db.RecordLogin(ctx, id, "192.0.2.9"); err != nil {
				t.Fatal(err)
			}
		}
		db.clock.Set(local(2026, time.July, 10, 10, 0))
		read := func() []string {
			ls, err := db.MemberLogins(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, l := range ls {
				out = append(out, l.At.In(casablanca).Format("2006-01-02")+" "+l.ClientIP)
			}
			return out
		}
		// Before the job: addresses older than a month are already hidden.
		if got, want := strings.Join(read(), ","), "2026-07-10 192.0.2.9,2026-05-31 ,2025-06-05 "; got != want {
			t.Errorf("logins %q, want %q", got, want)
		}
		if err := db.ForgetLogins(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(read(), ","), "2026-07-10 192.0.2.9,2026-05-31 "; got != want {
			t.Errorf("after the job: %q, want %q", got, want)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM member_logins WHERE client_ip <> ''"); n != 1 {
			t.Errorf("%d stored addresses, want 1", n)
		}
	})
}

// TestPurgeByTwoReplicas: two stores on one database (two replicas) purge
// at once; every file goes exactly once and the counts add up.
func TestPurgeByTwoReplicas(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		const files = 24
		for range files {
			f.inStatus(t, api.StatusCancelled)
		}
		db.clock.Set(local(2032, time.July, 11, 10, 0))
		other := db.reopen(t)
		cut := db.Now().Add(-store.DefaultRetention)
		var wg sync.WaitGroup
		got := make([]store.Purged, 2)
		errs := make([]error, 2)
		for i, s := range []*store.Store{db.Store, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], errs[i] = s.Purge(ctx, cut, 3)
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if n := got[0].Requests + got[1].Requests; n != files {
			t.Fatalf("the replicas purged %d and %d requests, want %d in all", got[0].Requests, got[1].Requests, files)
		}
		if ev := got[0].Events + got[1].Events; ev != 2*files {
			t.Fatalf("%d events purged, want %d", ev, 2*files)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM reimbursements"); n != 0 {
			t.Fatalf("%d requests left", n)
		}
	})
}
