package store

import (
	"context"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrateDownTo undoes the migrations after version, so that a test can
// store rows as an older server did and see the next Open migrate them.
func MigrateDownTo(ctx context.Context, s *Store, version int64) error {
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
	}
	dir, err := fs.Sub(migrations, "migrations/"+string(s.engine))
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, s.db, dir)
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}
