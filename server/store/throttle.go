package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"time"
)

// ThrottleRule is one rate-limit budget: the key it is counted under, such
// as "login:id:<identifier>", "login:acct:member:42" or "login:ip:<address>",
// and its rule. The counts live in the database, so that every replica
// counts the same attempts.
type ThrottleRule struct {
	Key string
	// Limit failures lock the key for Base; each further failure doubles
	// the lock, up to Max.
	Limit     int
	Base, Max time.Duration
	// Forget: a count whose last failure and lock both ended longer ago
	// than this starts again from zero. The window runs from the end of the
	// lock too, or a lock longer than the window would hand out fresh tries.
	Forget time.Duration
}

// ThrottleLock is a lock that one failure started.
type ThrottleLock struct {
	Key   string
	Until time.Time
}

// ThrottleResult is the answer to ThrottleTake and ThrottleCharge.
type ThrottleResult struct {
	Allowed bool
	// RetryAt is when to try again, when refused: the end of the longest
	// lock, or in a second when only attempts still in flight fill the
	// budget.
	RetryAt time.Time
	// Locked lists the locks this attempt started (ThrottleCharge only).
	Locked []ThrottleLock
}

// pendingTTL is how long a reservation holds: far longer than a password
// check takes, so that it only expires when its replica died mid-check.
const pendingTTL = time.Minute

// throttleRow is a key's stored state, times in unix milliseconds.
type throttleRow struct {
	failures                 int
	lastFailure, lockedUntil int64
	pending                  int
	pendingUntil             int64
}

// failuresAt is the count that still matters at now under r.
func (t throttleRow) failuresAt(r ThrottleRule, now time.Time) int {
	cut := ms(now.Add(-r.Forget))
	if t.lastFailure < cut && t.lockedUntil < cut {
		return 0
	}
	return t.failures
}

// pendingAt is the reservations still in flight at now.
func (t throttleRow) pendingAt(now time.Time) int {
	if t.pendingUntil <= ms(now) {
		return 0
	}
	return t.pending
}

// refusal is when r's key lets the next attempt through, or the zero time
// when it does now. Reserved attempts count against the limit, so that a
// burst sent at once gets no more checks than the limit; once the limit is
// reached and its lock ended, one attempt at a time goes through, and each
// failure doubles the lock.
func (t throttleRow) refusal(r ThrottleRule, now time.Time) time.Time {
	if lu := fromMS(t.lockedUntil); lu.After(now) {
		return lu
	}
	if p := t.pendingAt(now); p > 0 && t.failuresAt(r, now)+p >= r.Limit {
		return now.Add(time.Second)
	}
	return time.Time{}
}

// ThrottleTake reserves one attempt under every rule, or under none. A key
// that is locked, or whose budget is filled by attempts in flight, refuses
// the attempt: then nothing is written (the keys are first read outside
// any transaction, so a refused request costs one read). A reservation
// counts against the limit until ThrottleSettle counts it as a failure or
// gives it back, so a success never arms a lock nor moves the window.
func (s *Store) ThrottleTake(ctx context.Context, rules ...ThrottleRule) (ThrottleResult, error) {
	return s.throttleTake(ctx, false, nil, rules)
}

// ThrottleCharge is ThrottleTake for attempts that count whatever their
// outcome (a recovery code asked for, a code tried): each allowed attempt
// is a failure at once, and the one that reaches a limit locks its key.
func (s *Store) ThrottleCharge(ctx context.Context, rules ...ThrottleRule) (ThrottleResult, error) {
	return s.throttleTake(ctx, true, nil, rules)
}

// ThrottleChargeGuarded is ThrottleCharge of rules, also refused while any
// of guards refuses; guards are only read, never charged. It serves a
// budget that only some attempts may spend, found out after the answer (a
// recovery's code, sent only when the CIN matches): every attempt is told
// when that budget is spent, and none spends it by asking. Guards are read
// once, before the transaction: the budget they guard is enforced where it
// is charged.
func (s *Store) ThrottleChargeGuarded(ctx context.Context, guards []ThrottleRule, rules ...ThrottleRule) (ThrottleResult, error) {
	return s.throttleTake(ctx, true, guards, rules)
}

// errRefused rolls back a take that a concurrent attempt beat.
var errRefused = errors.New("throttle: refused")

func (s *Store) throttleTake(ctx context.Context, charge bool, guards, rules []ThrottleRule) (ThrottleResult, error) {
	now := s.now()
	all := append(append([]ThrottleRule(nil), guards...), rules...)
	rows, err := s.throttleRead(ctx, all)
	if err != nil {
		return ThrottleResult{}, err
	}
	if at := latestRefusal(all, rows, now); !at.IsZero() {
		return ThrottleResult{RetryAt: at}, nil
	}
	res := ThrottleResult{Allowed: true}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := s.throttleLockRows(ctx, tx, rules)
		if err != nil {
			return err
		}
		if at := latestRefusal(rules, rows, now); !at.IsZero() {
			res = ThrottleResult{RetryAt: at}
			return errRefused
		}
		for i, r := range rules {
			t := rows[i]
			t.failures = t.failuresAt(r, now)
			if charge {
				if lock, ok := t.fail(r, now); ok {
					res.Locked = append(res.Locked, lock)
				}
			} else {
				t.pending, t.pendingUntil = t.pendingAt(now)+1, ms(now.Add(pendingTTL))
			}
			if err := throttleWrite(ctx, tx, r.Key, t, now); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return res, nil
	}
	if err != nil {
		return ThrottleResult{}, err
	}
	return res, nil
}

