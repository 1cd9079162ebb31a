package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// TestCreateReimbursementConcurrent fires creates for one member at once,
// half under one repeated key and half under keys of their own, as retries
// and double taps do. Exactly one request must come out of it; the
// goroutines that used the winner's key get it, and every other one is told
// already_requested with its id.
func TestCreateReimbursementConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		openSeason(t, db)
		for k, tc := range []struct {
			name string
			key  func(i int) string
		}{
			{"half the same key", func(i int) string {
				if i%2 == 0 {
					return "same"
				}
				return fmt.Sprintf("own-%d", i)
			}},
			{"all the same key", func(int) string { return "same" }},
			{"every key different", func(i int) string { return fmt.Sprintf("own-%d", i) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				m := newMember(fmt.Sprintf("5%06d", k), fmt.Sprintf("race%d@finances.gov.ma", k), "Race", "Test")
				id := addMembers(t, db, m)[0]
				const n = 20
				results := make([]store.Created, n)
				errs := make([]error, n)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := 0; i < n; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						results[i], errs[i] = db.CreateReimbursement(ctx, id, tc.key(i), request(api.KindSummer, m))
					}()
				}
				close(start)
				wg.Wait()

				if got := count(t, db, `SELECT COUNT(*) FROM reimbursements WHERE member_id = $1`, id); got != 1 {
					t.Fatalf("rows = %d, want exactly 1", got)
				}
				var liveID int64
				var winnerKey string
				if err := db.DB().QueryRowContext(ctx, `SELECT reimbursement_id, key FROM idempotency_keys WHERE member_id = $1`, id).
					Scan(&liveID, &winnerKey); err != nil {
					t.Fatalf("the one idempotency key: %v", err)
				}
				successes := 0
				for i := 0; i < n; i++ {
					if errs[i] == nil {
						successes++
						if results[i].Reimbursement.ID != liveID {
							t.Errorf("goroutine %d got request %d, want %d", i, results[i].Reimbursement.ID, liveID)
						}
						if tc.key(i) != winnerKey {
							t.Errorf("goroutine %d succeeded under %q, but the request was made under %q", i, tc.key(i), winnerKey)
						}
						continue
					}
					var e *api.Error
					if !errors.As(errs[i], &e) || e.Code != api.CodeAlreadyRequested {
						t.Errorf("goroutine %d: %v, want success or already_requested", i, errs[i])
						continue
					}
					if e.RequestID != liveID || e.Reference != store.Reference(2026, liveID) {
						t.Errorf("goroutine %d: already_requested names %d %q, want %d", i, e.RequestID, e.Reference, liveID)
					}
					if tc.key(i) == winnerKey {
						t.Errorf("goroutine %d under the winning key %q was refused: %v", i, winnerKey, errs[i])
					}
				}
				want := 0
				for i := 0; i < n; i++ {
					if tc.key(i) == winnerKey {
						want++
					}
				}
				if successes != want {
					t.Errorf("successes = %d, want %d (every goroutine under the winning key)", successes, want)
				}
			})
		}
	})
}
