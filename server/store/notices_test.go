package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// recorder is a Notifier that writes the file's status as the subject and
// keeps every notice it was asked for.
type recorder struct {
	mu      sync.Mutex
	notices []store.Notice
}

func (r *recorder) notify(n store.Notice) store.Mail {
	r.mu.Lock()
	r.notices = append(r.notices, n)
	r.mu.Unlock()
	return store.Mail{To: n.Member.Email, Subject: string(n.Kind) + " " + string(n.File.Status), Body: "b", HTML: "<p>b</p>"}
}

// noticeDB is db's database opened with a recorder as its notifier.
func noticeDB(t *testing.T, db *testDB) (*store.Store, *recorder) {
	t.Helper()
	rec := &recorder{}
	opt := db.options()
	opt.Notices = rec.notify
	s, err := store.Open(context.Background(), db.url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, rec
}

// subjects lists the outbox's unsent mails to addr, oldest first.
func subjects(t *testing.T, s *store.Store, addr string) []string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT subject FROM outbox WHERE to_addr = $1 AND sent_at IS NULL ORDER BY id`, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		rows.Scan(&v)
		out = append(out, v)
	}
	return out
}

// noticeFiles opens this season, adds the members with a summer request
// each through s, and returns their ids, the requests, and an agent's
// action on a request (failing the test on an error).
func noticeFiles(t *testing.T, db *testDB, s *store.Store, ms ...store.Member) ([]int64, []api.Reimbursement, func(api.Reimbursement, store.Action) api.Reimbursement) {
	t.Helper()
	ctx := context.Background()
	openSeason(t, db)
	ids := addMembers(t, db, ms...)
	if _, err := db.UpsertAgent(ctx, "agent@fos.ma", "Agent", "hash"); err != nil {
		t.Fatal(err)
	}
	agent, _ := db.AgentByEmail(ctx, "agent@fos.ma")
	var files []api.Reimbursement
	for i, id := range ids {
		c, err := s.CreateReimbursement(ctx, id, "key-0000000"+string(rune('1'+i)), request(api.KindSummer, ms[i]))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, c.Reimbursement)
	}
	act := func(f api.Reimbursement, a store.Action) api.Reimbursement {
		t.Helper()
		a.AgentID, a.Version = agent.ID, f.Version
		r, _, err := s.Act(ctx, f.ID, a)
		if err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
		return r
	}
	return ids, files, act
}

// TestNoticesInTheStore: the console's actions group within the delay
// (documents missing then received then approved: one mail, approved); a
// member without an e-mail gets nothing queued; turning the mails off drops
// the one waiting and queues no more.
func TestNoticesInTheStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		s, rec := noticeDB(t, db)
		ms := []store.Member{newMember("1000001", "karim@finances.gov.ma", "Bennani", "Karim"),
			newMember("1000002", "", "Alaoui", "Sara")}
		ids, files, agentAct := noticeFiles(t, db, s, ms...)
		act := func(f api.Reimbursement, a store.Action) api.Reimbursement { t.Helper(); return agentAct(f, a) }
		for i := range files {
			files[i] = act(files[i], store.Action{Kind: store.ActMissing, Missing: []int{1}})
			db.clock.Add(time.Minute)
			files[i] = act(files[i], store.Action{Kind: store.ActReceive})
			files[i] = act(files[i], store.Action{Kind: store.ActApprove, AmountCentimes: 100000})
		}
		if got := subjects(t, s, "karim@finances.gov.ma"); len(got) != 1 || got[0] != "step approved" {
			t.Fatalf("karim's outbox: %q, want one mail, approved", got)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != 1 {
			t.Fatalf("%d mails queued; the member without an address got some", n)
		}
		for _, n := range rec.notices {
			if n.Member.Email == "" {
				t.Fatal("a notice was written for a member without an address")
			}
		}

		off := false
		if _, err := s.SetPreferences(ctx, ids[0], api.PreferencesRequest{EmailNotices: &off}); err != nil {
			t.Fatal(err)
		}
		if got := subjects(t, s, "karim@finances.gov.ma"); len(got) != 0 {
			t.Fatalf("after opting out, still waiting: %q", got)
		}
		db.clock.Add(10 * time.Minute)
		act(files[0], store.Action{Kind: store.ActPay})
		if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != 0 {
			t.Fatalf("%d mails after opting out", n)
		}
		_, now, err := s.FileProfiles(ctx, files[1].ID)
		if err != nil || now.Unmailed != "no_email" {
			t.Fatalf("FileProfiles of the member without an address: %q, %v", now.Unmailed, err)
		}
	})
}

// TestNoticeWaitingForRetryRewritten: a step's mail that failed and waits
// for its retry is rewritten by the file's next step, so the member gets
// one mail with the latest state, not the stale one and then another; a
// mail being sent (claimed) is left alone and the next step gets its own;
// opting out drops a mail waiting for its retry too.
func TestNoticeWaitingForRetryRewritten(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		s, _ := noticeDB(t, db)
		ms := []store.Member{newMember("1000001", "karim@finances.gov.ma", "Bennani", "Karim"),
			newMember("1000002", "sara@finances.gov.ma", "Alaoui", "Sara")}
		ids, files, agentAct := noticeFiles(t, db, s, ms...)
		act := func(i int, a store.Action) { t.Helper(); files[i] = agentAct(files[i], a) }
		var sent []string
		ok := func(_ context.Context, m store.Mail) error { sent = append(sent, m.Subject); return nil }
		fail := func(context.Context, store.Mail) error { return errors.New("452 mailbox full") }
		karim := "karim@finances.gov.ma"

		// Documents missing; its mail fails; the documents are received:
		// the waiting mail now says received, and only that one goes.
		act(0, store.Action{Kind: store.ActMissing, Missing: []int{1}})
		db.clock.Add(10 * time.Minute) // past the grouping delay
		if _, err := s.SendMail(ctx, 10, store.MailAttempts, fail); err == nil {
			t.Fatal("the failed send is not reported")
		}
		act(0, store.Action{Kind: store.ActReceive})
		received := "step " + string(files[0].Status)
		if got := subjects(t, s, karim); len(got) != 1 || got[0] != received {
			t.Fatalf("after a failed send and a new step the outbox holds %q, want the one mail %q", got, received)
		}
		db.clock.Add(3 * time.Minute) // past the first retry's delay
		if _, err := s.SendMail(ctx, 10, store.MailAttempts, ok); err != nil {
			t.Fatal(err)
		}
		if len(sent) != 1 || sent[0] != received {
			t.Fatalf("sent %q, want the one mail %q", sent, received)
		}

		// Approved; while its mail is being sent, paid: the mail on the
		// wire is left alone and the payment gets a mail of its own.
		act(0, store.Action{Kind: store.ActApprove, AmountCentimes: 100000})
		approved := "step " + string(files[0].Status)
		db.clock.Add(10 * time.Minute)
		claimed, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			_, err := s.SendMail(ctx, 1, store.MailAttempts, func(ctx context.Context, m store.Mail) error {
				close(claimed)
				<-release
				return ok(ctx, m)
			})
			done <- err
		}()
		<-claimed
		act(0, store.Action{Kind: store.ActPay})
		paid := "step " + string(files[0].Status)
		if got := subjects(t, s, karim); len(got) != 2 || got[0] != approved || got[1] != paid {
			t.Fatalf("beside the mail being sent the outbox holds %q, want %q and %q", got, approved, paid)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		db.clock.Add(10 * time.Minute)
		if _, err := s.SendMail(ctx, 10, store.MailAttempts, ok); err != nil {
			t.Fatal(err)
		}
		if len(sent) != 3 || sent[1] != approved || sent[2] != paid {
			t.Fatalf("sent %q, want %q, %q, %q", sent, received, approved, paid)
		}

		// Sara's mail fails, then she turns the mails off: it is dropped.
		act(1, store.Action{Kind: store.ActMissing, Missing: []int{1}})
		db.clock.Add(10 * time.Minute)
		if _, err := s.SendMail(ctx, 10, store.MailAttempts, fail); err == nil {
			t.Fatal("the failed send is not reported")
		}
		off := false
		if _, err := s.SetPreferences(ctx, ids[1], api.PreferencesRequest{EmailNotices: &off}); err != nil {
			t.Fatal(err)
		}
		if got := subjects(t, s, "sara@finances.gov.ma"); len(got) != 0 {
			t.Fatalf("after opting out, the mail waiting for its retry is still there: %q", got)
		}
	})
}
