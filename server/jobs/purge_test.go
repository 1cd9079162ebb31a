package jobs_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/jobs"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit"
	"github.com/fos-mobile/fos/server/testkit/testdb"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestJobPurgesAfterRetention: on both engines, with a fake clock, a file
// closed six years ago is gone after the runner's first pass, and nothing
// else is (a file still open six years on is expired, not purged).
func TestJobPurgesAfterRetention(t *testing.T) {
	testdb.Engines(t, "fos_jobs_test_", func(t *testing.T, url string) {
		ctx := context.Background()
		c := testkit.NewFakeClock(time.Now())
		sd := testserver.Seed(t, url, store.Options{Now: c.Now})
		s := sd.Store
		member := func(id string) store.Member {
			m, err := s.MemberByIdentifier(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		a, b := member(sd.Acc.Member.Identifier), member(sd.Acc.OtherMember.Identifier)
		create := func(m store.Member) int64 {
			cr, err := s.CreateReimbursement(ctx, m.ID, "jobs-purge-"+m.Matricule, api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: m.ConfirmedProfile})
			if err != nil {
				t.Fatal(err)
			}
			return cr.Reimbursement.ID
		}
		closed, open := create(a), create(b)
		if _, err := s.Transition(ctx, closed, store.MoveCancel, store.Change{MemberID: a.ID}); err != nil {
			t.Fatal(err)
		}
		tables := []string{"reimbursements", "events", "members", "campaigns", "agents"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = rows(t, s, "SELECT COUNT(*) FROM "+tb)
		}

		c.Add(6 * 365 * 24 * time.Hour)
		run(t, &jobs.Runner{Store: s, Log: slog.New(slog.DiscardHandler), MailEvery: time.Hour, ExpireEvery: time.Hour,
			Retention: store.DefaultRetention})
		deadline := time.Now().Add(10 * time.Second)
		for {
			if _, err := s.AdminReimbursement(ctx, closed); err != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the file closed six years ago is still there after the job")
			}
			time.Sleep(20 * time.Millisecond)
		}
		got, err := s.AdminReimbursement(ctx, open)
		if err != nil || got.Status != api.StatusExpired {
			t.Fatalf("the file left open: %v, %v; want it expired by the job, not purged", got.Status, err)
		}
		// Only the closed file and its two events went; the open file got
		// its expiry event.
		want := map[string]int{"reimbursements": before["reimbursements"] - 1, "events": before["events"] - 2 + 1,
			"members": before["members"], "campaigns": before["campaigns"], "agents": before["agents"]}
		for _, tb := range tables {
			if n := rows(t, s, "SELECT COUNT(*) FROM "+tb); n != want[tb] {
				t.Errorf("%s: %d rows, want %d", tb, n, want[tb])
			}
		}
	})
}

func rows(t *testing.T, s *store.Store, q string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
