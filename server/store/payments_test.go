package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// paidEvents counts the paid events of request id.
func paidEvents(t *testing.T, db *testDB, id int64) int {
	return count(t, db, `SELECT COUNT(*) FROM events WHERE reimbursement_id = $1 AND status = 'paid'`, id)
}

func TestPaymentBatchExportAndPay(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		var approved []int64
		members := map[int64]int64{}
		for range 3 {
			id, m := f.inStatus(t, api.StatusApproved)
			approved = append(approved, id)
			members[id] = m
		}
		received, _ := f.inStatus(t, api.StatusDocumentsReceived)
		alreadyPaid, _ := f.inStatus(t, api.StatusPaid)

		files, total, err := db.PayableSummary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if files != 3 || total != 3*123450 {
			t.Fatalf("payable = %d files, %d centimes; want 3, %d", files, total, 3*123450)
		}
		db.clock.Add(time.Hour)
		b, err := db.CreatePaymentBatch(ctx, f.agentID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Files != 3 || b.TotalCentimes != 3*123450 || !b.PaidAt.IsZero() || b.CreatedBy != "agent.rabat@fos.ma" {
			t.Fatalf("batch = %+v", b)
		}
		if got, want := b.Label(), store.BatchLabel(b.ID); got != want || len(got) != len("LOT-000001") {
			t.Errorf("label = %q", got)
		}
		t.Run("nothing left to batch", func(t *testing.T) {
			before := count(t, db, `SELECT COUNT(*) FROM payment_batches`)
			_, err := db.CreatePaymentBatch(ctx, f.agentID)
			if !errors.Is(err, store.ErrNothingToPay) {
				t.Fatalf("second batch: %v, want ErrNothingToPay", err)
			}
			if got := count(t, db, `SELECT COUNT(*) FROM payment_batches`); got != before {
				t.Fatalf("an empty batch was stored (%d batches, want %d)", got, before)
			}
		})
		var lines []store.PaymentLine
		if err := db.PaymentLines(ctx, b.ID, func(l store.PaymentLine) error { lines = append(lines, l); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(lines) != 3 {
			t.Fatalf("%d lines, want 3", len(lines))
		}
		for i, l := range lines {
			if l.AmountCentimes != 123450 || l.ApprovedAt.IsZero() || l.Matricule == "" || l.LastName != "Tazi" ||
				l.Kind != api.KindSummer || l.Season != 2026 {
				t.Errorf("line %d = %+v", i, l)
			}
			if i > 0 && lines[i-1].Reference >= l.Reference {
				t.Errorf("lines not sorted by reference: %q then %q", lines[i-1].Reference, l.Reference)
			}
		}
		// A file approved after the export is not in the batch and is not paid with it.
		late, _ := f.inStatus(t, api.StatusApproved)

		versions := map[int64]int64{}
		for _, id := range approved {
			r, _ := db.AdminReimbursement(ctx, id)
			versions[id] = r.Version
		}
		db.clock.Add(time.Hour)
		res, err := db.PayBatch(ctx, b.ID, f.agentID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Paid != 3 || res.Skipped != 0 || res.AlreadyPaid || res.Batch.PaidAt.IsZero() || res.Batch.PaidFiles != 3 {
			t.Fatalf("pay = %+v", res)
		}
		for _, id := range approved {
			r, err := db.Reimbursement(ctx, members[id], id)
			if err != nil {
				t.Fatal(err)
			}
			last := r.Events[len(r.Events)-1]
			if r.Version != versions[id]+1 {
				t.Errorf("version after the batch = %d, want %d (one change)", r.Version, versions[id]+1)
			}
			if r.Status != api.StatusPaid || last.Status != api.StatusPaid || last.Note != "Lot "+b.Label() {
				t.Errorf("member sees %s, last event %+v", r.Status, last)
			}
			admin, _ := db.AdminReimbursement(ctx, id)
			if got := admin.Events[len(admin.Events)-1].Agent; got != "agent.rabat@fos.ma" {
				t.Errorf("paid event agent = %q", got)
			}
		}
		for id, want := range map[int64]api.Status{received: api.StatusDocumentsReceived, late: api.StatusApproved, alreadyPaid: api.StatusPaid} {
			r, _ := db.AdminReimbursement(ctx, id)
			if r.Status != want {
				t.Errorf("file outside the batch is %s, want %s", r.Status, want)
			}
		}

		t.Run("paying the same batch again pays nothing", func(t *testing.T) {
			again, err := db.PayBatch(ctx, b.ID, f.agentID)
			if err != nil {
				t.Fatal(err)
			}
			if !again.AlreadyPaid || again.Paid != 0 || !again.Batch.PaidAt.Equal(res.Batch.PaidAt) {
				t.Fatalf("second pay = %+v", again)
			}
			for _, id := range approved {
				if n := paidEvents(t, db, id); n != 1 {
					t.Errorf("file %d has %d paid events, want 1", id, n)
				}
			}
		})
		t.Run("a paid batch cannot be cancelled", func(t *testing.T) {
			_, err := db.CancelBatch(ctx, b.ID, f.agentID)
			wantCode(t, err, api.CodeInvalidTransition)
		})
		t.Run("unknown batch", func(t *testing.T) {
			if _, err := db.PayBatch(ctx, b.ID+100, f.agentID); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("pay unknown batch: %v", err)
			}
		})
	})
}

func TestPayBatchSkipsFilesPaidOneByOne(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		a, _ := f.inStatus(t, api.StatusApproved)
		c, _ := f.inStatus(t, api.StatusApproved)
		b, err := db.CreatePaymentBatch(ctx, f.agentID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Transition(ctx, a, store.MovePay, store.Change{AgentID: f.agentID}); err != nil {
			t.Fatal(err)
		}
		res, err := db.PayBatch(ctx, b.ID, f.agentID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Paid != 1 || res.Skipped != 1 {
			t.Fatalf("pay = %+v, want 1 paid and 1 skipped", res)
		}
		for _, id := range []int64{a, c} {
			if n := paidEvents(t, db, id); n != 1 {
				t.Errorf("file %d has %d paid events, want 1", id, n)
			}
		}
	})
}

func TestCancelBatchFreesItsFiles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		id, _ := f.inStatus(t, api.StatusApproved)
		b, err := db.CreatePaymentBatch(ctx, f.agentID)
		if err != nil {
			t.Fatal(err)
		}
		cb, err := db.CancelBatch(ctx, b.ID, f.agentID)
		if err != nil {
			t.Fatal(err)
		}
		if cb.CancelledAt.IsZero() {
			t.Fatalf("cancelled batch = %+v", cb)
		}
		if _, err := db.PayBatch(ctx, b.ID, f.agentID); err == nil {
			t.Fatal("a cancelled batch was paid")
		} else {
			wantCode(t, err, api.CodeInvalidTransition)
		}
		if _, err := db.CancelBatch(ctx, b.ID, f.agentID); err == nil {
			t.Fatal("cancelled twice")
		}
		r, _ := db.AdminReimbursement(ctx, id)
		if r.Status != api.StatusApproved {
			t.Fatalf("file of a cancelled batch is %s", r.Status)
		}
		next, err := db.CreatePaymentBatch(ctx, f.agentID)
		if err != nil || next.Files != 1 {
			t.Fatalf("next batch = %+v, %v; want the freed file", next, err)
		}
		list, total, err := db.PaymentBatches(ctx, 10, 0)
		if err != nil || total != 2 || len(list) != 2 || list[0].ID != next.ID {
			t.Fatalf("batches = %+v (%d), %v", list, total, err)
		}
	})
}

func TestPaymentBatchesConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		var ids []int64
		for range 5 {
			id, _ := f.inStatus(t, api.StatusApproved)
			ids = append(ids, id)
		}
		const racers = 6
		var wg sync.WaitGroup
		batches := make(chan store.PaymentBatch, racers)
		for range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, err := db.CreatePaymentBatch(ctx, f.agentID)
				if err == nil {
					batches <- b
				} else if !errors.Is(err, store.ErrNothingToPay) {
					t.Errorf("create: %v", err)
				}
			}()
		}
		wg.Wait()
		close(batches)
		files := 0
		var made []store.PaymentBatch
		for b := range batches {
			files += b.Files
			made = append(made, b)
		}
		if files != len(ids) {
			t.Fatalf("concurrent batches hold %d files, want each of %d once", files, len(ids))
		}
		paid := make(chan int, racers*len(made))
		for _, b := range made {
			for range racers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res, err := db.PayBatch(ctx, b.ID, f.agentID)
					if err != nil {
						t.Errorf("pay: %v", err)
					}
					paid <- res.Paid
				}()
			}
		}
		wg.Wait()
		close(paid)
		total := 0
		for n := range paid {
			total += n
		}
		if total != len(ids) {
			t.Fatalf("concurrent pays paid %d files, want %d", total, len(ids))
		}
		for _, id := range ids {
			if n := paidEvents(t, db, id); n != 1 {
				t.Errorf("file %d has %d paid events, want 1", id, n)
			}
		}
	})
}
