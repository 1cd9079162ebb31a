package httpapi_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// forEachEngine runs fn on an env over SQLite and, when
// FOS_TEST_POSTGRES_URL is set, over a PostgreSQL schema of its own.
func forEachEngine(t *testing.T, o envOptions, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnvWith(t, o)) })
	t.Run("postgres", func(t *testing.T) {
		o.dbURL = pgSchema(t)
		fn(t, newEnvWith(t, o))
	})
}

// pgSchema makes a schema of the test's own in FOS_TEST_POSTGRES_URL's
// database, dropped when the test ends, and returns a URL that uses it.
func pgSchema(t *testing.T) string {
	t.Helper()
	base := os.Getenv("FOS_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("FOS_TEST_POSTGRES_URL not set")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal("FOS_TEST_POSTGRES_URL does not parse")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "fos_httpapi_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
