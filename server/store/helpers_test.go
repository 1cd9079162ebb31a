package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit"
	"github.com/fos-mobile/fos/server/testkit/testdb"
)

// casablanca is the foundation's time zone, in which every test runs.
var casablanca = api.Casablanca

// local is a wall-clock time in Casablanca.
func local(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, casablanca)
}

// testDB is one test's own database, opened through the store with a fake
// clock that starts on 10 July 2026, 10:00 in Casablanca.
type testDB struct {
	*store.Store
	clock *testkit.FakeClock
	url   string
}

// options are the store options of this test's clock.
func (db *testDB) options() store.Options {
	return store.Options{Now: db.clock.Now, Location: casablanca}
}

// reopen opens the same database again, as a restarted server would.
func (db *testDB) reopen(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), db.url, db.options())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// forEachEngine runs fn as a subtest on a fresh SQLite database and on a
// fresh PostgreSQL schema. The PostgreSQL subtest is skipped, and reported
// as such, when FOS_TEST_POSTGRES_URL is not set.
func forEachEngine(t *testing.T, fn func(t *testing.T, db *testDB)) {
	t.Helper()
	testdb.Engines(t, "fos_store_test_", func(t *testing.T, u string) { fn(t, openDB(t, u)) })
}

func openDB(t *testing.T, u string) *testDB {
	t.Helper()
	db := &testDB{clock: testkit.NewFakeClock(local(2026, time.July, 10, 10, 0)), url: u}
	s, err := store.Open(context.Background(), u, db.options())
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	db.Store = s
	return db
}

// apiCode returns the code of err when it is an *api.Error, and fails the
// test otherwise.
func apiCode(t *testing.T, err error) (*api.Error, api.Code) {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *api.Error", err, err)
	}
	return e, e.Code
}

// wantCode fails the test unless err is an *api.Error with code want.
func wantCode(t *testing.T, err error, want api.Code) *api.Error {
	t.Helper()
	e, got := apiCode(t, err)
	if got != want {
		t.Fatalf("error code = %q (%v), want %q", got, err, want)
	}
	return e
}

// date parses a YYYY-MM-DD date or panics.
func date(s string) api.Date {
	d, err := api.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// newMember is a member record with a plausible profile.
func newMember(matricule, email, last, first string) store.Member {
	return store.Member{
		Matricule: matricule,
		CIN:       "AB" + matricule,
		LastName:  last,
		FirstName: first,
		Email:     email,
		Phone:     "0600000000",
		ConfirmedProfile: api.ConfirmedProfile{
			BirthDate:       date("1980-03-14"),
			Echelle:         11,
			Echelon:         5,
			RecruitmentDate: date("2005-09-01"),
			ChildrenCount:   2,
		},
	}
}

// addMembers upserts ms and returns their ids, in order.
func addMembers(t *testing.T, db *testDB, ms ...store.Member) []int64 {
	t.Helper()
	ctx := context.Background()
	if _, _, err := db.UpsertMembers(ctx, ms); err != nil {
		t.Fatalf("upsert members: %v", err)
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		got, err := db.MemberByIdentifier(ctx, m.Matricule)
		if err != nil {
			t.Fatalf("member %s: %v", m.Matricule, err)
		}
		ids[i] = got.ID
	}
	return ids
}

// campaign is a 2026 window of kind open from opens to closes.
func campaign(kind api.Kind, opens, closes string, depositDays int) store.Campaign {
	return store.Campaign{
		Season:      2026,
		Kind:        kind,
		InvoiceFrom: date("2026-07-01"),
		InvoiceTo:   date("2026-09-15"),
		OpensOn:     date(opens),
		ClosesOn:    date(closes),
		DepositDays: depositDays,
		Documents: api.TextList{
			FR: []string{"Factures originales", "Copie de la CIN"},
			AR: []string{"الفواتير الأصلية", "نسخة من البطاقة الوطنية"},
		},
		Location: api.Text{FR: "Siège de la FOS, Rabat", AR: "مقر المؤسسة، الرباط"},
	}
}

// openSeason sets both 2026 windows open on the test clock's first day:
// summer with 15 deposit days, off-season with 30.
func openSeason(t *testing.T, db *testDB) {
	t.Helper()
	for _, c := range []store.Campaign{
		campaign(api.KindSummer, "2026-07-01", "2026-09-30", 15),
		campaign(api.KindOffSeason, "2026-07-01", "2026-12-15", 30),
	} {
		if err := db.SetCampaign(context.Background(), c); err != nil {
			t.Fatalf("set campaign %s: %v", c.Kind, err)
		}
	}
}

// request is the body a member sends to ask for kind with profile p.
func request(kind api.Kind, m store.Member) api.CreateReimbursementRequest {
	return api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: m.ConfirmedProfile}
}

// count runs a COUNT query on the raw database.
func count(t *testing.T, db *testDB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.DB().QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
