package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fos-mobile/fos/api"
)

// AgentPages lists the pages of any request, by document and number.
// Errors: ErrNotFound (no such request).
func (s *Store) AgentPages(ctx context.Context, requestID int64) ([]api.Page, error) {
	var one int
	err := s.queryRow(ctx, `SELECT 1 FROM reimbursements WHERE id = $1`, requestID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.pages(ctx, requestID)
}

// AgentPageData returns the bytes of a page of any request, and marks a
// page still "sent" as seen by an agent: from then on its member can no
// longer remove it. Errors: ErrNotFound.
func (s *Store) AgentPageData(ctx context.Context, requestID, pageID int64) (PageData, error) {
	var d PageData
	var state string
	err := s.queryRow(ctx, `SELECT content_type, name, state, data FROM pages WHERE id = $1 AND reimbursement_id = $2`,
		pageID, requestID).Scan(&d.ContentType, &d.Name, &state, &d.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil || api.PageState(state) != api.PageSent {
		return d, err
	}
	_, err = s.exec(ctx, `UPDATE pages SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4`,
		string(api.PageSeen), ms(s.now()), pageID, string(api.PageSent))
	return d, err
}

// Check is an agent's pre-check of one document of a request, made on
// Version.
type Check struct {
	Version  int64
	AgentID  int64
	Document int
	Result   api.CheckResult
	Code     api.RedoReason // with redo
	Reason   string         // optional text, with redo
}

func (c Check) valid() error {
	switch {
	case c.Result != api.CheckComplete && c.Result != api.CheckRedo:
		return invalidField("result", "must be complete or redo")
	case c.Result == api.CheckRedo && !c.Code.Valid():
		return invalidField("reason_code", "pick a reason from the list")
	case c.Result == api.CheckComplete && (c.Code != "" || c.Reason != ""):
		return invalidField("reason", "a complete document takes no reason")
	case c.Code == api.RedoOther && strings.TrimSpace(c.Reason) == "":
		return invalidField("reason", "say what is wrong")
	case utf8.RuneCountInString(c.Reason) > 500:
		return invalidField("reason", "at most 500 characters")
	}
	return nil
}

// Precheck records an agent's answer on one document of request id, only
// if the request is still at c.Version, in one transaction: the document's
// pages become accepted (complete) or to be redone with the reason (redo),
// the answer replaces the document's previous one, and an event of kind
// "precheck" (back office only; the answer in api.Event.Check) is added,
// and the member's mail queued.
// Errors: ErrNotFound, ErrStale,
// invalid_transition (the request no longer awaits documents),
// invalid_request (no such document, no page to accept, a bad reason).
//
// A form submitted twice acts once, as with Act: when the request is one
// version past c.Version and its last event is this agent's same answer,
// the request is returned as it is, with replayed true.
func (s *Store) Precheck(ctx context.Context, id int64, c Check) (r api.Reimbursement, replayed bool, err error) {
	c.Reason = strings.TrimSpace(c.Reason)
	if err := c.valid(); err != nil {
		return r, false, err
	}
	var owner int64
	defer func() { s.versions.changed(owner) }()
	note := checkNote(c)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		lock := ""
		if s.engine == Postgres {
			lock = " FOR UPDATE"
		}
		var status, docs, stored string
		var version int64
		err := tx.QueryRowContext(ctx, `SELECT status, version, documents_fr, member_id, COALESCE(precheck, '')
			FROM reimbursements WHERE id = $1`+lock, id).Scan(&status, &version, &docs, &owner, &stored)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if version != c.Version {
			if version == c.Version+1 && s.lastPrecheck(ctx, tx, id, c.AgentID, note) {
				replayed = true
				r, err = s.adminReimbursement(ctx, tx, id)
				return err
			}
			return ErrStale
		}
		if api.Status(status) != api.StatusAwaitingDocuments {
			e := api.Errorf(api.CodeInvalidTransition, "pages are pre-checked only while the originals are awaited, not when %s", status)
			e.Status = api.Status(status)
			return e
		}
		list, err := s.lists.decode(docs)
		if err != nil {
			return err
		}
		if c.Document < 0 || c.Document >= len(list) {
			return invalidField("document", "document %d is not on this request's list", c.Document)
		}
		now := s.now()
		if err := s.checkPages(ctx, tx, id, c, ms(now)); err != nil {
			return err
		}
		checks, err := decodeChecks(stored)
		if err != nil {
			return err
		}
		checks = setCheck(checks, api.DocumentCheck{Document: c.Document, Result: c.Result, ReasonCode: c.Code, Reason: c.Reason, At: now})
		b, _ := json.Marshal(checks)
		if _, err := tx.ExecContext(ctx, `UPDATE reimbursements SET precheck = $1, version = version + 1 WHERE id = $2`,
			string(b), id); err != nil {
			return err
		}
		if err := addKindEvent(ctx, tx, id, api.Status(status), ms(now), note, c.AgentID, api.EventPrecheck); err != nil {
			return err
		}
		// The member is told with the app closed too (server/mail).
		if err := s.queueNotices(ctx, tx, now, NoticeStep, []int64{id}); err != nil {
			return err
		}
		r, err = s.adminReimbursement(ctx, tx, id)
		return err
	})
	return r, replayed, err
}

