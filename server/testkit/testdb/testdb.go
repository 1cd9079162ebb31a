// Package testdb gives each test a database of its own: a fresh SQLite file,
// and a PostgreSQL schema (or database) on the server named by
// FOS_TEST_POSTGRES_URL, dropped when the test ends. It is imported by tests
// and by the benchmark harness (server/bench), never by the server.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvURL names the environment variable holding the URL of the PostgreSQL
// database that tests make their schemas in. CI sets it.
const EnvURL = "FOS_TEST_POSTGRES_URL"

// timeout bounds each CREATE and DROP.
const timeout = time.Minute

// SQLite returns the URL of a fresh SQLite file in tb's temporary directory.
func SQLite(tb testing.TB) string {
	return "sqlite:" + filepath.Join(tb.TempDir(), "fos.db")
}

// Engines runs fn as the subtest "sqlite" on a fresh SQLite file and as the
// subtest "postgres" on a schema of its own (see Schema), which is skipped,
// and reported as such, when FOS_TEST_POSTGRES_URL is not set. Schema names
// start with prefix.
func Engines(t *testing.T, prefix string, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Schema(t, prefix)) })
}

// Schema creates a schema of tb's own, named prefix and random hex, in the
// database of FOS_TEST_POSTGRES_URL, and returns a URL whose connections use
// only it (search_path). The schema is dropped when tb ends, after whatever
// the test opened on it afterwards is closed (cleanups run last-in
// first-out). Without FOS_TEST_POSTGRES_URL tb is skipped.
func Schema(tb testing.TB, prefix string) string {
	tb.Helper()
	u, drop, err := NewSchema(context.Background(), base(tb), prefix)
	if err != nil {
		tb.Fatal(err)
	}
	cleanup(tb, drop)
	return u
}

// Database creates a database of tb's own, named prefix and random hex, on
// the server of FOS_TEST_POSTGRES_URL, and returns its URL: for tests whose
// servers set their own search_path or are killed mid-query. It is dropped,
// with any connection still open to it, when tb ends. Without
// FOS_TEST_POSTGRES_URL tb is skipped.
func Database(tb testing.TB, prefix string) string {
	tb.Helper()
	b := base(tb)
	u, err := url.Parse(b)
	if err != nil {
		tb.Fatalf("%s does not parse", EnvURL)
	}
	name := randomName(prefix)
	// FORCE ends the connections of servers killed a moment ago.
	drop, err := create(context.Background(), b, `CREATE DATABASE `+name, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	if err != nil {
		tb.Fatal(err)
	}
	cleanup(tb, drop)
	u.Path = "/" + name
	return u.String()
}

// NewSchema creates a schema, named prefix and random hex, in the PostgreSQL
// database at dbURL and returns a URL whose connections use only it
// (search_path), so that its user never touches the tables already there.
// drop removes the schema and everything in it. It is Schema for callers
// that are not tests, such as the benchmark harness.
func NewSchema(ctx context.Context, dbURL, prefix string) (schemaURL string, drop func() error, err error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", nil, fmt.Errorf("the PostgreSQL URL does not parse")
	}
	name := randomName(prefix)
	drop, err = create(ctx, dbURL, `CREATE SCHEMA `+name, `DROP SCHEMA `+name+` CASCADE`)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// create runs createSQL on dbURL and returns the function that runs
// dropSQL and closes the connection pool.
func create(ctx context.Context, dbURL, createSQL, dropSQL string) (func() error, error) {
	admin, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := admin.ExecContext(ctx, createSQL); err != nil {
		admin.Close()
		return nil, fmt.Errorf("%s: %w", createSQL, err)
	}
	return func() error {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		if _, err := admin.ExecContext(ctx, dropSQL); err != nil {
			return fmt.Errorf("%s: %w", dropSQL, err)
		}
		return nil
	}, nil
}

// base returns FOS_TEST_POSTGRES_URL, skipping tb when it is not set.
func base(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		tb.Skip(EnvURL + " not set")
	}
	return u
}

// cleanup runs drop when tb ends, reporting a failure to drop.
func cleanup(tb testing.TB, drop func() error) {
	tb.Cleanup(func() {
		if err := drop(); err != nil {
			tb.Errorf("testdb: %v", err)
		}
	})
}

// randomName is prefix followed by 12 random hex digits: a name unique
// enough for concurrent tests and runs on one server.
func randomName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}
