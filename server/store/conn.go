package store

import (
	"context"
	"database/sql"
)

// How the store's hot paths reach the database.
//
// Prepared statements. On SQLite, parsing and planning a statement costs
// more than running the indexed lookups the API makes, so the constant
// queries of the hot paths (session lookup, lists) are prepared once and
// reused: database/sql keeps one prepared copy per pooled connection.
// PostgreSQL needs none of this: pgx already caches a prepared statement per
// connection for every query text (its default exec mode), and re-prepares
// it by itself after a schema change, which a *sql.Stmt would not.
//
// One writer. SQLite lets one write transaction run at a time; a second
// writer waits in busy_timeout, whose handler sleeps in growing steps (up to
// 100 ms), so under concurrent creates most of a request's latency was
// sleep. The store therefore queues its own writers on a channel before
// they touch the database: they run one after the other with no sleep, and
// a waiting writer still gives up when its request is cancelled. Readers
// never take the queue (WAL lets them run beside the writer). busy_timeout
// stays as the backstop for writers outside this Store: another process on
// the same file (the CLI, an import) or raw access through DB().
// PostgreSQL has no such limit, and several replicas share it, so its
// writers are not queued.
//
// Uncancellable hot reads. A statement run under a cancellable context
// (every HTTP request's) starts two watcher goroutines on SQLite, one in
// database/sql and one in the driver, and installs a progress handler: on
// the session lookup and the list that cost more than the indexed lookups
// themselves. The reads that go through query and queryRow are bounded
// (primary key or indexed member lookups, lists capped by LIMIT) and finish
// in tens of microseconds on a local file, so on SQLite they run detached
// from cancellation: a client that hangs up lets them finish, which costs
// less than watching for it. On PostgreSQL the network is in between, so
// every statement keeps its request's cancellation.

// stmt returns the prepared statement for the constant query text q on
// SQLite, or nil (PostgreSQL, or the preparation failed: the caller then
// runs q unprepared and reports the same error). q must be a constant: the
// cache is keyed by the text and never shrinks.
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

// query runs the read-only, bounded, constant query q outside any
// transaction.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := s.stmt(ctx, q); st != nil {
		ctx = context.WithoutCancel(ctx)
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, q, args...)
}

// queryRow is query for one row.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := s.stmt(ctx, q); st != nil {
		ctx = context.WithoutCancel(ctx)
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, q, args...)
}

// exec runs the single write statement q (a constant) outside any
// transaction, after the writers queued before it on SQLite.
func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	release, err := s.acquireWriter(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	if st := s.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return s.db.ExecContext(ctx, q, args...)
}

// acquireWriter waits for this process's turn to write on SQLite, or for
// ctx to end. It never waits on PostgreSQL. Call the returned release
// exactly once. A writer must not acquire again before releasing: tx
// callbacks write through their *sql.Tx only.
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

// reader is the store as a queryer outside any transaction, with SQLite's
// prepared statements, for helpers shared with transactions. Its queries
// must be constant texts (see stmt).
type reader struct{ s *Store }

func (r reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.s.query(ctx, q, args...)
}

func (r reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return r.s.queryRow(ctx, q, args...)
}

// execer runs a write statement: a *sql.Tx or a txConn.
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// txConn is a write transaction with SQLite's prepared statements, for the
// hot write path (creates). Its queries must be constant texts (see stmt).
type txConn struct {
	s  *Store
	tx *sql.Tx
}

func (t txConn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.s.stmt(ctx, q); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t txConn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.s.stmt(ctx, q); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

func (t txConn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.s.stmt(ctx, q); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}
