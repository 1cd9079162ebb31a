package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// MigrationVersions lists, in order, the goose versions this build knows
// for engine e: the numbers of its embedded migration files. A backup or a
// database is usable by this build when its schema version is one of them.
func MigrationVersions(e Engine) ([]int64, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+string(e))
	if err != nil {
		return nil, fmt.Errorf("migrations of %q: %w", e, err)
	}
	var out []int64
	for _, de := range entries {
		num, _, ok := strings.Cut(de.Name(), "_")
		if !ok || !strings.HasSuffix(de.Name(), ".sql") {
			continue
		}
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("migration file %q: %w", de.Name(), err)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return out, nil
}

// ErrNotFOS is a database without goose's version table: not one that
// fos-server made.
var ErrNotFOS = errors.New("not a FOS database: it has no goose_db_version table")

// SchemaVersion reads the highest migration version applied to the
// database behind db (goose's goose_db_version table), without migrating
// anything. It returns ErrNotFOS when the table is missing.
func SchemaVersion(ctx context.Context, db *sql.DB) (int64, error) {
	var v sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT MAX(version_id) FROM goose_db_version WHERE is_applied AND version_id > 0`).Scan(&v)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") || strings.Contains(err.Error(), "does not exist") {
			return 0, ErrNotFOS
		}
		return 0, fmt.Errorf("schema version: %w", err)
	}
	if !v.Valid {
		return 0, ErrNotFOS
	}
	return v.Int64, nil
}

// CheckSchemaVersion tells whether this build can serve a database at
// version v of engine e: an error names a version newer than this build
// (upgrade fos-server first) or one it never had.
func CheckSchemaVersion(e Engine, v int64) error {
	known, err := MigrationVersions(e)
	if err != nil {
		return err
	}
	if latest := known[len(known)-1]; v > latest {
		return fmt.Errorf("schema version %d is newer than this fos-server's (%d): use the fos-server that wrote it, or a later one", v, latest)
	}
	if !slices.Contains(known, v) {
		return fmt.Errorf("schema version %d is not one of this fos-server's migrations %v", v, known)
	}
	return nil
}
