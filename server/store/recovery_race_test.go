package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/fos-mobile/fos/server/store"
)

// TestRecoveryCodesRacing creates codes for one member from many
// goroutines at once, as replicas would: one code only stays live.
func TestRecoveryCodesRacing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id := addMembers(t, db, newMember("1000001", "a@fos.ma", "Alaoui", "Amina"))[0]
		const n = 16
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = db.CreateRecoveryCode(ctx, id, fmt.Sprintf("h-%d", i), codeTTL, store.Mail{To: "a@fos.ma", Subject: "Code", Body: "x"})
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("create %d: %v", i, err)
			}
		}
		if live := count(t, db, `SELECT COUNT(*) FROM recovery_codes WHERE member_id = $1 AND used_at IS NULL`, id); live != 1 {
			t.Fatalf("%d live codes, want 1", live)
		}
	})
}
