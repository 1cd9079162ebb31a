package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// TestEstivage: no season is ErrNotFound; then each window says whether it
// is open on the store's clock and carries the member's live request of
// its kind, and only that member's; a cancelled request is not live.
func TestEstivage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		m := newMember("1000001", "a@example.ma", "Alaoui", "Amina")
		other := newMember("1000002", "b@example.ma", "Bennani", "Badr")
		ids := addMembers(t, db, m, other)
		if _, err := db.Estivage(ctx, ids[0]); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("no season: %v, want ErrNotFound", err)
		}
		openSeason(t, db)
		created, err := db.CreateReimbursement(ctx, ids[0], "estivage-test-key", request(api.KindSummer, m))
		if err != nil {
			t.Fatal(err)
		}
		est, err := db.Estivage(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if est.Season != 2026 || len(est.Windows) != 2 {
			t.Fatalf("season %d, %d windows", est.Season, len(est.Windows))
		}
		for _, w := range est.Windows {
			if !w.Open {
				t.Errorf("%s: closed on %s", w.Kind, db.Now())
			}
			if mine := w.MyRequest; (w.Kind == api.KindSummer) != (mine != nil) || (mine != nil && mine.ID != created.Reimbursement.ID) {
				t.Errorf("%s: my request %+v", w.Kind, mine)
			}
		}
		if est, err := db.Estivage(ctx, ids[1]); err != nil || est.Windows[0].MyRequest != nil || est.Windows[1].MyRequest != nil {
			t.Fatalf("the other member sees %+v, %v", est, err)
		}
		if _, err := db.Transition(ctx, created.Reimbursement.ID, store.MoveCancel, store.Change{MemberID: ids[0]}); err != nil {
			t.Fatal(err)
		}
		db.clock.Add(100 * 24 * time.Hour) // past the summer window's close
		est, err = db.Estivage(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range est.Windows {
			if w.MyRequest != nil {
				t.Errorf("%s: a cancelled request is still live", w.Kind)
			}
			if w.Kind == api.KindSummer && w.Open {
				t.Error("summer still open in October")
			}
		}
	})
}
