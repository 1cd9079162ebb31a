package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
)

// Group commit. On SQLite every commit waits for an fsync of the WAL, and
// writers run one at a time, so a create's latency was mostly that fsync
// and creates per second were bounded by fsyncs per second. batch instead
// hands its work to one committer goroutine, which takes every unit of
// work waiting in the queue (up to maxBatch), runs each under a SAVEPOINT
// of one shared transaction, commits once, and only then answers each:
// one fsync for the lot, and every success is durable before it is
// answered. A unit that fails is rolled back to its savepoint and answers
// its own error; the others are unaffected. If the shared transaction
// itself fails (begin, a savepoint, the commit), nothing of it was
// committed, and each unit is run again alone in a transaction of its own,
// so a bad batch costs time, never a wrong answer.
//
// Units run on the committer's goroutine with their context detached from
// cancellation: on SQLite a cancelled statement interrupts the connection,
// which may roll back the whole shared transaction. A unit whose request
// ended while it waited in the queue is not run and answers the context's
// error. Units must be safe to run twice (see above) and must only use
// the conn they are given.

// maxBatch bounds the units of one shared transaction.
const maxBatch = 128

// unit is one piece of work for the committer.
type unit struct {
	ctx  context.Context
	fn   func(context.Context, conn) error
	done chan error
}

// batch runs fn in a write transaction, shared with other units on
// SQLite (group commit), and returns once the transaction has committed
// (nil) or fn's work was rolled back (fn's error, or the commit's).
func (s *Store) batch(ctx context.Context, fn func(context.Context, conn) error) error {
	if s.units == nil {
		return s.tx(ctx, func(tx *sql.Tx) error { return fn(ctx, s.in(tx)) })
	}
	u := unit{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.units <- u:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.closing:
		return errClosed
	}
	// Once queued, wait for the answer even if ctx ends: the unit may
	// already be part of a commit. A committer that stopped answered every
	// unit it took.
	select {
	case err := <-u.done:
		return err
	case <-s.committerDone:
		select {
		case err := <-u.done:
			return err
		default:
			return errClosed
		}
	}
}

var errClosed = errors.New("store: closed")

// commitLoop is the committer (SQLite only). It stops when s.closing is
// closed, after answering what it took.
func (s *Store) commitLoop() {
	defer close(s.committerDone)
	for {
		var first unit
		select {
		case first = <-s.units:
		case <-s.closing:
			// Answer anything queued before Close.
			for {
				select {
				case u := <-s.units:
					u.done <- errClosed
				default:
					return
				}
			}
		}
		units := []unit{first}
	drain:
		for len(units) < maxBatch {
			select {
			case u := <-s.units:
				units = append(units, u)
			default:
				break drain
			}
		}
		s.commitUnits(units)
	}
}

// commitUnits runs units in one transaction and answers each.
func (s *Store) commitUnits(units []unit) {
	release, _ := s.acquireWriter(context.Background())
	results, err := s.shared(units)
	release()
	if err != nil {
		// Nothing was committed: each unit runs again on its own.
		for _, u := range units {
			if err := u.ctx.Err(); err != nil {
				u.done <- err
				continue
			}
			u.done <- s.tx(context.WithoutCancel(u.ctx), func(tx *sql.Tx) error { return runUnit(u, s.in(tx)) })
		}
		return
	}
	for i, u := range units {
		u.done <- results[i]
	}
}

// shared runs units under savepoints of one transaction and commits it.
// It returns each unit's own error, or an error of the transaction itself
// (then everything was rolled back).
func (s *Store) shared(units []unit) ([]error, error) {
	bg := context.Background()
	tx, err := s.db.BeginTx(bg, nil)
	if err != nil {
		return nil, err
	}
	c := s.in(tx)
	results := make([]error, len(units))
	for i, u := range units {
		if err := u.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := c.ExecContext(bg, `SAVEPOINT unit`); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("savepoint: %w", err)
		}
		if results[i] = runUnit(u, c); results[i] != nil {
			if _, err := c.ExecContext(bg, `ROLLBACK TO unit`); err != nil {
				tx.Rollback()
				return nil, fmt.Errorf("rollback to savepoint: %w", err)
			}
		}
		if _, err := c.ExecContext(bg, `RELEASE unit`); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("release savepoint: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	s.commits.Add(1)
	return results, nil
}

// runUnit runs u's work on c, detached from its request's cancellation. A
// panic becomes the unit's error: on the committer's goroutine it would
// otherwise end the process, not one request.
func runUnit(u unit, c conn) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic in a group-committed unit: %v\n%s", v, debug.Stack())
		}
	}()
	return u.fn(context.WithoutCancel(u.ctx), c)
}
