package store_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/store"
)

const (
	limit  = 5
	forget = 15 * time.Minute
	base   = time.Minute
	capped = 8 * time.Minute
)

// rule is the tests' budget under key.
func rule(key string) store.ThrottleRule {
	return store.ThrottleRule{Key: key, Limit: limit, Forget: forget, Base: base, Max: capped}
}

// throttleState is a key's stored row; ok is false when there is none.
type throttleState struct {
	failures, pending int
	lastFailure       time.Time
	lockedUntil       time.Time
	ok                bool
}

func stateOf(t *testing.T, db *testDB, key string) throttleState {
	t.Helper()
	var s throttleState
	var last, locked int64
	err := db.DB().QueryRow(`SELECT failures, pending, last_failure, locked_until FROM throttle WHERE key = $1`, key).
		Scan(&s.failures, &s.pending, &last, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return throttleState{}
	}
	if err != nil {
		t.Fatal(err)
	}
	s.lastFailure, s.lockedUntil, s.ok = time.UnixMilli(last).UTC(), time.UnixMilli(locked).UTC(), true
	return s
}

// charge counts one failure under r, failing the test unless allowed.
func charge(t *testing.T, db *testDB, r store.ThrottleRule) store.ThrottleResult {
	t.Helper()
	res, err := db.ThrottleCharge(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Allowed {
		t.Fatalf("%s refused until %v", r.Key, res.RetryAt)
	}
	return res
}

func TestThrottleChargeLocksWithDoublingDelay(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		r := rule("login:id:1000001")
		for i, tc := range []struct {
			name string
			lock time.Duration // 0: not locked
		}{
			{"first failure", 0},
			{"second failure", 0},
			{"third failure", 0},
			{"fourth failure", 0},
			{"at the limit", base},
			{"one past the limit", 2 * base},
			{"two past the limit", 4 * base},
			{"three past the limit", capped},
			{"capped", capped},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if i > limit-1 {
					db.clock.Set(stateOf(t, db, r.Key).lockedUntil) // wait the lock out
				}
				db.clock.Add(time.Second)
				now := db.clock.Now()
				res := charge(t, db, r)
				got := stateOf(t, db, r.Key)
				if got.failures != i+1 || !got.lastFailure.Equal(now) {
					t.Errorf("stored %+v, want %d failures, the last at %v", got, i+1, now)
				}
				if tc.lock == 0 {
					if got.lockedUntil.After(now) || len(res.Locked) != 0 {
						t.Errorf("locked until %v (%v) before the limit", got.lockedUntil, res.Locked)
					}
					return
				}
				if want := now.Add(tc.lock); !got.lockedUntil.Equal(want) || len(res.Locked) != 1 || !res.Locked[0].Until.Equal(want) {
					t.Errorf("locked until %v (reported %v), want %v", got.lockedUntil, res.Locked, want)
				}
			})
		}
		if s := stateOf(t, db, "login:ip:10.0.0.1"); s.ok {
			t.Errorf("a key never seen has a row: %+v", s)
		}
	})
}

func TestThrottleForgetsAfterWindowAndResets(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		for _, tc := range []struct {
			name  string
			pause time.Duration // since the previous failure
			want  int
		}{
			{"first", 0, 1},
			{"soon after", time.Minute, 2},
			{"exactly the window later", forget, 3},
			{"just past the window", forget + time.Millisecond, 1},
			{"counting again", time.Second, 2},
		} {
			t.Run(tc.name, func(t *testing.T) {
				db.clock.Add(tc.pause)
				charge(t, db, rule("k"))
				if got := stateOf(t, db, "k").failures; got != tc.want {
					t.Fatalf("failures = %d, want %d", got, tc.want)
				}
			})
		}
		t.Run("a window after the lock ended", func(t *testing.T) {
			for range limit {
				charge(t, db, rule("locked"))
			}
			db.clock.Add(base + forget + time.Millisecond)
			charge(t, db, rule("locked"))
			if got := stateOf(t, db, "locked"); got.failures != 1 || got.lockedUntil.After(db.clock.Now()) {
				t.Fatalf("state %+v, want the count started again", got)
			}
		})
		t.Run("reset", func(t *testing.T) {
			for range limit {
				charge(t, db, rule("reset"))
			}
			charge(t, db, rule("reset too"))
			charge(t, db, rule("neighbour"))
			if err := db.ThrottleReset(ctx, "reset", "never counted", "reset too"); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"reset", "reset too"} {
				if s := stateOf(t, db, k); s.ok {
					t.Fatalf("after reset: %s %+v, want no row", k, s)
				}
			}
			if n := stateOf(t, db, "neighbour").failures; n != 1 {
				t.Fatalf("reset touched another key: it counts %d, want 1", n)
			}
		})
	})
}

// TestThrottleLockOutlastsForgetWindow follows an attacker who waits out
// each lock and tries again at once: the delays keep doubling up to the
// cap, even once a lock is longer than the forget window.
func TestThrottleLockOutlastsForgetWindow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		r := store.ThrottleRule{Key: "login:id:1000001", Limit: limit, Forget: forget, Base: 30 * time.Second, Max: time.Hour}
		for range limit - 1 {
			charge(t, db, r)
		}
		for i, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
			8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour} {
			charge(t, db, r)
			s := stateOf(t, db, r.Key)
			if got := s.lockedUntil.Sub(db.clock.Now()); got != want {
				t.Fatalf("lock %d after %d failures = %v, want %v", i+1, s.failures, got, want)
			}
			db.clock.Set(s.lockedUntil)
		}
	})
}

