package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fos-mobile/fos/api"
)

// How files are paid. A supervisor gathers every approved file that is in
// no batch yet into a new payment batch, exports it (CSV for the bank) and,
// once the bank has paid, marks the whole batch paid in one action. A file
// is in one batch at most (a unique index), and a batch is paid once (its
// row is locked and its paid_at checked in the paying transaction), so
// paying the same batch twice, from two tabs or two replicas, pays nothing
// twice.

// PaymentBatch is one batch of approved files.
type PaymentBatch struct {
	ID            int64
	CreatedAt     time.Time
	CreatedBy     string // the supervisor's e-mail
	Files         int
	TotalCentimes int64
	PaidAt        time.Time // zero while unpaid
	PaidBy        string
	PaidFiles     int       // files the payment moved to paid
	CancelledAt   time.Time // zero unless cancelled
}

// Label is the batch id people see and the bank file carries: LOT-000042.
func (b PaymentBatch) Label() string { return BatchLabel(b.ID) }

// BatchLabel is the label of batch id.
func BatchLabel(id int64) string { return fmt.Sprintf("LOT-%06d", id) }

// ErrNothingToPay is returned when a batch would hold no file.
var ErrNothingToPay = api.Errorf(api.CodeInvalidRequest, "no approved file is waiting for payment")

// PayableSummary counts the approved files that are in no batch yet, and
// their total amount.
func (s *Store) PayableSummary(ctx context.Context) (files int, totalCentimes int64, err error) {
	err = s.queryRowLong(ctx, `SELECT COUNT(*), COALESCE(SUM(r.amount_centimes), 0) FROM reimbursements r
		WHERE r.status = $1 AND r.amount_centimes IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM payment_items p WHERE p.reimbursement_id = r.id)`,
		string(api.StatusApproved)).Scan(&files, &totalCentimes)
	return files, totalCentimes, err
}

// CreatePaymentBatch gathers every approved file that is in no batch yet
// into a new batch made by agentID. It returns ErrNothingToPay, and makes
// no batch, when there is none.
func (s *Store) CreatePaymentBatch(ctx context.Context, agentID int64) (PaymentBatch, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := ms(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO payment_batches (created_at, created_by, file_count, total_centimes)
			VALUES ($1, $2, 0, 0) RETURNING id`, now, agentID).Scan(&id); err != nil {
			return err
		}
		// ON CONFLICT: a file another batch took meanwhile (a concurrent
		// create on another replica) stays in that one.
		if _, err := tx.ExecContext(ctx, `INSERT INTO payment_items (batch_id, reimbursement_id, amount_centimes)
			SELECT $1, r.id, r.amount_centimes FROM reimbursements r
			WHERE r.status = $2 AND r.amount_centimes IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM payment_items p WHERE p.reimbursement_id = r.id)
			ON CONFLICT (reimbursement_id) DO NOTHING`, id, string(api.StatusApproved)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_items WHERE batch_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNothingToPay
		}
		_, err := tx.ExecContext(ctx, `UPDATE payment_batches SET file_count = $1,
			total_centimes = (SELECT SUM(amount_centimes) FROM payment_items WHERE batch_id = $2) WHERE id = $2`, n, id)
		return err
	})
	if err != nil {
		return PaymentBatch{}, err
	}
	return s.PaymentBatch(ctx, id)
}

const batchSelect = `SELECT b.id, b.created_at, COALESCE(c.email_lower, ''), b.file_count, b.total_centimes,
	COALESCE(b.paid_at, 0), COALESCE(p.email_lower, ''), b.paid_count, COALESCE(b.cancelled_at, 0)
	FROM payment_batches b LEFT JOIN agents c ON c.id = b.created_by LEFT JOIN agents p ON p.id = b.paid_by`

func scanBatch(sc interface{ Scan(...any) error }) (PaymentBatch, error) {
	var b PaymentBatch
	var created, paid, cancelled int64
	err := sc.Scan(&b.ID, &created, &b.CreatedBy, &b.Files, &b.TotalCentimes, &paid, &b.PaidBy, &b.PaidFiles, &cancelled)
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	b.CreatedAt = fromMS(created)
	if paid != 0 {
		b.PaidAt = fromMS(paid)
	}
	if cancelled != 0 {
		b.CancelledAt = fromMS(cancelled)
	}
	return b, err
}

// PaymentBatch returns one batch or ErrNotFound.
func (s *Store) PaymentBatch(ctx context.Context, id int64) (PaymentBatch, error) {
	return scanBatch(s.queryRow(ctx, batchSelect+` WHERE b.id = $1`, id))
}

// PaymentBatches lists batches, newest first, and counts them all.
func (s *Store) PaymentBatches(ctx context.Context, limit, offset int) ([]PaymentBatch, int, error) {
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM payment_batches`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.query(ctx, batchSelect+` ORDER BY b.id DESC LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []PaymentBatch
	for rows.Next() {
		b, err := scanBatch(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, b)
	}
	return out, total, rows.Err()
}

// PaymentLine is one file of a batch, as the bank's export lists it.
type PaymentLine struct {
	Reference      string
	Matricule      string
	CIN            string
	LastName       string
	FirstName      string
	Kind           api.Kind
	Season         int
	AmountCentimes int64
	ApprovedAt     time.Time // zero if the timeline has no approval
}

// PaymentLines calls fn for each file of batch id, by reference, and stops
// at fn's first error. A cancelled batch has no lines.
func (s *Store) PaymentLines(ctx context.Context, id int64, fn func(PaymentLine) error) error {
	rows, err := s.queryLong(ctx, `SELECT COALESCE(r.reference, ''), m.matricule, m.cin, m.last_name, m.first_name,
		r.kind, r.season, p.amount_centimes,
		COALESCE((SELECT MAX(e.at) FROM events e WHERE e.reimbursement_id = r.id AND e.status = $2), 0)
		FROM payment_items p JOIN reimbursements r ON r.id = p.reimbursement_id JOIN members m ON m.id = r.member_id
		WHERE p.batch_id = $1 ORDER BY r.reference`, id, string(api.StatusApproved))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l PaymentLine
		var kind string
		var approved int64
		if err := rows.Scan(&l.Reference, &l.Matricule, &l.CIN, &l.LastName, &l.FirstName, &kind, &l.Season,
			&l.AmountCentimes, &approved); err != nil {
			return err
		}
		l.Kind = api.Kind(kind)
		if approved != 0 {
			l.ApprovedAt = fromMS(approved)
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}
