package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/fos-mobile/fos/server/backup"
)

// backupCmd is `fos-server backup --db sqlite:PATH --out FILE`: a checked
// copy of a SQLite database, taken while it serves. It prints the copy's
// schema version, size and row counts; for cron, it asks nothing, exits 0
// only when FILE holds a checked copy, and leaves FILE as it was otherwise.
func backupCmd(ctx context.Context, args []string, env Env) error {
	fs := flags("backup", env)
	db := dbFlag(fs)
	out := fs.String("out", "", "file to write the copy to (replaced atomically, mode 0600)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "usage: fos-server backup --db sqlite:PATH --out FILE")
		return errUsage
	}
	path, err := backup.SQLitePath(*db)
	if err != nil {
		return err
	}
	begin := time.Now()
	rep, err := backup.Backup(ctx, path, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup of %s written to %s in %v\n", path, rep.Path, time.Since(begin).Round(time.Millisecond))
	printReport(env.Stdout, rep)
	return nil
}

// restoreCmd is `fos-server restore --db sqlite:PATH --from FILE`, with the
// server stopped: it checks FILE, refuses while anything has the database
// open, keeps the database it replaces beside it, and puts FILE's content
// in its place.
func restoreCmd(ctx context.Context, args []string, env Env) error {
	fs := flags("restore", env)
	db := dbFlag(fs)
	from := fs.String("from", "", "backup file to restore (made by fos-server backup)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "usage: fos-server restore --db sqlite:PATH --from FILE   (with fos-server stopped)")
		return errUsage
	}
	path, err := backup.SQLitePath(*db)
	if err != nil {
		return err
	}
	rep, kept, err := backup.Restore(ctx, *from, path, time.Now())
	if errors.Is(err, backup.ErrInUse) {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s from %s\n", path, *from)
	if kept != "" {
		fmt.Fprintf(env.Stdout, "the database it replaced is kept as %s\n", kept)
	}
	printReport(env.Stdout, rep)
	return nil
}

// printReport writes a checked copy's figures, one fact a line.
func printReport(w io.Writer, rep backup.Report) {
	fmt.Fprintf(w, "integrity_check: ok\nschema version: %d\nsize: %d bytes\n", rep.Version, rep.Size)
	for _, t := range rep.Tables {
		fmt.Fprintf(w, "rows %-24s %d\n", t.Name, t.Rows)
	}
}
