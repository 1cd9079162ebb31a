// Package backup copies a live SQLite database of fos-server and puts a
// copy back: Backup takes a consistent copy while the server runs and
// writes (VACUUM INTO, which reads one snapshot of the WAL database and so
// never blocks the writer), Check proves a file is a sound FOS database
// this build can serve, and Restore puts a checked copy in place of a
// database that nothing has open. Each writes through a temporary file in
// the destination's directory, synced and renamed, so that a crash leaves
// either the old file or the new one, never half of one.
//
// PostgreSQL is backed up with its own tools (pg_dump, pg_restore,
// point-in-time recovery): see the README's "Backups".
package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/fos-mobile/fos/server/store"
)

// Report describes a checked copy.
type Report struct {
	// Path is the file checked.
	Path string
	// Version is its goose schema version.
	Version int64
	// Size is its size in bytes.
	Size int64
	// Tables holds the row count of each table, in name order.
	Tables []TableCount
}

// TableCount is one table's number of rows.
type TableCount struct {
	Name string
	Rows int64
}

// Rows returns the row count of table name, or -1 when it has none.
func (r Report) Rows(name string) int64 {
	for _, t := range r.Tables {
		if t.Name == name {
			return t.Rows
		}
	}
	return -1
}

// SQLitePath returns the file of a "sqlite:PATH" database URL, or an error
// for any other URL.
func SQLitePath(dbURL string) (string, error) {
	if strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://") {
		return "", errors.New("this is a PostgreSQL database: back it up with pg_dump and restore it with pg_restore (README, \"Backups\")")
	}
	path, ok := strings.CutPrefix(dbURL, "sqlite:")
	path = strings.TrimPrefix(path, "//")
	if !ok || path == "" || path == ":memory:" {
		return "", fmt.Errorf("want sqlite:PATH, not %q", store.RedactURL(dbURL))
	}
	return path, nil
}

// Backup copies the SQLite database at src into out, then checks the copy
// (Check) and returns its report. The database may be serving: the copy is
// one consistent snapshot, holding every transaction committed before
// Backup began. out is replaced only by a copy that passed the check.
func Backup(ctx context.Context, src, out string) (Report, error) {
	if _, err := os.Stat(src); err != nil {
		return Report{}, fmt.Errorf("database: %w", err)
	}
	if err := distinct(src, out); err != nil {
		return Report{}, err
	}
	// mode=rw: never create an empty database in place of a mistyped one.
	db, err := openSQLite(src, "rw")
	if err != nil {
		return Report{}, err
	}
	defer db.Close()
	return vacuumInto(ctx, db, out)
}

// vacuumInto writes db's snapshot to a temporary file beside out, checks
// it, and renames it to out.
func vacuumInto(ctx context.Context, db *sql.DB, out string) (Report, error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return Report{}, err
	}
	tmpPath := tmp.Name()
	tmp.Close() // VACUUM INTO writes into an empty file; CreateTemp made it 0600
	keep := false
	defer func() {
		if !keep {
			os.Remove(tmpPath)
		}
	}()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmpPath); err != nil {
		return Report{}, fmt.Errorf("copy: %w", err)
	}
	if err := syncFile(tmpPath); err != nil {
		return Report{}, err
	}
	rep, err := Check(ctx, tmpPath)
	if err != nil {
		return Report{}, fmt.Errorf("the copy failed its check, %s is unchanged: %w", out, err)
	}
	if err := os.Rename(tmpPath, out); err != nil {
		return Report{}, err
	}
	keep = true
	rep.Path = out
	return rep, syncDir(filepath.Dir(out))
}

// Check opens the SQLite file at path read-only and proves that it is a
// sound FOS database this build can serve: PRAGMA integrity_check passes,
// goose's version table names a version among this build's migrations
// (not a newer one), and every table can be counted.
func Check(ctx context.Context, path string) (Report, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Report{}, err
	}
	if !info.Mode().IsRegular() {
		return Report{}, fmt.Errorf("%s is not a regular file", path)
	}
	db, err := openSQLite(path, "ro")
	if err != nil {
		return Report{}, err
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&verdict); err != nil {
		return Report{}, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	if verdict != "ok" {
		return Report{}, fmt.Errorf("%s fails SQLite's integrity check: %s", path, verdict)
	}
	v, err := store.SchemaVersion(ctx, db)
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := store.CheckSchemaVersion(store.SQLite, v); err != nil {
		return Report{}, fmt.Errorf("%s: %w", path, err)
	}
	rep := Report{Path: path, Version: v, Size: info.Size()}
	if rep.Tables, err = countRows(ctx, db); err != nil {
		return Report{}, fmt.Errorf("%s: %w", path, err)
	}
	if rep.Rows("members") < 0 || rep.Rows("reimbursements") < 0 {
		return Report{}, fmt.Errorf("%s: %w", path, store.ErrNotFOS)
	}
	return rep, nil
}

// countRows counts the rows of every table but SQLite's and goose's own.
func countRows(ctx context.Context, db *sql.DB) ([]TableCount, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var out []TableCount
	for rows.Next() {
		var t TableCount
		if err := rows.Scan(&t.Name); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		// The names come from the file's own schema: quote them.
		q := `SELECT COUNT(*) FROM "` + strings.ReplaceAll(out[i].Name, `"`, `""`) + `"`
		if err := db.QueryRowContext(ctx, q).Scan(&out[i].Rows); err != nil {
			return nil, fmt.Errorf("count %s: %w", out[i].Name, err)
		}
	}
	return out, nil
}

// openSQLite opens path with modernc's driver in mode ro or rw (never
// creating it), waiting out a writer's lock for up to 10 s.
func openSQLite(path, mode string) (*sql.DB, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("%q: a database path with ? or # is not supported", path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode="+mode+"&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// distinct refuses a copy onto the database itself or its WAL and
// shared-memory files, by name or by inode.
func distinct(db, other string) error {
	a, errA := filepath.Abs(db)
	b, errB := filepath.Abs(other)
	if errA != nil || errB != nil {
		return errors.Join(errA, errB)
	}
	for _, f := range []string{a, a + "-wal", a + "-shm", a + "-journal"} {
		if f == b {
			return fmt.Errorf("%s is the database's own file: choose another", other)
		}
		fi, err1 := os.Stat(f)
		oi, err2 := os.Stat(b)
		if err1 == nil && err2 == nil && os.SameFile(fi, oi) {
			return fmt.Errorf("%s is the database's own file: choose another", other)
		}
	}
	return nil
}

// syncFile flushes path's content to stable storage.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a directory's entries, so that a rename survives a
// power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