// checkPages applies the answer to the document's pages: complete accepts
// the pages sent or seen (and needs one at least, or pages accepted
// already); redo marks every page not already to be redone.
func (s *Store) checkPages(ctx context.Context, tx *sql.Tx, id int64, c Check, now int64) error {
	if c.Result == api.CheckComplete {
		res, err := tx.ExecContext(ctx, `UPDATE pages SET state = $1, reason_code = '', reason = '', updated_at = $2
			WHERE reimbursement_id = $3 AND document = $4 AND state IN ('sent', 'seen')`,
			string(api.PageAccepted), now, id, c.Document)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		var accepted int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pages WHERE reimbursement_id = $1 AND document = $2
			AND state = 'accepted'`, id, c.Document).Scan(&accepted); err != nil {
			return err
		}
		if accepted == 0 {
			return invalidField("document", "no page of this document to accept")
		}
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE pages SET state = $1, reason_code = $2, reason = $3, updated_at = $4
		WHERE reimbursement_id = $5 AND document = $6 AND state <> 'redo'`,
		string(api.PageRedo), string(c.Code), c.Reason, now, id, c.Document)
	return err
}

// checkNote is the event's note: the answer itself, as JSON (eventCheck),
// which events reads back into api.Event.Check so that every surface
// words it in its reader's language.
func checkNote(c Check) string {
	b, _ := json.Marshal(eventCheck{Document: c.Document, Result: c.Result, ReasonCode: c.Code, Reason: c.Reason})
	return string(b)
}

func (s *Store) lastPrecheck(ctx context.Context, tx *sql.Tx, id, agentID int64, note string) bool {
	var kind, last string
	var agent sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT kind, note, agent_id FROM events WHERE reimbursement_id = $1 ORDER BY id DESC LIMIT 1`, id).
		Scan(&kind, &last, &agent)
	return err == nil && kind == string(api.EventPrecheck) && last == note && agent.Valid && agent.Int64 == agentID
}

// clearCheck forgets the answer on a document that got a new page: it is
// to be checked again.
func (s *Store) clearCheck(ctx context.Context, tx *sql.Tx, id int64, document int) error {
	var stored string
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(precheck, '') FROM reimbursements WHERE id = $1`, id).Scan(&stored); err != nil {
		return err
	}
	checks, err := decodeChecks(stored)
	if err != nil {
		return err
	}
	kept := checks[:0]
	for _, c := range checks {
		if c.Document != document {
			kept = append(kept, c)
		}
	}
	var v any
	if len(kept) > 0 {
		b, _ := json.Marshal(kept)
		v = string(b)
	}
	_, err = tx.ExecContext(ctx, `UPDATE reimbursements SET precheck = $1, version = version + 1 WHERE id = $2`, v, id)
	return err
}

func decodeChecks(stored string) ([]api.DocumentCheck, error) {
	if stored == "" {
		return nil, nil
	}
	var out []api.DocumentCheck
	if err := json.Unmarshal([]byte(stored), &out); err != nil {
		return nil, fmt.Errorf("precheck %q: %w", stored, err)
	}
	return out, nil
}

func setCheck(checks []api.DocumentCheck, c api.DocumentCheck) []api.DocumentCheck {
	for i := range checks {
		if checks[i].Document == c.Document {
			checks[i] = c
			return checks
		}
	}
	checks = append(checks, c)
	sort.Slice(checks, func(i, j int) bool { return checks[i].Document < checks[j].Document })
	return checks
}

// precheckOf is the stored answers as the API shows them: nil when there
// is none.
func precheckOf(stored string, documents int) (*api.Precheck, error) {
	checks, err := decodeChecks(stored)
	if err != nil || len(checks) == 0 {
		return nil, err
	}
	complete := 0
	for _, c := range checks {
		if c.Result == api.CheckComplete {
			complete++
		}
	}
	return &api.Precheck{Documents: checks, Complete: documents > 0 && complete == documents}, nil
}

// PurgePages deletes, in batches, the pages of requests that ended (paid,
// rejected, cancelled or expired) more than keep ago, and returns how many
// went. The member's own removals are immediate (DeletePage).
func (s *Store) PurgePages(ctx context.Context, keep time.Duration, batch int) (int, error) {
	cut := ms(s.now().Add(-keep))
	total := 0
	for {
		res, err := s.exec(ctx, `DELETE FROM pages WHERE id IN (SELECT p.id FROM pages p
			JOIN reimbursements r ON r.id = p.reimbursement_id
			WHERE r.status IN ('paid', 'rejected', 'cancelled', 'expired') AND r.updated_at < $1 LIMIT $2)`, cut, batch)
		if err != nil {
			return total, err
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if int(n) < batch {
			return total, nil
		}
	}
}
