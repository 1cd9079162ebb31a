package store_test

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestThrottleTake: attempts taken at once are let through up to the
// limit, a locked key counts nothing more, the lock doubles after it ends,
// and a refund gives an attempt back.
func TestThrottleTake(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		const limit, n = 5, 30
		base, max := 30*time.Second, time.Hour
		allowed := make([]bool, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, ok, err := db.ThrottleTake(ctx, "login:id:race", limit, 15*time.Minute, base, max)
				if err != nil {
					t.Error(err)
				}
				allowed[i] = ok
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
		th, err := db.ThrottleGet(ctx, "login:id:race")
		if err != nil || th.Failures != limit || !th.LockedUntil.Equal(db.clock.Now().Add(base)) {
			t.Fatalf("after the burst: %+v, %v; want %d failures locked for %v", th, err, limit, base)
		}

		db.clock.Add(base + time.Second)
		th, ok, err := db.ThrottleTake(ctx, "login:id:race", limit, 15*time.Minute, base, max)
		if err != nil || !ok || !th.LockedUntil.Equal(db.clock.Now().Add(2*base)) {
			t.Fatalf("after the lock: %+v, %v, %v; want one attempt and a lock of %v", th, ok, err, 2*base)
		}

		// A refund of the attempt that set a lock lifts it.
		if _, ok, _ := db.ThrottleTake(ctx, "login:ip:refund", 1, time.Hour, base, max); !ok {
			t.Fatal("first attempt refused")
		}
		if _, ok, _ := db.ThrottleTake(ctx, "login:ip:refund", 1, time.Hour, base, max); ok {
			t.Fatal("second attempt let through past a limit of 1")
		}
		if err := db.ThrottleRefund(ctx, "login:ip:refund", 1); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := db.ThrottleTake(ctx, "login:ip:refund", 1, time.Hour, base, max); !ok {
			t.Fatal("after a refund, the attempt is still refused")
		}
	})
}
