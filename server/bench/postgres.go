package bench

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"time"
)

// isolate creates a schema of the run's own in the PostgreSQL database at
// dbURL and returns a URL whose connections use it (search_path), so a
// benchmark never touches the tables already there. drop removes the
// schema and everything in it.
func isolate(ctx context.Context, dbURL string) (string, func(), error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", nil, fmt.Errorf("the PostgreSQL URL does not parse")
	}
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("fos_bench_%d_%d", os.Getpid(), time.Now().Unix())
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		db.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`)
		db.Close()
	}
	return u.String(), drop, nil
}
