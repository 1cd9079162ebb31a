package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// How the store reaches the database: the one rule.
//
//   - Outside a transaction, through conn (s.query, s.queryRow and s.exec
//     are conn{s, nil}'s methods): reads of constant, bounded queries, and
//     single write statements.
//   - In a write transaction, through s.tx(ctx, func(tx *sql.Tx) error):
//     the callback uses its tx and nothing else. A callback on a hot path,
//     or one that calls a helper shared with the reads, wraps it as
//     s.in(tx), the same conn type bound to the transaction.
//   - Creates go through s.batch (batch.go): on SQLite, many of them share
//     one transaction and one fsync (group commit); on PostgreSQL it is
//     s.tx. Its callback gets a conn.
//   - Helpers shared by both sides take a queryer (a conn either way).
//   - Reads that conn must not take go through s.queryLong and
//     s.queryRowLong: a text built at run time (the queue's and the back
//     office's searches, the journal's filters), which would fill conn's
//     statement cache, or a read whose cost grows with the data (the
//     dashboard's and the payments' counts, exports), which must stop when
//     its request does. They are neither prepared nor detached from their
//     request's cancellation.
//   - s.db itself is touched only by conn, by queryLong and queryRowLong,
//     by the transaction helpers (s.tx in store.go, the committer in
//     batch.go) and by store.go's lifecycle (open, migrate, ping, close,
//     DB() for tools and tests).
//
// Why conn. On SQLite, parsing and planning a statement costs more than
// running the indexed lookups the API makes, so conn prepares each
// constant query text once (database/sql keeps one prepared copy per
// pooled connection, and Tx.StmtContext reuses it inside a transaction).
// PostgreSQL needs none of this: pgx already caches a prepared statement
// per connection for every query text, and re-prepares it by itself after
// a schema change, which a *sql.Stmt would not. Query texts through conn
// must come from a finite set (constants, or constants joined): the cache
// is keyed by the text and never shrinks.
//
// One writer. SQLite lets one write transaction run at a time; a second
// writer waits in busy_timeout, whose handler sleeps in growing steps (up to
// 100 ms). The store therefore queues its own writers on a channel before
// they touch the database (acquireWriter): they run one after the other
// with no sleep, and a waiting writer still gives up when its request is
// cancelled. Readers never take the queue (WAL lets them run beside the
// writer). busy_timeout stays as the backstop for writers outside this
// Store: another process on the same file (the CLI, an import) or raw
// access through DB(). PostgreSQL has no such limit, and several replicas
// share it, so its writers are not queued.
//
// Uncancellable hot reads. A statement run under a cancellable context
// (every HTTP request's) starts two watcher goroutines on SQLite, one in
// database/sql and one in the driver, and installs a progress handler: on
// the session lookup and the list that cost more than the indexed lookups
// themselves. The reads that go through conn outside a transaction are
// bounded (primary key or indexed member lookups, lists capped by LIMIT,
// the few dozen agents) and finish in tens of microseconds on a local
// file, so on SQLite they run detached from cancellation: a client that
// hangs up lets them finish, which costs less than watching for it. On PostgreSQL the network is in
// between, so every statement keeps its request's cancellation.

// What is answered from memory. Two hot reads are not asked of the database
// on every request, each for a short, stated bound of the process's
// monotonic clock, so that replicas, the CLI and SQL on the same database
// still agree within it: a live session, for Options.SessionCacheTTL (2 s,
// sessioncache.go), and a member's list version, the list's ETag, for
// Options.ListVersionCacheTTL (1 s, versioncache.go). A change made through
// this Store takes effect here at once: a revocation forgets the sessions it
// ends, and every writer of reimbursements rows (create, Transition, Act,
// PayBatch, ExpireOverdue) forgets the versions of the members it touched
// once its transaction has ended. A new writer of those rows must do the
// same (TestListVersionCacheBoundAcrossStores tries each one). The server
// keys (ServerKey) are kept once read, without a bound: a key is made once
// and never changes. Everything else is read each time.

