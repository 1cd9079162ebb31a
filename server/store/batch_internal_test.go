package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

func sessionUnit(hash string, fail error) unit {
	return unit{ctx: context.Background(), done: make(chan error, 1), fn: func(ctx context.Context, c conn) error {
		if _, err := c.ExecContext(ctx, `INSERT INTO sessions (token_hash, role, subject_id, created_at, last_seen_at, expires_at)
			VALUES ($1, 'member', 1, 0, 0, 0)`, []byte(hash)); err != nil {
			return err
		}
		return fail
	}}
}

func sessionHashes(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	rows, err := s.db.Query(`SELECT token_hash FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var h []byte
		if err := rows.Scan(&h); err != nil {
			t.Fatal(err)
		}
		got[string(h)] = true
	}
	return got
}

// One shared transaction: a unit that fails is rolled back to its
// savepoint and answers its own error; the others commit.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	s := openSQLite(t)
	boom := errors.New("domain refusal")
	units := []unit{
		sessionUnit("a", nil),
		sessionUnit("b", boom), // writes, then refuses: its write is undone
		sessionUnit("a", nil),  // duplicate of a: a unique violation of its own
		sessionUnit("c", nil),
	}
	s.commitUnits(units)
	var got []error
	for _, u := range units {
		got = append(got, <-u.done)
	}
	if got[0] != nil || !errors.Is(got[1], boom) || !isUniqueViolation(got[2]) || got[3] != nil {
		t.Fatalf("answers = %v; want nil, the refusal, a unique violation, nil", got)
	}
	if h := sessionHashes(t, s); len(h) != 2 || !h["a"] || !h["c"] {
		t.Fatalf("stored %v, want a and c only", h)
	}
}

// A unit that breaks the shared transaction (here it ends it) makes the
// committer roll everything back and run each unit alone: the others still
// commit, once each.
func TestGroupCommitFallsBackToOneTransactionEach(t *testing.T) {
	s := openSQLite(t)
	breaker := unit{ctx: context.Background(), done: make(chan error, 1), fn: func(ctx context.Context, c conn) error {
		_, err := c.ExecContext(ctx, `ROLLBACK`)
		return err
	}}
	units := []unit{sessionUnit("x", nil), breaker, sessionUnit("y", nil)}
	s.commitUnits(units)
	if err := <-units[0].done; err != nil {
		t.Errorf("first unit: %v", err)
	}
	if err := <-units[1].done; err == nil {
		t.Errorf("the unit that ended the transaction reported success")
	}
	if err := <-units[2].done; err != nil {
		t.Errorf("third unit: %v", err)
	}
	if h := sessionHashes(t, s); len(h) != 2 || !h["x"] || !h["y"] {
		t.Fatalf("stored %v, want x and y", h)
	}
}

// Concurrent callers are served in fewer transactions than callers while
// the writer is busy, and every one of them is answered after its commit.
func TestGroupCommitBatchesWaitingCallers(t *testing.T) {
	s := openSQLite(t)
	release, err := s.acquireWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.batch(context.Background(), sessionUnit(fmt.Sprintf("k%d", i), nil).fn)
		}()
	}
	// While the writer is held, the committer holds at most one batch and
	// the rest wait in the queue: nothing is committed, nothing answered.
	deadline := time.Now().Add(10 * time.Second)
	for len(s.units) < n/2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if len(errs) != 0 || len(sessionHashes(t, s)) != 0 {
		t.Fatalf("answered %d, stored %d before any commit", len(errs), len(sessionHashes(t, s)))
	}
	release()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := len(sessionHashes(t, s)); got != n {
		t.Fatalf("stored %d, want %d", got, n)
	}
	if c := s.commits.Load(); c < 1 || c >= n/2 {
		t.Fatalf("%d callers took %d commits, want them grouped into a few", n, c)
	}
	t.Logf("%d callers, %d commits", n, s.commits.Load())
}

// A caller whose request ends while it waits in the queue is not run, and
// Close answers whatever is still queued.
func TestGroupCommitCancelledWhileQueued(t *testing.T) {
	s := openSQLite(t)
	release, err := s.acquireWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.batch(ctx, sessionUnit("late", nil).fn) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	release()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled while queued: %v, want context.Canceled", err)
	}
	if h := sessionHashes(t, s); h["late"] {
		t.Fatal("a cancelled unit was committed")
	}
	s.Close()
	if err := s.batch(context.Background(), sessionUnit("after", nil).fn); !errors.Is(err, errClosed) {
		t.Fatalf("batch after Close: %v, want errClosed", err)
	}
}

// The settings durability and group commit rely on hold on every pooled
// connection: WAL, a full fsync at each commit, sub-journals in memory.
func TestSQLiteSettings(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	for _, tc := range []struct {
		pragma, want string
	}{{"journal_mode", "wal"}, {"synchronous", "2"}, {"temp_store", "2"}, {"foreign_keys", "1"}} {
		var got string
		if err := s.db.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
		}
	}
}

// A unit that panics answers an error; the committer lives on and the
// others commit.
func TestGroupCommitSurvivesAPanic(t *testing.T) {
	s := openSQLite(t)
	bad := unit{ctx: context.Background(), done: make(chan error, 1), fn: func(context.Context, conn) error { panic("boom") }}
	units := []unit{sessionUnit("p1", nil), bad, sessionUnit("p2", nil)}
	s.commitUnits(units)
	if err := <-units[1].done; err == nil {
		t.Fatal("a panicking unit reported success")
	}
	for _, i := range []int{0, 2} {
		if err := <-units[i].done; err != nil {
			t.Fatalf("unit %d: %v", i, err)
		}
	}
	if err := s.batch(context.Background(), sessionUnit("p3", nil).fn); err != nil {
		t.Fatalf("after a panic: %v", err)
	}
	if h := sessionHashes(t, s); len(h) != 3 {
		t.Fatalf("stored %v, want p1, p2, p3", h)
	}
}
