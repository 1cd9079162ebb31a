package cli_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func TestMembersLeave(t *testing.T) {
	url := db(t)
	if code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma, youssef, karim)); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := run(t, "", "members", "import", "--db", url, "--deactivate", csvFile(t, salma, karim))
	if code != 0 || !strings.Contains(stdout, "1 members missing from the file have left") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	code, stdout, stderr = run(t, "", "members", "remove", "--db", url, "1112223")
	if code != 0 || !strings.Contains(stdout, "member 1112223 has left") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if code, _, stderr := run(t, "", "members", "remove", "--db", url, "0000000"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Fatalf("unknown matricule: exit %d, %s", code, stderr)
	}
	s := open(t, url)
	for id, gone := range map[string]bool{"1234567": false, "7654321": true, "1112223": true} {
		_, err := s.MemberByIdentifier(context.Background(), id)
		if got := errors.Is(err, store.ErrNotFound); got != gone {
			t.Errorf("member %s: lookup %v, want gone=%v", id, err, gone)
		}
	}
}

// TestPurgeCommand: a file cancelled six years ago is listed by --dry-run,
// which changes nothing, and then purged; a recent one stays.
func TestPurgeCommand(t *testing.T) {
	url := db(t)
	if code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma)); code != 0 {
		t.Fatal(stderr)
	}
	ctx := context.Background()
	s := open(t, url)
	today := api.DateOf(time.Now().In(api.Casablanca))
	if err := s.SetCampaign(ctx, store.Campaign{Season: today.Year, Kind: api.KindSummer, InvoiceFrom: today.AddDays(-30),
		InvoiceTo: today, OpensOn: today.AddDays(-1), ClosesOn: today.AddDays(1), DepositDays: 15,
		Documents: api.TextList{FR: []string{"Factures"}, AR: []string{"الفواتير"}}, Location: api.Text{FR: "Rabat", AR: "الرباط"}}); err != nil {
		t.Fatal(err)
	}
	m, err := s.MemberByIdentifier(ctx, "1234567")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, key := range []string{"old-cancelled", "new-cancelled"} {
		c, err := s.CreateReimbursement(ctx, m.ID, key, api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: m.ConfirmedProfile})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Transition(ctx, c.Reimbursement.ID, store.MoveCancel, store.Change{MemberID: m.ID}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.Reimbursement.ID)
		if i == 0 { // closed six years ago
			old := time.Now().AddDate(-6, 0, 0).UnixMilli()
			if _, err := s.DB().Exec(`UPDATE reimbursements SET updated_at = $1 WHERE id = $2`, old, c.Reimbursement.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	code, stdout, stderr := run(t, "", "purge", "--db", url, "--dry-run")
	if code != 0 || !strings.Contains(stdout, "would purge") || !strings.Contains(stdout, "1 requests, 2 events") || !strings.Contains(stdout, "retention 5y") {
		t.Fatalf("dry run: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM reimbursements`); n != 2 {
		t.Fatalf("the dry run purged: %d requests left", n)
	}
	code, stdout, stderr = run(t, "", "purge", "--db", url)
	if code != 0 || !strings.Contains(stdout, "purged (closed") || !strings.Contains(stdout, "1 requests, 2 events") {
		t.Fatalf("purge: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if _, err := s.AdminReimbursement(ctx, ids[0]); err == nil {
		t.Error("the file closed six years ago is still there")
	}
	if _, err := s.AdminReimbursement(ctx, ids[1]); err != nil {
		t.Errorf("the file closed today must stay: %v", err)
	}
}

func TestPrivacyFlagsChecked(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"retention under a day", []string{"--retention", "2h"}, "at least a day"},
		{"retention without unit", []string{"--retention", "5"}, "like 5y"},
		{"contact not an address", []string{"--contact-email", "Écrivez-nous <x@y.ma>"}, "--contact-email"},
		{"one address language", []string{"--address-fr", "Rabat"}, "go together"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"serve", "--db", db(t), "--addr", "127.0.0.1:0"}, tc.args...)
			code, _, stderr := run(t, "", args...)
			if code == 0 || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stderr %q; want %q", code, stderr, tc.msg)
			}
		})
	}
}

// TestMembersMassLeave: a --deactivate file that would make more than 2%
// (and more than 20) of the present members leave is refused before
// anything is imported, with the count to confirm; a wrong count is
// refused too; the right one goes through.
func TestMembersMassLeave(t *testing.T) {
	url := db(t)
	var all []string
	for i := range 30 {
		all = append(all, fmt.Sprintf("%07d,AB%06d,Nom,Prénom%d,m%d@finances.gov.ma,,1985-03-14,11,5,2010-09-01,0", 2000000+i, i, i, i))
	}
	if code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, all...)); code != 0 {
		t.Fatal(stderr)
	}
	// A partial file: the first 5 rows, one of them changed.
	partial := append([]string{strings.Replace(all[0], "Nom", "Changé", 1)}, all[1:5]...)
	s := open(t, url)
	left := func() int { return count(t, s, `SELECT COUNT(*) FROM members WHERE left_at IS NOT NULL`) }
	code, _, stderr := run(t, "", "members", "import", "--db", url, "--deactivate", csvFile(t, partial...))
	if code != 1 || !strings.Contains(stderr, "would make 25 of the 30 present members (83%) leave") || !strings.Contains(stderr, "--confirm-leave 25") {
		t.Fatalf("mass leave: exit %d, %s", code, stderr)
	}
	if n := left(); n != 0 {
		t.Fatalf("%d members left after the refusal", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM members WHERE last_name = 'Changé'`); n != 0 {
		t.Fatal("the refused file was imported")
	}
	if code, _, stderr := run(t, "", "members", "import", "--db", url, "--deactivate", "--confirm-leave", "24", csvFile(t, partial...)); code != 1 || !strings.Contains(stderr, "does not match") {
		t.Fatalf("wrong count: exit %d, %s", code, stderr)
	}
	code, stdout, stderr := run(t, "", "members", "import", "--db", url, "--deactivate", "--confirm-leave", "25", csvFile(t, partial...))
	if code != 0 || !strings.Contains(stdout, "25 members missing from the file have left") {
		t.Fatalf("confirmed: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if n := left(); n != 25 {
		t.Fatalf("%d members left, want 25", n)
	}
}
