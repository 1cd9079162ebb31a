package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fos-mobile/fos/api"
)

// ErrStale is returned by Act when the request changed since the version
// the agent saw: the action is refused, nothing is written.
var ErrStale = errors.New("store: the request changed since it was read")

// ActKind is one of the console's actions on a request.
type ActKind string

// The console's actions.
const (
	ActReceive ActKind = "receive" // Documents reçus: every original ticked
	ActMissing ActKind = "missing" // Documents incomplets: which originals are missing
	ActApprove ActKind = "approve"
	ActReject  ActKind = "reject"
	ActPay     ActKind = "pay"
	ActNote    ActKind = "note"
)

// Action is what an agent asks of a request, made on Version.
type Action struct {
	Kind    ActKind
	Version int64
	AgentID int64
	Note    string
	// AmountCentimes with approve.
	AmountCentimes int64
	// Reason (and Note as its text) with reject.
	Reason api.RejectReason
	// Missing with missing: indexes into the request's required documents.
	Missing []int
}

// move is the status change of an action; ActMissing and ActNote keep the status.
func (a Action) move() (Move, bool) {
	switch a.Kind {
	case ActReceive:
		return MoveReceive, true
	case ActApprove:
		return MoveApprove, true
	case ActReject:
		return MoveReject, true
	case ActPay:
		return MovePay, true
	}
	return Move{}, false
}

// Act applies an agent's action to request id in one transaction, only if
// the request is still at a.Version. Errors: ErrNotFound, ErrStale (another
// change came first), invalid_transition (the status forbids it),
// invalid_request (an action or missing list that makes no sense).
//
// A form submitted twice acts once: when the request is exactly one
// version past a.Version and that version is this agent's same action,
// Act returns the request as it is, with replayed true, and writes nothing.
func (s *Store) Act(ctx context.Context, id int64, a Action) (r api.Reimbursement, replayed bool, err error) {
	move, changes := a.move()
	if !changes && a.Kind != ActMissing && a.Kind != ActNote {
		return r, false, api.Errorf(api.CodeInvalidRequest, "unknown action %q", a.Kind)
	}
	var owner int64
	defer func() { s.versions.changed(owner) }()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		lock := ""
		if s.engine == Postgres {
			lock = " FOR UPDATE"
		}
		var status, docs string
		var version int64
		err := tx.QueryRowContext(ctx, `SELECT status, version, documents_fr, member_id FROM reimbursements WHERE id = $1`+lock, id).
			Scan(&status, &version, &docs, &owner)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if version != a.Version {
			if version == a.Version+1 && s.sameLastEvent(ctx, tx, id, a, move) {
				replayed = true
				r, err = s.adminReimbursement(ctx, tx, id)
				return err
			}
			return ErrStale
		}
		now := s.now()
		switch {
		case changes:
			if !move.allowed(api.Status(status)) {
				e := api.Errorf(api.CodeInvalidTransition, "a request that is %s cannot become %s", status, move.To)
				e.Status = api.Status(status)
				return e
			}
			err = s.actMove(ctx, tx, id, a, move, now)
		case a.Kind == ActMissing:
			err = s.actMissing(ctx, tx, id, a, api.Status(status), docs, now)
		default:
			if _, err = tx.ExecContext(ctx, `UPDATE reimbursements SET version = version + 1 WHERE id = $1`, id); err == nil {
				err = addKindEvent(ctx, tx, id, api.Status(status), ms(now), a.Note, a.AgentID, api.EventNote)
			}
		}
		if err != nil {
			return err
		}
		r, err = s.adminReimbursement(ctx, tx, id)
		return err
	})
	return r, replayed, err
}

func (s *Store) actMove(ctx context.Context, tx *sql.Tx, id int64, a Action, move Move, now time.Time) error {
	c := statusChange{note: a.Note, agentID: a.AgentID}
	switch move.To {
	case api.StatusApproved:
		if a.AmountCentimes < 1 {
			return invalidField("amount", "the amount must be positive")
		}
		c.amount = a.AmountCentimes
	case api.StatusRejected:
		if !a.Reason.Valid() {
			return invalidField("reason", "unknown reason %q", a.Reason)
		}
		c.reason, c.code = a.Note, a.Reason
	}
	return s.setStatus(ctx, tx, id, move, now, c)
}

