package store_test

import (
	"context"
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

func TestThrottleFailLocksWithDoublingDelay(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
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
			{"still capped", capped},
		} {
			t.Run(tc.name, func(t *testing.T) {
				db.clock.Add(time.Second)
				now := db.clock.Now()
				got, err := db.ThrottleFail(ctx, "login:id:1000001", limit, forget, base, capped)
				if err != nil {
					t.Fatal(err)
				}
				if got.Failures != i+1 {
					t.Errorf("failures = %d, want %d", got.Failures, i+1)
				}
				if !got.LastFailure.Equal(now) {
					t.Errorf("last failure = %v, want %v", got.LastFailure, now)
				}
				stored, err := db.ThrottleGet(ctx, "login:id:1000001")
				if err != nil {
					t.Fatal(err)
				}
				if stored.Failures != i+1 {
					t.Errorf("stored failures = %d, want %d", stored.Failures, i+1)
				}
				if tc.lock == 0 {
					if got.LockedUntil.After(now) || stored.LockedUntil.After(now) {
						t.Errorf("locked until %v (stored %v) before the limit", got.LockedUntil, stored.LockedUntil)
					}
					return
				}
				if want := now.Add(tc.lock); !got.LockedUntil.Equal(want) || !stored.LockedUntil.Equal(want) {
					t.Errorf("locked until %v (stored %v), want %v", got.LockedUntil, stored.LockedUntil, want)
				}
			})
		}
		other, err := db.ThrottleGet(ctx, "login:ip:10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if other != (store.Throttle{}) {
			t.Errorf("a key never seen = %+v, want the zero value", other)
		}
	})
}

func TestThrottleForgetsAfterWindowAndResets(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		fail := func(key string) store.Throttle {
			t.Helper()
			th, err := db.ThrottleFail(ctx, key, limit, forget, base, capped)
			if err != nil {
				t.Fatal(err)
			}
			return th
		}
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
				if got := fail("k").Failures; got != tc.want {
					t.Fatalf("failures = %d, want %d", got, tc.want)
				}
			})
		}

		for _, tc := range []struct {
			name  string
			pause time.Duration // after the failure that locked the key for base
			want  int
		}{
			{"locked key, a window after the failure but not after the lock", forget + time.Second, limit + 1},
			{"locked key, a window after the lock ended", base + forget + time.Millisecond, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				key := "locked " + tc.name
				for i := 0; i < limit; i++ {
					fail(key)
				}
				db.clock.Add(tc.pause)
				if got := fail(key).Failures; got != tc.want {
					t.Fatalf("failures = %d, want %d", got, tc.want)
				}
			})
		}

		t.Run("reset", func(t *testing.T) {
			for i := 0; i < limit+1; i++ {
				fail("reset")
			}
			fail("neighbour")
			fail("neighbour")
			if err := db.ThrottleReset(ctx, "reset"); err != nil {
				t.Fatal(err)
			}
			got, err := db.ThrottleGet(ctx, "reset")
			if err != nil {
				t.Fatal(err)
			}
			if got != (store.Throttle{}) {
				t.Fatalf("after reset = %+v, want the zero value", got)
			}
			if n := fail("reset").Failures; n != 1 {
				t.Fatalf("first failure after reset counts %d, want 1", n)
			}
			if other := fail("neighbour").Failures; other != 3 {
				t.Fatalf("reset touched another key: it counts %d, want 3", other)
			}
		})
	})
}

func TestThrottleFailConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.ThrottleFail(ctx, "login:ip:192.0.2.7", limit, forget, base, capped)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.ThrottleGet(ctx, "login:ip:192.0.2.7")
		if err != nil {
			t.Fatal(err)
		}
		if got.Failures != n {
			t.Fatalf("failures after %d concurrent ones = %d, want every one counted", n, got.Failures)
		}
		if want := db.clock.Now().Add(capped); !got.LockedUntil.Equal(want) {
			t.Errorf("locked until %v, want %v", got.LockedUntil, want)
		}
	})
}

// TestThrottleLockOutlastsForgetWindow follows an attacker who waits out
// each lock and tries again at once: the delays must keep doubling up to
// the cap, even once a lock is longer than the forget window, instead of
// the count starting again from one with four free tries.
func TestThrottleLockOutlastsForgetWindow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		const lockBase, lockMax = 30 * time.Second, time.Hour // the login policy
		fail := func() store.Throttle {
			t.Helper()
			th, err := db.ThrottleFail(ctx, "login:id:1000001", limit, forget, lockBase, lockMax)
			if err != nil {
				t.Fatal(err)
			}
			return th
		}
		for i := 0; i < limit-1; i++ {
			fail()
		}
		for i, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute,
			8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour} {
			th := fail()
			if got := th.LockedUntil.Sub(db.clock.Now()); got != want {
				t.Fatalf("lock %d after %d failures = %v, want %v", i+1, th.Failures, got, want)
			}
			db.clock.Set(th.LockedUntil)
		}
		db.clock.Add(forget + time.Millisecond)
		if th := fail(); th.Failures != 1 || th.LockedUntil.After(db.clock.Now()) {
			t.Fatalf("a failure a window after the last lock ended = %+v, want the count started again", th)
		}
	})
}
