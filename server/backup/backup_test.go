package backup_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/backup"
	"github.com/fos-mobile/fos/server/store"
)

// live opens a migrated SQLite store in a temporary directory, with one
// agent row, and returns it with its file.
func live(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fos.db")
	s, err := store.Open(context.Background(), "sqlite:"+path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.UpsertAgent(context.Background(), "agent@fos.finances.gov.ma", "Agent", "hash"); err != nil {
		t.Fatal(err)
	}
	return s, path
}

func TestBackupOfAnOpenDatabase(t *testing.T) {
	ctx := context.Background()
	_, path := live(t)
	out := filepath.Join(t.TempDir(), "copy.db")
	rep, err := backup.Backup(ctx, path, out)
	if err != nil {
		t.Fatal(err)
	}
	known, _ := store.MigrationVersions(store.SQLite)
	if got, want := rep.Version, known[len(known)-1]; got != want {
		t.Errorf("version %d, want %d", got, want)
	}
	if got := rep.Rows("agents"); got != 1 {
		t.Errorf("agents: %d rows, want 1", got)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("copy: %v, mode %v; want 0600", err, info.Mode())
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".copy.db.tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestBackupRefusals(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")
	os.WriteFile(out, []byte("the previous backup"), 0o600)
	if _, err := backup.Backup(ctx, filepath.Join(dir, "missing.db"), out); err == nil {
		t.Fatal("a missing database was backed up")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Error("backup created the missing database")
	}
	if b, _ := os.ReadFile(out); string(b) != "the previous backup" {
		t.Error("a failed backup touched the previous copy")
	}
	_, db := live(t)
	link := filepath.Join(dir, "link.db")
	os.Symlink(db, link)
	for _, same := range []string{db, db + "-wal", link} {
		if _, err := backup.Backup(ctx, db, same); err == nil || !strings.Contains(err.Error(), "database's own file") {
			t.Errorf("backup onto %s: %v", same, err)
		}
		if _, _, err := backup.Restore(ctx, same, db, time.Now()); err == nil || !strings.Contains(err.Error(), "database's own file") {
			t.Errorf("restore from %s: %v", same, err)
		}
	}
	if rep, err := backup.Check(ctx, db); err != nil || rep.Rows("agents") != 1 {
		t.Errorf("the database after the refusals: %v", err)
	}
	for _, u := range []string{"postgres://fos@db/fos", "sqlite:", "sqlite::memory:", "mysql://x"} {
		if _, err := backup.SQLitePath(u); err == nil {
			t.Errorf("SQLitePath(%q) accepted", u)
		}
	}
}

func TestCheckRefuses(t *testing.T) {
	ctx := context.Background()
	_, path := live(t)
	good := filepath.Join(t.TempDir(), "good.db")
	if _, err := backup.Backup(ctx, path, good); err != nil {
		t.Fatal(err)
	}
	variant := func(name string, edit func(db *sql.DB) error) string {
		p := filepath.Join(t.TempDir(), name)
		b, _ := os.ReadFile(good)
		os.WriteFile(p, b, 0o600)
		db, err := sql.Open("sqlite", "file:"+p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := edit(db); err != nil {
			t.Fatal(err)
		}
		return p
	}
	notSQLite := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notSQLite, []byte(strings.Repeat("not a database\n", 200)), 0o600)
	half := filepath.Join(t.TempDir(), "half.db")
	b, _ := os.ReadFile(good)
	os.WriteFile(half, b[:len(b)/2], 0o600)
	for _, tc := range []struct {
		name, path, want string
	}{
		{"not SQLite", notSQLite, "not a readable SQLite database"},
		{"cut in half", half, "SQLite"},
		{"another application's database", variant("other.db", func(db *sql.DB) error {
			_, err := db.Exec(`DROP TABLE goose_db_version`)
			return err
		}), "not a FOS database"},
		{"newer fos-server", variant("newer.db", func(db *sql.DB) error {
			_, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`)
			return err
		}), "newer than this fos-server"},
		{"unknown version", variant("unknown.db", func(db *sql.DB) error {
			_, err := db.Exec(`DELETE FROM goose_db_version WHERE version_id > 5;
				INSERT INTO goose_db_version (version_id, is_applied) VALUES (6, 1)`)
			return err
		}), "not one of this fos-server's migrations"},
		{"missing file", filepath.Join(t.TempDir(), "none.db"), "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := backup.Check(ctx, tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check: %v; want an error with %q", err, tc.want)
			}
		})
	}
}

func TestRestore(t *testing.T) {
	ctx := context.Background()
	s, path := live(t)
	copyFile := filepath.Join(t.TempDir(), "copy.db")
	if _, err := backup.Backup(ctx, path, copyFile); err != nil {
		t.Fatal(err)
	}
	// A change after the backup, which the restore must undo.
	if _, err := s.UpsertAgent(ctx, "later@fos.finances.gov.ma", "Later", "hash"); err != nil {
		t.Fatal(err)
	}
	// In this process the lock probe cannot see the store's own locks
	// (POSIX locks are per process); the exclusive open behind it refuses.
	// The binary's test (server/durability) proves the probe across processes.
	if _, _, err := backup.Restore(ctx, copyFile, path, time.Now()); !errors.Is(err, backup.ErrInUse) {
		t.Fatalf("restore over an open database: %v, want ErrInUse", err)
	}
	s.Close()
	now := time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC)
	rep, kept, err := backup.Restore(ctx, copyFile, path, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := path + ".before-restore-20261206T230000Z"; kept != want {
		t.Errorf("kept %q, want %q", kept, want)
	}
	if got := rep.Rows("agents"); got != 1 {
		t.Errorf("restored agents: %d, want 1", got)
	}
	old, err := backup.Check(ctx, kept)
	if err != nil || old.Rows("agents") != 2 {
		t.Fatalf("the replaced database, kept: %v, %d agents; want 2 (its WAL folded in)", err, old.Rows("agents"))
	}
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s is left beside the restored database", f)
		}
	}
	s2, err := store.Open(ctx, "sqlite:"+path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.AgentByEmail(ctx, "later@fos.finances.gov.ma"); err == nil {
		t.Error("the agent added after the backup is still there")
	}
	if _, err := s2.AgentByEmail(ctx, "agent@fos.finances.gov.ma"); err != nil {
		t.Errorf("the backed-up agent: %v", err)
	}
}

func TestRestoreOnANewMachine(t *testing.T) {
	ctx := context.Background()
	_, path := live(t)
	copyFile := filepath.Join(t.TempDir(), "copy.db")
	if _, err := backup.Backup(ctx, path, copyFile); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "fos.db")
	rep, kept, err := backup.Restore(ctx, copyFile, dst, time.Now())
	if err != nil || kept != "" || rep.Rows("agents") != 1 {
		t.Fatalf("restore where no database was: %v, kept %q, %d agents", err, kept, rep.Rows("agents"))
	}
}

func TestRestoreRefusesABadFileAndKeepsTheDatabase(t *testing.T) {
	ctx := context.Background()
	s, path := live(t)
	s.Close()
	bad := filepath.Join(t.TempDir(), "bad.db")
	os.WriteFile(bad, []byte("garbage"), 0o600)
	if _, _, err := backup.Restore(ctx, bad, path, time.Now()); err == nil {
		t.Fatal("a bad file was restored")
	}
	if rep, err := backup.Check(ctx, path); err != nil || rep.Rows("agents") != 1 {
		t.Fatalf("the database after a refused restore: %v", err)
	}
	if left, _ := filepath.Glob(path + ".before-restore-*"); len(left) > 0 {
		t.Errorf("a refused restore moved the database: %v", left)
	}
}