// TestThrottleBurst: attempts taken at once get through up to the limit
// only, whether reserved (login) or charged (recovery).
func TestThrottleBurst(t *testing.T) {
	for _, mode := range []string{"take", "charge"} {
		t.Run(mode, func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, db *testDB) {
				ctx := context.Background()
				const n = 30
				allowed := make([]bool, n)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						take := db.ThrottleTake
						if mode == "charge" {
							take = db.ThrottleCharge
						}
						res, err := take(ctx, rule("login:id:race"), rule("login:ip:race"))
						if err != nil {
							t.Error(err)
						}
						allowed[i] = res.Allowed
					}()
				}
				close(start)
				wg.Wait()
				got := 0
				for _, ok := range allowed {
					if ok {
						got++
					}
				}
				if got != limit {
					t.Fatalf("%d of %d attempts let through, want %d", got, n, limit)
				}
				if mode == "take" {
					for range limit {
						if _, err := db.ThrottleSettle(ctx, true, rule("login:id:race"), rule("login:ip:race")); err != nil {
							t.Fatal(err)
						}
					}
				}
				for _, k := range []string{"login:id:race", "login:ip:race"} {
					if s := stateOf(t, db, k); s.failures != limit || s.pending != 0 || !s.lockedUntil.Equal(db.clock.Now().Add(base)) {
						t.Fatalf("%s after the burst: %+v; want %d failures locked for %v", k, s, limit, base)
					}
				}
			})
		})
	}
}

// TestThrottleSuccessNeverArmsALock: once a key has reached its limit and
// its lock has ended, a success goes through, leaves no lock behind and
// does not move the failure window, however many successes follow.
func TestThrottleSuccessNeverArmsALock(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		r := rule("login:ip:203.0.113.9")
		for range limit {
			charge(t, db, r)
		}
		lastFailure := db.clock.Now()
		db.clock.Add(base + time.Second)
		for i := range 3 {
			res, err := db.ThrottleTake(ctx, r)
			if err != nil || !res.Allowed {
				t.Fatalf("success %d: %+v, %v; want it let through", i+1, res, err)
			}
			if _, err := db.ThrottleSettle(ctx, false, r); err != nil {
				t.Fatal(err)
			}
			s := stateOf(t, db, r.Key)
			if s.lockedUntil.After(db.clock.Now()) || s.pending != 0 || s.failures != limit || !s.lastFailure.Equal(lastFailure) {
				t.Fatalf("after success %d: %+v; want the %d failures of %v, no lock, nothing pending", i+1, s, limit, lastFailure)
			}
			db.clock.Add(time.Minute)
		}
		t.Run("the window runs from the last failure", func(t *testing.T) {
			db.clock.Set(lastFailure.Add(base + forget + time.Second)) // the lock ended base after the failure
			if _, err := db.ThrottleTake(ctx, r); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ThrottleSettle(ctx, false, r); err != nil {
				t.Fatal(err)
			}
			if s := stateOf(t, db, r.Key); s.ok {
				t.Fatalf("a key back to nothing is kept: %+v", s)
			}
		})
		t.Run("a failure past the limit doubles the lock", func(t *testing.T) {
			for range limit {
				charge(t, db, r)
			}
			db.clock.Add(base + time.Second)
			if res, err := db.ThrottleTake(ctx, r); err != nil || !res.Allowed {
				t.Fatalf("%+v, %v", res, err)
			}
			if res, err := db.ThrottleTake(ctx, r); err != nil || res.Allowed || !res.RetryAt.Equal(db.clock.Now().Add(time.Second)) {
				t.Fatalf("a second attempt in flight past the limit: %+v, %v; want it refused for a second", res, err)
			}
			locks, err := db.ThrottleSettle(ctx, true, r)
			if err != nil || len(locks) != 1 || !locks[0].Until.Equal(db.clock.Now().Add(2*base)) {
				t.Fatalf("locks %v, %v; want one of %v", locks, err, 2*base)
			}
		})
	})
}

// TestThrottleRefusedWritesNothing: a refused attempt changes no row, not
// even the other keys of its rule set, so a locked address never spends a
// member's budget.
func TestThrottleRefusedWritesNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		ip, id := rule("login:ip:203.0.113.66"), rule("login:id:1234567")
		for range limit {
			charge(t, db, ip)
		}
		before := stateOf(t, db, ip.Key)
		for i := range 100 {
			for _, take := range []func(context.Context, ...store.ThrottleRule) (store.ThrottleResult, error){db.ThrottleTake, db.ThrottleCharge} {
				res, err := take(ctx, ip, id)
				if err != nil || res.Allowed || !res.RetryAt.Equal(before.lockedUntil) {
					t.Fatalf("attempt %d: %+v, %v; want refused until %v", i+1, res, err, before.lockedUntil)
				}
			}
		}
		if got := stateOf(t, db, ip.Key); got != before {
			t.Fatalf("the locked key changed: %+v, was %+v", got, before)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM throttle`); n != 1 {
			t.Fatalf("%d throttle rows, want only the locked address's", n)
		}
	})
}

// TestThrottleLostReservationExpires: a reservation never settled (its
// replica died) stops counting after a minute.
func TestThrottleLostReservationExpires(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		r := store.ThrottleRule{Key: "k", Limit: 1, Forget: forget, Base: base, Max: capped}
		if res, _ := db.ThrottleTake(ctx, r); !res.Allowed {
			t.Fatal("first attempt refused")
		}
		if res, _ := db.ThrottleTake(ctx, r); res.Allowed {
			t.Fatal("a second attempt got past a limit of 1 in flight")
		}
		db.clock.Add(time.Minute)
		if res, _ := db.ThrottleTake(ctx, r); !res.Allowed {
			t.Fatal("a lost reservation still counts after a minute")
		}
	})
}
