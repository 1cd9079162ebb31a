package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/store"
)

// TestSchemaVersion: a fresh database is at the last migration this build
// knows, which CheckSchemaVersion accepts, and the versions list matches
// what goose applied.
func TestSchemaVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		known, err := store.MigrationVersions(db.Engine())
		if err != nil || len(known) == 0 {
			t.Fatalf("MigrationVersions: %v, %v", known, err)
		}
		v, err := store.SchemaVersion(ctx, db.DB())
		if err != nil {
			t.Fatal(err)
		}
		if want := known[len(known)-1]; v != want {
			t.Errorf("SchemaVersion %d, want the last migration %d", v, want)
		}
		var applied []string
		rows, err := db.DB().QueryContext(ctx, `SELECT version_id FROM goose_db_version WHERE version_id > 0 ORDER BY version_id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n int64
			rows.Scan(&n)
			applied = append(applied, fmt.Sprint(n))
		}
		rows.Close()
		if got, want := strings.Join(applied, ","), strings.Trim(strings.Join(strings.Fields(fmt.Sprint(known)), ","), "[]"); got != want {
			t.Errorf("applied %s, MigrationVersions %s", got, want)
		}
		if err := store.CheckSchemaVersion(db.Engine(), v); err != nil {
			t.Error(err)
		}
		if err := store.CheckSchemaVersion(db.Engine(), v+1000); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("a newer version: %v", err)
		}
	})
}

func TestSchemaVersionOfAnotherDatabase(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		if _, err := db.DB().ExecContext(ctx, `DROP TABLE goose_db_version`); err != nil {
			t.Fatal(err)
		}
		if _, err := store.SchemaVersion(ctx, db.DB()); !errors.Is(err, store.ErrNotFOS) {
			t.Errorf("without goose's table: %v, want ErrNotFOS", err)
		}
	})
}
