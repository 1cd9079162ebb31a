package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Throttle is the failure count behind one rate-limit key, such as
// "login:id:<identifier>" or "login:ip:<address>". It lives in the database
// so that every replica counts the same attempts.
type Throttle struct {
	Failures    int
	LastFailure time.Time
	LockedUntil time.Time
}

// ThrottleGet returns the state of key; a key never seen is the zero value.
func (s *Store) ThrottleGet(ctx context.Context, key string) (Throttle, error) {
	var t Throttle
	var last, locked int64
	err := s.queryRow(ctx, `SELECT failures, last_failure, locked_until FROM throttle WHERE key = $1`, key).
		Scan(&t.Failures, &last, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return Throttle{}, nil
	}
	if err != nil {
		return t, err
	}
	t.LastFailure, t.LockedUntil = fromMS(last), fromMS(locked)
	return t, nil
}

// ThrottleFail counts one failure against key in a single atomic statement.
// A count whose last failure and lock both ended more than forgetAfter ago
// starts again from one; the window runs from the end of the lock, or a
// lock longer than the window would hand out fresh tries. Once the count
// reaches limit, the key is locked for base·2^(count-limit), at most max.
// It returns the new state.
func (s *Store) ThrottleFail(ctx context.Context, key string, limit int, forgetAfter, base, max time.Duration) (Throttle, error) {
	now := s.now()
	var t Throttle
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var failures int
		err := tx.QueryRowContext(ctx, `INSERT INTO throttle (key, failures, last_failure, locked_until) VALUES ($1, 1, $2, 0)
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN throttle.last_failure < $3 AND throttle.locked_until < $3 THEN 1 ELSE throttle.failures + 1 END,
				last_failure = excluded.last_failure
			RETURNING failures`, key, ms(now), ms(now.Add(-forgetAfter))).Scan(&failures)
		if err != nil {
			return err
		}
		t = Throttle{Failures: failures, LastFailure: now}
		return lockIfReached(ctx, tx, key, &t, limit, base, max, now)
	})
	return t, err
}

// lockIfReached locks key once t's count has reached limit, for
// base·2^(count-limit), at most max, and records the lock in t.
func lockIfReached(ctx context.Context, tx *sql.Tx, key string, t *Throttle, limit int, base, max time.Duration, now time.Time) error {
	if t.Failures < limit {
		return nil
	}
	t.LockedUntil = now.Add(lockFor(t.Failures-limit, base, max))
	_, err := tx.ExecContext(ctx, `UPDATE throttle SET locked_until = $1 WHERE key = $2`, ms(t.LockedUntil), key)
	return err
}

// lockFor is base doubled n times, capped at max.
func lockFor(n int, base, max time.Duration) time.Duration {
	d := base
	for i := 0; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return d
}

// ThrottleReset forgets the failures of key, after a success.
func (s *Store) ThrottleReset(ctx context.Context, key string) error {
	_, err := s.exec(ctx, `DELETE FROM throttle WHERE key = $1`, key)
	return err
}

// ThrottleTake reserves one attempt under key before the attempt's work is
// done, in one transaction: concurrent attempts are counted one after the
// other, so no more than limit of them get through before the lock. It
// returns allowed=false, and counts nothing, while key is locked. Otherwise
// the attempt counts as a failure (the caller refunds it on success with
// ThrottleReset or ThrottleRefund), and the attempt that reaches limit
// locks the key for base·2^(count-limit), at most max, as ThrottleFail does.
func (s *Store) ThrottleTake(ctx context.Context, key string, limit int, forgetAfter, base, max time.Duration) (Throttle, bool, error) {
	now := s.now()
	var t Throttle
	allowed := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var failures int
		var last, locked int64
		err := tx.QueryRowContext(ctx, `INSERT INTO throttle (key, failures, last_failure, locked_until) VALUES ($1, 1, $2, 0)
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE
					WHEN throttle.locked_until > $2 THEN throttle.failures
					WHEN throttle.last_failure < $3 AND throttle.locked_until < $3 THEN 1
					ELSE throttle.failures + 1 END,
				last_failure = CASE WHEN throttle.locked_until > $2 THEN throttle.last_failure ELSE excluded.last_failure END
			RETURNING failures, last_failure, locked_until`, key, ms(now), ms(now.Add(-forgetAfter))).Scan(&failures, &last, &locked)
		if err != nil {
			return err
		}
		t = Throttle{Failures: failures, LastFailure: fromMS(last), LockedUntil: fromMS(locked)}
		if t.LockedUntil.After(now) {
			return nil
		}
		allowed = true
		return lockIfReached(ctx, tx, key, &t, limit, base, max, now)
	})
	return t, allowed, err
}

// ThrottleRefund gives back one attempt that ThrottleTake reserved, after
// it succeeded, without forgetting the key's other failures. A lock that
// only this attempt set is lifted.
func (s *Store) ThrottleRefund(ctx context.Context, key string, limit int) error {
	_, err := s.exec(ctx, `UPDATE throttle SET failures = failures - 1,
			locked_until = CASE WHEN failures - 1 < $2 THEN 0 ELSE locked_until END
		WHERE key = $1 AND failures > 0`, key, limit)
	return err
}
