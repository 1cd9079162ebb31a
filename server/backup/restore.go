package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// ErrInUse is a database that a process (a running fos-server, a CLI
// command, an sqlite3 shell) has open.
var ErrInUse = errors.New("the database is in use: stop fos-server (and anything else that has it open) before restoring")

// Restore puts the checked copy from in place of the SQLite database at
// dst, which nothing may have open (ErrInUse otherwise). The database it
// replaces, if any, is kept beside it as dst.before-restore-TIME, with its
// WAL folded in; the returned string names it ("" when there was none).
// The restored copy may be of an older schema: the next serve migrates it.
func Restore(ctx context.Context, from, dst string, now time.Time) (Report, string, error) {
	if err := distinct(dst, from); err != nil {
		return Report{}, "", err
	}
	if _, err := Check(ctx, from); err != nil {
		return Report{}, "", err
	}
	kept := ""
	if _, err := os.Stat(dst); err == nil {
		if err := checkpointAlone(ctx, dst); err != nil {
			return Report{}, "", err
		}
		kept = dst + ".before-restore-" + now.UTC().Format("20060102T150405Z")
		if err := os.Rename(dst, kept); err != nil {
			return Report{}, "", err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return Report{}, "", err
	}
	src, err := openSQLite(from, "ro")
	if err != nil {
		return Report{}, kept, err
	}
	defer src.Close()
	rep, err := vacuumInto(ctx, src, dst)
	if err != nil && kept != "" {
		if rerr := os.Rename(kept, dst); rerr == nil {
			kept = ""
		}
	}
	return rep, kept, err
}

// checkpointAlone proves that nothing has the database at path open, then
// folds its WAL into the file and removes the WAL and shared-memory files,
// so that the file stands alone and may be moved.
//
// How it knows. Every SQLite connection to a WAL database holds a shared
// POSIX lock on the "dead man switch" byte of its -shm file for as long as
// it is open, idle or not (SQLite's unix VFS: UNIX_SHM_DMS, byte 128); no
// other lock lasts while a connection sleeps. F_GETLK asks the kernel
// whether an exclusive lock on that byte would conflict, without taking
// one. Then, opening the database with locking_mode=EXCLUSIVE makes this
// process the only one that can open it until it closes.
func checkpointAlone(ctx context.Context, path string) error {
	if err := probeShm(path + "-shm"); err != nil {
		return err
	}
	db, err := openSQLite(path, "rw")
	if err != nil {
		return err
	}
	defer db.Close()
	// The probe found no one: a lock met now is a process that opened the
	// database since, and waiting for it would not help.
	if _, err := db.ExecContext(ctx, `PRAGMA busy_timeout = 1000`); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `PRAGMA locking_mode = EXCLUSIVE`); err != nil {
		return err
	}
	var busy, logPages, done int
	if err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil {
		return fmt.Errorf("%w (%v)", ErrInUse, err)
	}
	if busy != 0 {
		return ErrInUse
	}
	// Leaving WAL mode deletes the -wal and -shm files; the next serve
	// turns WAL back on.
	if _, err := db.ExecContext(ctx, `PRAGMA journal_mode = DELETE`); err != nil {
		return fmt.Errorf("%w (%v)", ErrInUse, err)
	}
	return db.Close()
}

// shmDMS is the byte of the -shm file every connection holds a shared
// lock on while open.
const shmDMS = 128

// probeShm returns ErrInUse when another process holds a lock on the DMS
// byte of the -shm file at path; a missing -shm file means no connection.
func probeShm(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: shmDMS, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return fmt.Errorf("lock probe on %s: %w", path, err)
	}
	if lk.Type != syscall.F_UNLCK {
		return fmt.Errorf("%w (process %d)", ErrInUse, lk.Pid)
	}
	return nil
}