// fail counts one failure in t under r (whose count is already the one at
// now) and reports the lock it starts, if any.
func (t *throttleRow) fail(r ThrottleRule, now time.Time) (ThrottleLock, bool) {
	t.failures++
	t.lastFailure = ms(now)
	if t.failures < r.Limit {
		return ThrottleLock{}, false
	}
	until := now.Add(lockFor(t.failures-r.Limit, r.Base, r.Max))
	t.lockedUntil = ms(until)
	return ThrottleLock{Key: r.Key, Until: until}, true
}

// ThrottleSettle ends one reservation under every rule: failed counts it as
// a failure (the one that reaches a limit locks its key: those locks are
// returned), otherwise it is given back and nothing else changes. A key
// back to no failures, nothing in flight and no lock is deleted.
func (s *Store) ThrottleSettle(ctx context.Context, failed bool, rules ...ThrottleRule) ([]ThrottleLock, error) {
	now := s.now()
	var locks []ThrottleLock
	err := s.tx(ctx, func(tx *sql.Tx) error {
		locks = nil
		rows, err := s.throttleLockRows(ctx, tx, rules)
		if err != nil {
			return err
		}
		for i, r := range rules {
			t := rows[i]
			t.failures = t.failuresAt(r, now)
			if t.pending = t.pendingAt(now) - 1; t.pending < 0 {
				t.pending = 0
			}
			if t.pending == 0 {
				t.pendingUntil = 0
			}
			if failed {
				if lock, ok := t.fail(r, now); ok {
					locks = append(locks, lock)
				}
			}
			if err := throttleWrite(ctx, tx, r.Key, t, now); err != nil {
				return err
			}
		}
		return nil
	})
	return locks, err
}

// ThrottleReset forgets everything counted under keys, after a success
// that proves the account's owner is there.
// One statement for them all: a login's keys are a handful (the account's
// and one per spelling), so the query texts stay few.
func (s *Store) ThrottleReset(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	_, err := s.exec(ctx, `DELETE FROM throttle WHERE key IN (`+placeholders(len(keys))+`)`, args...)
	return err
}

// latestRefusal is the latest refusal among rules, or the zero time.
func latestRefusal(rules []ThrottleRule, rows []throttleRow, now time.Time) time.Time {
	var at time.Time
	for i, r := range rules {
		if t := rows[i].refusal(r, now); t.After(at) {
			at = t
		}
	}
	return at
}

const throttleColumns = `failures, last_failure, locked_until, pending, pending_until`

func scanThrottle(row *sql.Row) (throttleRow, error) {
	var t throttleRow
	err := row.Scan(&t.failures, &t.lastFailure, &t.lockedUntil, &t.pending, &t.pendingUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return throttleRow{}, nil
	}
	return t, err
}

// throttleRead reads the rules' keys outside any transaction.
func (s *Store) throttleRead(ctx context.Context, rules []ThrottleRule) ([]throttleRow, error) {
	rows := make([]throttleRow, len(rules))
	for i, r := range rules {
		t, err := scanThrottle(s.queryRow(ctx, `SELECT `+throttleColumns+` FROM throttle WHERE key = $1`, r.Key))
		if err != nil {
			return nil, err
		}
		rows[i] = t
	}
	return rows, nil
}

// throttleLockRows reads the rules' keys inside tx, locked until it ends.
// SQLite's write transactions already run one at a time; on PostgreSQL each
// row is created if missing and locked, in key order, so that concurrent
// attempts on the same keys neither lose an update nor deadlock.
func (s *Store) throttleLockRows(ctx context.Context, tx *sql.Tx, rules []ThrottleRule) ([]throttleRow, error) {
	order := make([]int, len(rules))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return rules[order[a]].Key < rules[order[b]].Key })
	rows := make([]throttleRow, len(rules))
	for _, i := range order {
		q := `SELECT ` + throttleColumns + ` FROM throttle WHERE key = $1`
		if s.engine == Postgres {
			if _, err := tx.ExecContext(ctx, `INSERT INTO throttle (key, failures, last_failure, locked_until)
				VALUES ($1, 0, 0, 0) ON CONFLICT (key) DO NOTHING`, rules[i].Key); err != nil {
				return nil, err
			}
			q += ` FOR UPDATE`
		}
		t, err := scanThrottle(tx.QueryRowContext(ctx, q, rules[i].Key))
		if err != nil {
			return nil, err
		}
		rows[i] = t
	}
	return rows, nil
}

// throttleWrite stores t under key, or deletes the row when nothing in it
// matters any more.
func throttleWrite(ctx context.Context, tx *sql.Tx, key string, t throttleRow, now time.Time) error {
	if t.failures == 0 && t.pending == 0 && t.lockedUntil <= ms(now) {
		_, err := tx.ExecContext(ctx, `DELETE FROM throttle WHERE key = $1`, key)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO throttle (key, `+throttleColumns+`) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure,
			locked_until = excluded.locked_until, pending = excluded.pending, pending_until = excluded.pending_until`,
		key, t.failures, t.lastFailure, t.lockedUntil, t.pending, t.pendingUntil)
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