func (s *Store) actMissing(ctx context.Context, tx *sql.Tx, id int64, a Action, status api.Status, docs string, now time.Time) error {
	if status != api.StatusAwaitingDocuments {
		e := api.Errorf(api.CodeInvalidTransition, "documents can be found missing only while awaited, not when %s", status)
		e.Status = status
		return e
	}
	var list []string
	if err := json.Unmarshal([]byte(docs), &list); err != nil {
		return err
	}
	if len(a.Missing) == 0 {
		return invalidField("missing", "tick at least one missing document")
	}
	seen := map[int]bool{}
	for _, i := range a.Missing {
		if i < 0 || i >= len(list) || seen[i] {
			return invalidField("missing", "document %d is not on this request's list", i)
		}
		seen[i] = true
	}
	b, _ := json.Marshal(a.Missing)
	if _, err := tx.ExecContext(ctx, `UPDATE reimbursements SET updated_at = $1, version = version + 1, missing_documents = $2
		WHERE id = $3`, ms(now), string(b), id); err != nil {
		return err
	}
	if err := addKindEvent(ctx, tx, id, status, ms(now), a.Note, a.AgentID, api.EventMissingDocuments); err != nil {
		return err
	}
	return s.queueNotices(ctx, tx, now, NoticeStep, []int64{id})
}

// sameLastEvent reports whether the request's last change is agent's own
// action a, with the same values: the first of two identical submissions.
func (s *Store) sameLastEvent(ctx context.Context, tx *sql.Tx, id int64, a Action, move Move) bool {
	var status, note, kind, missing, code string
	var agent, amount sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT e.status, e.note, e.kind, e.agent_id, COALESCE(r.missing_documents, ''),
		r.amount_centimes, COALESCE(r.reject_reason, '') FROM events e JOIN reimbursements r ON r.id = e.reimbursement_id
		WHERE e.reimbursement_id = $1 ORDER BY e.id DESC LIMIT 1`, id).Scan(&status, &note, &kind, &agent, &missing, &amount, &code)
	if err != nil || !agent.Valid || agent.Int64 != a.AgentID || note != a.Note {
		return false
	}
	switch a.Kind {
	case ActMissing:
		b, _ := json.Marshal(a.Missing)
		return kind == string(api.EventMissingDocuments) && missing == string(b)
	case ActNote:
		return kind == string(api.EventNote)
	case ActApprove:
		return kind == "status" && status == string(move.To) && amount.Valid && amount.Int64 == a.AmountCentimes
	case ActReject:
		return kind == "status" && status == string(move.To) && code == string(a.Reason)
	}
	return kind == "status" && status == string(move.To)
}

func addKindEvent(ctx context.Context, tx *sql.Tx, id int64, status api.Status, at int64, note string, agentID int64, kind api.EventKind) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO events (reimbursement_id, status, at, note, actor, agent_id, kind)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, string(status), at, note, string(api.ActorAgent), agentID, string(kind))
	return err
}

func invalidField(field, format string, args ...any) error {
	e := api.Errorf(api.CodeInvalidRequest, format, args...)
	e.Field = field
	return e
}

// missingDocuments turns the stored indexes into the documents' texts.
func missingDocuments(stored string, docs api.TextList) (*api.TextList, error) {
	if stored == "" {
		return nil, nil
	}
	var idx []int
	if err := json.Unmarshal([]byte(stored), &idx); err != nil {
		return nil, fmt.Errorf("missing documents %q: %w", stored, err)
	}
	out := &api.TextList{FR: []string{}, AR: []string{}}
	for _, i := range idx {
		if i >= 0 && i < len(docs.FR) && i < len(docs.AR) {
			out.FR, out.AR = append(out.FR, docs.FR[i]), append(out.AR, docs.AR[i])
		}
	}
	return out, nil
}
