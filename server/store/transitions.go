package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/fos-mobile/fos/api"
)

// Move is one allowed change of status.
type Move struct {
	To    api.Status
	From  []api.Status
	Actor api.Actor
}

// The moves of the contract.
var (
	MoveReceive = Move{api.StatusDocumentsReceived, []api.Status{api.StatusAwaitingDocuments}, api.ActorAgent}
	MoveApprove = Move{api.StatusApproved, []api.Status{api.StatusDocumentsReceived}, api.ActorAgent}
	MoveReject  = Move{api.StatusRejected, []api.Status{api.StatusAwaitingDocuments, api.StatusDocumentsReceived}, api.ActorAgent}
	MovePay     = Move{api.StatusPaid, []api.Status{api.StatusApproved}, api.ActorAgent}
	MoveCancel  = Move{api.StatusCancelled, []api.Status{api.StatusAwaitingDocuments}, api.ActorMember}
	MoveExpire  = Move{api.StatusExpired, []api.Status{api.StatusAwaitingDocuments}, api.ActorSystem}
)

func (m Move) allowed(from api.Status) bool {
	for _, f := range m.From {
		if f == from {
			return true
		}
	}
	return false
}

// Change is what a move records besides the status.
type Change struct {
	Note           string
	AmountCentimes int64 // with approve
	Reason         string
	AgentID        int64 // with agent moves
	MemberID       int64 // with member moves: the request must be the member's

	// ReasonCode, optional with reject, is why in words the app translates.
	ReasonCode api.RejectReason
}

// Transition applies move to request id and appends its event, in one
// transaction. Errors: ErrNotFound (also for another member's request),
// invalid_transition (with the current status).
func (s *Store) Transition(ctx context.Context, id int64, move Move, ch Change) (api.Reimbursement, error) {
	var out api.Reimbursement
	var owner int64
	defer func() { s.versions.changed(owner) }()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		lock := ""
		if s.engine == Postgres {
			lock = " FOR UPDATE"
		}
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status, member_id FROM reimbursements WHERE id = $1`+lock, id).Scan(&status, &owner)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && move.Actor == api.ActorMember && owner != ch.MemberID) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if !move.allowed(api.Status(status)) {
			e := api.Errorf(api.CodeInvalidTransition, "a request that is %s cannot become %s", status, move.To)
			e.Status = api.Status(status)
			return e
		}
		note := ch.Note
		if move.To == api.StatusRejected && note == "" {
			note = ch.Reason
		}
		var code api.RejectReason
		if move.To == api.StatusRejected {
			code = ch.ReasonCode
		}
		if err := s.setStatus(ctx, tx, id, move, s.now(), statusChange{amount: ch.AmountCentimes, reason: ch.Reason,
			code: code, note: note, agentID: ch.AgentID}); err != nil {
			return err
		}
		if move.Actor == api.ActorMember {
			out, err = s.memberReimbursement(ctx, tx, ch.MemberID, id)
		} else {
			out, err = s.adminReimbursement(ctx, tx, id)
		}
		return err
	})
	return out, err
}

// statusChange is what a move writes besides the status.
type statusChange struct {
	amount  int64 // with approve
	reason  string
	code    api.RejectReason // with reject; "" for none
	note    string
	agentID int64
}

// setStatus is what a move means, whoever makes it (the agents' API, the
// console, the member's cancel): the new status and its fields, the
// event, and the member's mail queued, all in tx. The caller has checked
// that move is allowed from the current status.
func (s *Store) setStatus(ctx context.Context, tx *sql.Tx, id int64, move Move, now time.Time, c statusChange) error {
	var amount, reason, code any
	switch move.To {
	case api.StatusApproved:
		amount = c.amount
	case api.StatusRejected:
		reason = c.reason
		if c.code != "" {
			code = string(c.code)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE reimbursements SET status = $1, updated_at = $2, version = version + 1,
		missing_documents = NULL, amount_centimes = COALESCE($3, amount_centimes), reason = COALESCE($4, reason),
		reject_reason = COALESCE($5, reject_reason) WHERE id = $6`,
		string(move.To), ms(now), amount, reason, code, id); err != nil {
		return err
	}
	if err := addEvent(ctx, tx, id, move.To, ms(now), c.note, move.Actor, c.agentID); err != nil {
		return err
	}
	if move.Actor == api.ActorMember {
		return nil // the member made it: nothing to tell them
	}
	return s.queueNotices(ctx, tx, now, NoticeStep, []int64{id})
}

func addEvent(ctx context.Context, tx execer, id int64, status api.Status, at int64, note string, actor api.Actor, agentID int64) error {
	var agent any
	if agentID != 0 {
		agent = agentID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO events (reimbursement_id, status, at, note, actor, agent_id)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, string(status), at, note, string(actor), agent)
	return err
}

// deadlineFrom is the last day to deposit the originals of a request made
// at local time t.
func deadlineFrom(t time.Time, days int) api.Date { return api.DateOf(t).AddDays(days) }

// ExpireOverdue moves every awaiting_documents request whose deposit
// deadline has passed to expired, with its event, in batches. The
// conditional UPDATE … RETURNING makes each request expire exactly once even
// when several replicas run this at the same moment.
func (s *Store) ExpireOverdue(ctx context.Context, batch int) (int, error) {
	total := 0
	for {
		n := 0
		err := s.tx(ctx, func(tx *sql.Tx) error {
			now := s.now()
			rows, err := tx.QueryContext(ctx, `UPDATE reimbursements SET status = $1, updated_at = $2, version = version + 1
				WHERE id IN (SELECT id FROM reimbursements WHERE status = $3 AND deposit_deadline < $4 ORDER BY id LIMIT $5)
				AND status = $3 RETURNING id`,
				string(api.StatusExpired), ms(now), string(api.StatusAwaitingDocuments), s.today(), batch)
			if err != nil {
				return err
			}
			ids, err := scanColumn[int64](rows)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := addEvent(ctx, tx, id, api.StatusExpired, ms(now), "originals not deposited by the deadline", api.ActorSystem, 0); err != nil {
					return err
				}
			}
			n = len(ids)
			return s.queueNotices(ctx, tx, now, NoticeStep, ids)
		})
		if n > 0 {
			// Any number of members' lists changed: forget every cached
			// list version, now that the transaction has ended.
			s.versions.changedAll()
		}
		total += n
		if err != nil || n < batch {
			return total, err
		}
	}
}

// Cleanup deletes what no one needs any more: idempotency keys and ended
// sessions older than keep, spent recovery codes, stale throttles and sent
// mails.
func (s *Store) Cleanup(ctx context.Context, keep time.Duration) error {
	cut := ms(s.now().Add(-keep))
	now := ms(s.now())
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM idempotency_keys WHERE created_at < $1`, []any{cut}},
		{`DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1`, []any{cut}},
		{`DELETE FROM recovery_codes WHERE expires_at < $1`, []any{cut}},
		{`DELETE FROM throttle WHERE last_failure < $1 AND locked_until < $2 AND pending_until < $2`, []any{cut, now}},
		{`DELETE FROM outbox WHERE sent_at < $1`, []any{cut}},
		{`DELETE FROM page_uploads WHERE day < $1`, []any{s.now().Add(-keep).In(s.loc).Format("2006-01-02")}},
		// A mail still undelivered after keep will never matter (a code in
		// it died long ago), and its body must not stay in the database.
		{`DELETE FROM outbox WHERE sent_at IS NULL AND created_at < $1`, []any{cut}},
	} {
		if _, err := s.exec(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	return nil
}
