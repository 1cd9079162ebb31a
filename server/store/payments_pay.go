package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/fos-mobile/fos/api"
)

// PayResult is what marking a batch paid did.
type PayResult struct {
	Batch PaymentBatch
	// Paid is the number of files this call moved to paid: 0 when the
	// batch had been paid already.
	Paid int
	// Skipped counts the batch's files that were no longer approved (paid
	// one by one meanwhile), which this call left alone.
	Skipped int
	// AlreadyPaid is set when the batch had been paid before this call.
	AlreadyPaid bool
}

// errBatchCancelled refuses to pay or cancel a cancelled batch.
var errBatchCancelled = api.Errorf(api.CodeInvalidTransition, "this payment batch was cancelled")

// errBatchPaid refuses to cancel a paid batch.
var errBatchPaid = api.Errorf(api.CodeInvalidTransition, "this payment batch is paid")

// lockBatch reads batch id inside tx, locking its row on PostgreSQL
// (SQLite's writers are serialised already): whether it is paid, and how
// many files it holds. Neither paying nor cancelling applies to a cancelled
// batch. Errors: ErrNotFound, invalid_transition (cancelled).
func (s *Store) lockBatch(ctx context.Context, tx *sql.Tx, id int64) (paid bool, files int, err error) {
	lock := ""
	if s.engine == Postgres {
		lock = " FOR UPDATE"
	}
	var paidAt, cancelledAt int64
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(paid_at, 0), COALESCE(cancelled_at, 0), file_count FROM payment_batches
		WHERE id = $1`+lock, id).Scan(&paidAt, &cancelledAt, &files)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, 0, ErrNotFound
	case err != nil:
		return false, 0, err
	case cancelledAt != 0:
		return false, 0, errBatchCancelled
	}
	return paidAt != 0, files, nil
}

// PayBatch marks every still-approved file of batch id paid by agentID, each
// with its timeline event naming the batch, and the batch paid, in one
// transaction. Paying a paid batch again pays nothing and reports
// AlreadyPaid. Errors: ErrNotFound, invalid_transition (cancelled batch).
func (s *Store) PayBatch(ctx context.Context, id, agentID int64) (PayResult, error) {
	var res PayResult
	// The batch's files belong to many members: forget every cached list
	// version once the transaction has ended, whatever its outcome.
	defer s.versions.changedAll()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		paid, files, err := s.lockBatch(ctx, tx, id)
		switch {
		case err != nil:
			return err
		case paid:
			res.AlreadyPaid = true
			return nil
		}
		at := s.now()
		now := ms(at)
		// The UPDATE locks each row and re-checks its status, so a file
		// paid on its own meanwhile is skipped, not paid twice.
		rows, err := tx.QueryContext(ctx, `UPDATE reimbursements SET status = $1, updated_at = $2, version = version + 1
			WHERE status = $3 AND id IN (SELECT reimbursement_id FROM payment_items WHERE batch_id = $4) RETURNING id`,
			string(api.StatusPaid), now, string(api.StatusApproved), id)
		if err != nil {
			return err
		}
		ids, err := scanColumn[int64](rows)
		if err != nil {
			return err
		}
		if err := addPaidEvents(ctx, tx, ids, now, "Lot "+BatchLabel(id), agentID); err != nil {
			return err
		}
		if err := s.queueNotices(ctx, tx, at, NoticeStep, ids); err != nil {
			return err
		}
		res.Paid, res.Skipped = len(ids), files-len(ids)
		_, err = tx.ExecContext(ctx, `UPDATE payment_batches SET paid_at = $1, paid_by = $2, paid_count = $3 WHERE id = $4`,
			now, agentID, len(ids), id)
		return err
	})
	if err != nil {
		return PayResult{}, err
	}
	res.Batch, err = s.PaymentBatch(ctx, id)
	return res, err
}

// CancelBatch cancels an unpaid batch: its files become payable again, in
// a later batch. Errors: ErrNotFound, invalid_transition (paid or already
// cancelled).
func (s *Store) CancelBatch(ctx context.Context, id, agentID int64) (PaymentBatch, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		paid, _, err := s.lockBatch(ctx, tx, id)
		switch {
		case err != nil:
			return err
		case paid:
			return errBatchPaid
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM payment_items WHERE batch_id = $1`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE payment_batches SET cancelled_at = $1, cancelled_by = $2 WHERE id = $3`,
			ms(s.now()), agentID, id)
		return err
	})
	if err != nil {
		return PaymentBatch{}, err
	}
	return s.PaymentBatch(ctx, id)
}

// paidEventChunk is how many events one INSERT writes: few statements for
// a batch of thousands, under both engines' limits on parameters.
const paidEventChunk = 500

// addPaidEvents appends a paid event to each file of ids, as addEvent
// would, a chunk of rows per statement.
func addPaidEvents(ctx context.Context, tx *sql.Tx, ids []int64, at int64, note string, agentID int64) error {
	for len(ids) > 0 {
		n := min(len(ids), paidEventChunk)
		var b strings.Builder
		b.WriteString(`INSERT INTO events (reimbursement_id, status, at, note, actor, agent_id) VALUES `)
		args := []any{string(api.StatusPaid), at, note, string(api.ActorAgent), agentID}
		for i, id := range ids[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			args = append(args, id)
			fmt.Fprintf(&b, "($%d, $1, $2, $3, $4, $5)", len(args))
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}
