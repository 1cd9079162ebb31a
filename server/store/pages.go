package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/fos-mobile/fos/api"
)

// NewPage is a sanitised page to store (server/attachment made Data).
type NewPage struct {
	Document      int
	Name          string
	ContentType   string
	Width, Height int
	Data          []byte
	// Thumb is an image's thumbnail (thumbs.go), nil for a PDF.
	Thumb []byte
}

// PageData is a page's bytes with what serving them needs.
type PageData struct {
	ContentType string
	Name        string
	Data        []byte
}

const pageColumns = `p.id, p.document, p.number, p.content_type, p.name, p.size, p.width, p.height, p.state,
	p.reason_code, p.reason, p.created_at, p.updated_at`

func scanPage(sc interface{ Scan(...any) error }) (api.Page, error) {
	var p api.Page
	var state, code string
	var created, updated int64
	err := sc.Scan(&p.ID, &p.Document, &p.Number, &p.ContentType, &p.Name, &p.Size, &p.Width, &p.Height, &state,
		&code, &p.Reason, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	p.State, p.ReasonCode = api.PageState(state), api.RedoReason(code)
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return p, err
}

// ReplayedPage returns the page the member already stored under key, with
// found true, when key came with the same upload (hash); it lets a retried
// upload skip the sanitising. Errors: idempotency_mismatch (the key came
// with another upload).
func (s *Store) ReplayedPage(ctx context.Context, memberID int64, key, hash string) (api.Page, bool, error) {
	return s.replayedPage(ctx, conn{s, nil}, memberID, key, hash)
}

func (s *Store) replayedPage(ctx context.Context, q queryer, memberID int64, key, hash string) (api.Page, bool, error) {
	var stored string
	p, err := scanPage(scanRowPlus{q.QueryRowContext(ctx, `SELECT `+pageColumns+`, p.request_hash FROM pages p
		WHERE p.member_id = $1 AND p.idempotency_key = $2`, memberID, key), []any{&stored}})
	switch {
	case errors.Is(err, ErrNotFound):
		return api.Page{}, false, nil
	case err != nil:
		return api.Page{}, false, err
	case stored != hash:
		return api.Page{}, false, api.Errorf(api.CodeIdempotencyMismatch, "this Idempotency-Key was used for another page")
	}
	return p, true, nil
}

// PageQuota refuses, before any work on the upload, a page over the
// request's count or the member's daily budget (quota_exceeded). AddPage
// checks both again in its transaction.
func (s *Store) PageQuota(ctx context.Context, memberID, requestID int64) error {
	var n, today int
	err := s.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM pages WHERE reimbursement_id = $1 AND member_id = $2),
		COALESCE((SELECT count FROM page_uploads WHERE member_id = $2 AND day = $3), 0)`,
		requestID, memberID, s.today()).Scan(&n, &today)
	if err != nil {
		return err
	}
	return quota(n, today)
}

func quota(onRequest, today int) error {
	switch {
	case onRequest >= api.MaxPagesPerRequest:
		return api.Errorf(api.CodeQuotaExceeded, "a request holds at most %d pages; remove one first", api.MaxPagesPerRequest)
	case today >= api.MaxPagesPerDay:
		return api.Errorf(api.CodeQuotaExceeded, "at most %d pages a day; try again tomorrow", api.MaxPagesPerDay)
	}
	return nil
}

// AddPage stores page p on the member's request under the idempotency key
// (hash identifies the upload), in one transaction that also counts it in
// the day's budget, clears the document's pre-check (it is to be checked
// again) and raises the request's version. A key already stored with the
// same hash returns its page with replayed true. Errors: ErrNotFound (no
// such request, or another member's), invalid_transition (the request no
// longer awaits documents), invalid_request (no such document),
// quota_exceeded, idempotency_mismatch.
func (s *Store) AddPage(ctx context.Context, memberID, requestID int64, key, hash string, p NewPage) (page api.Page, replayed bool, err error) {
	defer s.versions.changed(memberID)
	for attempt := 0; attempt < 3; attempt++ {
		err = s.tx(ctx, func(tx *sql.Tx) error {
			c := s.in(tx)
			var found bool
			if page, found, err = s.replayedPage(ctx, c, memberID, key, hash); err != nil || found {
				replayed = found
				return err
			}
			docs, err := s.lockOwnRequest(ctx, tx, memberID, requestID)
			if err != nil {
				return err
			}
			if p.Document < 0 || p.Document >= len(docs) {
				return invalidField("document", "document %d is not on this request's list", p.Document)
			}
			var n, number, today int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(CASE WHEN document = $2 THEN number END), 0)
				FROM pages WHERE reimbursement_id = $1`, requestID, p.Document).Scan(&n, &number); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO page_uploads (member_id, day, count) VALUES ($1, $2, 1)
				ON CONFLICT (member_id, day) DO UPDATE SET count = page_uploads.count + 1 RETURNING count`,
				memberID, s.today()).Scan(&today); err != nil {
				return err
			}
			if err := quota(n, today-1); err != nil {
				return err
			}
			now := ms(s.now())
			var thumb any // NULL, not an empty blob, for a PDF
			if p.Thumb != nil {
				thumb = p.Thumb
			}
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO pages (reimbursement_id, member_id, document, number, content_type,
				name, size, width, height, state, idempotency_key, request_hash, created_at, updated_at, thumb, data)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15) RETURNING id`,
				requestID, memberID, p.Document, number+1, p.ContentType, p.Name, len(p.Data), p.Width, p.Height,
				string(api.PageSent), key, hash, now, thumb, p.Data).Scan(&id); err != nil {
				return err
			}
			if err := s.clearCheck(ctx, tx, requestID, p.Document); err != nil {
				return err
			}
			page, err = scanPage(tx.QueryRowContext(ctx, `SELECT `+pageColumns+` FROM pages p WHERE p.id = $1`, id))
			return err
		})
		// Two uploads racing on one key: the loser's insert fails, and
		// its retry finds the winner's page.
		if err == nil || !isUniqueViolation(err) {
			return page, replayed, err
		}
	}
	return page, replayed, err
}

