package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func openSQLite(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "fos.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// A writer queued behind another gives up when its request ends, instead
// of waiting for the database.
func TestWriterQueueHonoursContext(t *testing.T) {
	s := openSQLite(t)
	release, err := s.acquireWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.RevokeSession(ctx, []byte("h")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("write while another holds the queue: got %v, want deadline exceeded", err)
	}
	release()
	if err := s.RevokeSession(context.Background(), []byte("h")); err != nil {
		t.Fatalf("write after release: %v", err)
	}
}

// Concurrent writers through the queue all succeed and none is lost.
func TestWriterQueueConcurrentWrites(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	const n = 64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := []byte{byte(i)}
			if err := s.CreateSession(ctx, key, "member", int64(i), s.now().Add(time.Hour)); err != nil {
				errs <- err
				return
			}
			errs <- s.TouchSession(ctx, key)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var got int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM sessions`).Scan(&got); err != nil || got != n {
		t.Fatalf("sessions: got %d (%v), want %d", got, err, n)
	}
}

// The statement cache holds one prepared statement per query text and is
// emptied by Close.
func TestStmtCache(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	for range 3 {
		if _, err := s.SessionByHash(ctx, []byte("none")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown session: got %v, want ErrNotFound", err)
		}
	}
	n := 0
	s.stmts.Range(func(_, _ any) bool { n++; return true })
	if n != 1 {
		t.Fatalf("prepared statements after three identical lookups: got %d, want 1", n)
	}
	s.closeStmts()
	n = 0
	s.stmts.Range(func(_, _ any) bool { n++; return true })
	if n != 0 {
		t.Fatalf("prepared statements after closeStmts: got %d, want 0", n)
	}
}

// TestOneWayToTheDatabase holds conn.go's rule: outside the files it
// names, no code reaches s.db itself.
func TestOneWayToTheDatabase(t *testing.T) {
	allowed := map[string]bool{"conn.go": true, "store.go": true, "batch.go": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if allowed[f] || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, ".db.") {
				t.Errorf("%s:%d reaches s.db directly (see conn.go): %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
