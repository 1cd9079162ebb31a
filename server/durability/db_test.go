package durability

import (
	"context"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit/testdb"
)

// database is one test's own database, named by the URL fos-server takes.
type database struct {
	engine store.Engine
	url    string
}

// sqliteDB is a fresh SQLite file in the test's temporary directory.
func sqliteDB(t *testing.T) database {
	return database{engine: store.SQLite, url: testdb.SQLite(t)}
}

// postgresDB creates a database with a random name on the server of
// FOS_TEST_POSTGRES_URL, and drops it when the test ends. Without the
// variable the test is skipped, and reported as such.
func postgresDB(t *testing.T) database {
	t.Helper()
	return database{engine: store.Postgres, url: testdb.Database(t, "fos_durability_")}
}

// open opens the database through the store (whose migrations are then a
// no-op), for seeding and for checking what the servers wrote. The caller
// closes it; the crash test must not hold the database open across a kill.
func (d database) open(t *testing.T) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, d.url, store.Options{})
	if err != nil {
		t.Fatalf("open %s database: %v", d.engine, err)
	}
	return s
}

// queryCtx bounds every check query.
func queryCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}
