package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/store"
)

// TestCleanupDropsUndeliveredMail: a mail that never went out is deleted,
// body (and code) included, once it is older than the kept period.
func TestCleanupDropsUndeliveredMail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id := addMembers(t, db, newMember("1000001", "a@fos.ma", "Alaoui", "Amina"))[0]
		if err := db.CreateRecoveryCode(ctx, id, "h", codeTTL, store.Mail{To: "a@fos.ma", Subject: "Code", Body: "code 123456"}); err != nil {
			t.Fatal(err)
		}
		db.clock.Add(6 * 24 * time.Hour)
		if err := db.Cleanup(ctx, 7*24*time.Hour); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != 1 {
			t.Fatalf("%d mails after 6 days, want 1 (still within the kept period)", n)
		}
		db.clock.Add(2 * 24 * time.Hour)
		if err := db.Cleanup(ctx, 7*24*time.Hour); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != 0 {
			t.Fatalf("%d undelivered mails kept after 8 days, want 0", n)
		}
	})
}