// lockOwnRequest locks the member's request awaiting documents and
// returns its documents list (French). Errors: ErrNotFound,
// invalid_transition.
func (s *Store) lockOwnRequest(ctx context.Context, tx *sql.Tx, memberID, requestID int64) ([]string, error) {
	lock := ""
	if s.engine == Postgres {
		lock = " FOR UPDATE"
	}
	var status, docs string
	var owner int64
	err := tx.QueryRowContext(ctx, `SELECT status, member_id, documents_fr FROM reimbursements WHERE id = $1`+lock, requestID).
		Scan(&status, &owner, &docs)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != memberID) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if api.Status(status) != api.StatusAwaitingDocuments {
		e := api.Errorf(api.CodeInvalidTransition, "pages can be sent only while the originals are awaited, not when %s", status)
		e.Status = api.Status(status)
		return nil, e
	}
	return s.lists.decode(docs)
}

// Pages lists the pages of the member's request, by document and number.
// Errors: ErrNotFound (no such request, or another member's).
func (s *Store) Pages(ctx context.Context, memberID, requestID int64) ([]api.Page, error) {
	var owner int64
	err := s.queryRow(ctx, `SELECT member_id FROM reimbursements WHERE id = $1`, requestID).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != memberID) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.pages(ctx, requestID)
}

func (s *Store) pages(ctx context.Context, requestID int64) ([]api.Page, error) {
	rows, err := s.query(ctx, `SELECT `+pageColumns+` FROM pages p WHERE p.reimbursement_id = $1
		ORDER BY p.document, p.number LIMIT 200`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []api.Page{}
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PageData returns the bytes of one of the member's pages. Errors:
// ErrNotFound (no such page on that request, or another member's).
func (s *Store) PageData(ctx context.Context, memberID, requestID, pageID int64) (PageData, error) {
	var d PageData
	err := s.queryRow(ctx, `SELECT content_type, name, data FROM pages WHERE id = $1 AND reimbursement_id = $2
		AND member_id = $3`, pageID, requestID, memberID).Scan(&d.ContentType, &d.Name, &d.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	return d, err
}

// DeletePage removes one of the member's pages at once, while it is sent
// or to be redone: a page an agent is looking at or accepted stays.
// Errors: ErrNotFound, invalid_transition (with the request's status when
// it no longer awaits documents).
func (s *Store) DeletePage(ctx context.Context, memberID, requestID, pageID int64) error {
	defer s.versions.changed(memberID)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockOwnRequest(ctx, tx, memberID, requestID); err != nil {
			return err
		}
		var state string
		err := tx.QueryRowContext(ctx, `SELECT state FROM pages WHERE id = $1 AND reimbursement_id = $2`, pageID, requestID).Scan(&state)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if st := api.PageState(state); st != api.PageSent && st != api.PageRedo {
			return api.Errorf(api.CodeInvalidTransition, "an agent has looked at this page (%s); it can no longer be removed", st)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pages WHERE id = $1`, pageID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE reimbursements SET version = version + 1 WHERE id = $1`, requestID)
		return err
	})
}

// cleanName keeps a file name fit to show: its last path element, no
// control characters, at most 100 characters; "page" when nothing is left.
func CleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	if name == "" {
		return "page"
	}
	return name
}