// queryer reads: a conn, or a *sql.Tx in a cold transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// execer runs a write statement: a conn or a *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// conn is the store's way to the database with SQLite's prepared
// statements: outside any transaction when tx is nil, else inside tx.
type conn struct {
	s  *Store
	tx *sql.Tx
}

// in is the conn of the transaction tx.
func (s *Store) in(tx *sql.Tx) conn { return conn{s, tx} }

// QueryContext runs a read.
func (c conn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st := c.s.stmt(ctx, q)
	switch {
	case st != nil && c.tx != nil:
		return c.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	case st != nil:
		return st.QueryContext(context.WithoutCancel(ctx), args...)
	case c.tx != nil:
		return c.tx.QueryContext(ctx, q, args...)
	}
	return c.s.db.QueryContext(ctx, q, args...)
}

// QueryRowContext runs a read of one row.
func (c conn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st := c.s.stmt(ctx, q)
	switch {
	case st != nil && c.tx != nil:
		return c.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	case st != nil:
		return st.QueryRowContext(context.WithoutCancel(ctx), args...)
	case c.tx != nil:
		return c.tx.QueryRowContext(ctx, q, args...)
	}
	return c.s.db.QueryRowContext(ctx, q, args...)
}

// ExecContext runs a write statement; outside a transaction, after the
// writers queued before it on SQLite.
func (c conn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if c.tx == nil {
		release, err := c.s.acquireWriter(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	st := c.s.stmt(ctx, q)
	switch {
	case st != nil && c.tx != nil:
		return c.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	case st != nil:
		return st.ExecContext(ctx, args...)
	case c.tx != nil:
		return c.tx.ExecContext(ctx, q, args...)
	}
	return c.s.db.ExecContext(ctx, q, args...)
}

// query runs the read-only, bounded, constant query q outside any
// transaction.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return conn{s, nil}.QueryContext(ctx, q, args...)
}

// queryRow is query for one row.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return conn{s, nil}.QueryRowContext(ctx, q, args...)
}

// exec runs the single write statement q (a constant) outside any
// transaction, after the writers queued before it on SQLite.
func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return conn{s, nil}.ExecContext(ctx, q, args...)
}

// queryLong runs a read outside any transaction, unprepared and under its
// request's cancellation: for a text built at run time, or a read whose
// cost grows with the data (see the rule above).
func (s *Store) queryLong(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, q, args...)
}

// queryRowLong is queryLong for one row.
func (s *Store) queryRowLong(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, q, args...)
}

// placeholders is "$1, $2, …, $n", for an IN list of n values. The query
// text depends on n: through conn, n must stay small and bounded.
func placeholders(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i))
	}
	return b.String()
}

// stmt returns the prepared statement for the constant query text q on
// SQLite, or nil (PostgreSQL, or the preparation failed: the caller then
// runs q unprepared and reports the same error).
func (s *Store) stmt(ctx context.Context, q string) *sql.Stmt {
	if s.engine != SQLite {
		return nil
	}
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt)
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if prev, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt)
	}
	return st
}

// acquireWriter waits for this process's turn to write on SQLite, or for
// ctx to end. It never waits on PostgreSQL. Call the returned release
// exactly once. A writer must not acquire again before releasing: tx
// callbacks write through their transaction only.
func (s *Store) acquireWriter(ctx context.Context) (release func(), err error) {
	if s.writer == nil {
		return func() {}, nil
	}
	select {
	case s.writer <- struct{}{}:
		return func() { <-s.writer }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// closeStmts releases the prepared statements before the pool closes.
func (s *Store) closeStmts() {
	s.stmts.Range(func(k, v any) bool {
		v.(*sql.Stmt).Close()
		s.stmts.Delete(k)
		return true
	})
}
