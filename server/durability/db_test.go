package durability

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/store"
)

// database is one test's own database, named by the URL fos-server takes.
type database struct {
	engine store.Engine
	url    string
}

// sqliteDB is a fresh SQLite file in the test's temporary directory.
func sqliteDB(t *testing.T) database {
	return database{engine: store.SQLite, url: "sqlite:" + filepath.Join(t.TempDir(), "fos.db")}
}

// postgresDB creates a database with a random name on the server of
// FOS_TEST_POSTGRES_URL, and drops it when the test ends. Without the
// variable the test is skipped, and reported as such.
func postgresDB(t *testing.T) database {
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
	name := "fos_durability_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// FORCE ends the connections of servers killed a moment ago.
		if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
	u.Path = "/" + name
	return database{engine: store.Postgres, url: u.String()}
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
