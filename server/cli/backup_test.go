package cli_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupRestoreCommands checks the commands as cron and an operator
// meet them: exit 0 with the report for a checked copy, 1 with the reason
// for a refusal, 2 for a bad command line.
func TestBackupRestoreCommands(t *testing.T) {
	url := db(t)
	if code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma)); code != 0 {
		t.Fatal(stderr)
	}
	dir := t.TempDir()
	copyFile := filepath.Join(dir, "copy.db")
	code, stdout, stderr := run(t, "", "backup", "--db", url, "--out", copyFile)
	if code != 0 || !strings.Contains(stdout, "integrity_check: ok") || !strings.Contains(stdout, "rows members") {
		t.Fatalf("backup: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "rows members                  1\n") {
		t.Errorf("backup's report does not count the one member:\n%s", stdout)
	}

	newer := filepath.Join(dir, "newer.db")
	if code, _, stderr := run(t, "", "backup", "--db", url, "--out", newer); code != 0 {
		t.Fatal(stderr)
	}
	raw, err := sql.Open("sqlite", "file:"+newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"backup without --out", []string{"backup", "--db", url}, 2, "usage: fos-server backup"},
		{"backup of PostgreSQL", []string{"backup", "--db", "postgres://fos@db/fos", "--out", copyFile}, 1, "pg_dump"},
		{"backup of a missing database", []string{"backup", "--db", "sqlite:" + filepath.Join(dir, "none.db"), "--out", copyFile}, 1, "no such file"},
		{"restore without --from", []string{"restore", "--db", url}, 2, "usage: fos-server restore"},
		{"restore of a newer schema", []string{"restore", "--db", url, "--from", newer}, 1, "newer than this fos-server"},
		{"restore of a member file", []string{"restore", "--db", url, "--from", csvFile(t, salma)}, 1, "not a readable SQLite database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.msg)
			}
		})
	}

	code, stdout, stderr = run(t, "", "restore", "--db", url, "--from", copyFile)
	if code != 0 || !strings.Contains(stdout, "kept as") {
		t.Fatalf("restore: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := count(t, open(t, url), `SELECT COUNT(*) FROM members`); got != 1 {
		t.Errorf("%d members after the restore, want 1", got)
	}
}
