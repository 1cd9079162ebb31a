package store_test

import (
	"context"
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

// TestNoticesInTheStore: the console's actions group within the delay
// (documents missing then received then approved: one mail, approved); a
// member without an e-mail gets nothing queued; turning the mails off drops
// the one waiting and queues no more.
func TestNoticesInTheStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		s, rec := noticeDB(t, db)
		openSeason(t, db)
		ms := []store.Member{newMember("1000001", "karim@finances.gov.ma", "Bennani", "Karim"),
			newMember("1000002", "", "Alaoui", "Sara")}
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
