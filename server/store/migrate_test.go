package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/store"
)

func TestMigrationsApplyAndReopen(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		tables := []string{"members", "agents", "sessions", "throttle", "recovery_codes", "campaigns",
			"reimbursements", "events", "idempotency_keys", "outbox"}
		for _, table := range tables {
			if got := count(t, db, `SELECT COUNT(*) FROM `+table); got != 0 {
				t.Errorf("fresh %s has %d rows, want 0", table, got)
			}
		}
		applied := count(t, db, `SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`)
		if applied == 0 {
			t.Fatal("no migration recorded in goose_db_version")
		}
		if db.Engine() == store.Postgres {
			var schema string
			if err := db.DB().QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(schema, "fos_store_test_") {
				t.Fatalf("current_schema() = %q, want the test's own schema", schema)
			}
		}
		addMembers(t, db, newMember("1000001", "a@fos.ma", "Alaoui", "Amina"))

		for _, name := range []string{"second open", "third open"} {
			t.Run(name, func(t *testing.T) {
				s := db.reopen(t)
				var n int
				if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != applied {
					t.Errorf("migrations recorded after reopen = %d, want %d (nothing re-applied)", n, applied)
				}
				m, err := s.MemberByIdentifier(ctx, "1000001")
				if err != nil {
					t.Fatalf("member after reopen: %v", err)
				}
				if got, want := m.LastName, "Alaoui"; got != want {
					t.Errorf("last name after reopen = %q, want %q", got, want)
				}
				if got, want := s.Engine(), db.Engine(); got != want {
					t.Errorf("engine = %q, want %q", got, want)
				}
			})
		}
	})
}

func TestOpenRejectsUnknownURL(t *testing.T) {
	for _, tc := range []struct {
		name, url string
	}{
		{"mysql url", "mysql://u:secret@h/db"},
		{"bare path", "/tmp/fos.db"},
		{"empty sqlite path", "sqlite:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := store.Open(context.Background(), tc.url, store.Options{})
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded, want an error", tc.url)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("error %q shows the password", err)
			}
		})
	}
}
