package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fos-mobile/fos/api"
)

// Created is the outcome of CreateReimbursement: the request and the exact
// 201 body, which a repeated Idempotency-Key replays byte for byte.
type Created struct {
	Reimbursement api.Reimbursement
	Body          []byte
	Replayed      bool
}

// CreateReimbursement opens a request for the member under an idempotency
// key, in one transaction. Errors: idempotency_mismatch (the key came with
// another body), profile_changed (with the current profile), window_closed,
// already_requested (with the live request's reference and id).
//
// The key row and the one-live-request unique index make it safe under any
// concurrency: a racing duplicate fails its insert, and is retried to find
// the winner's row.
//
// The checks that only read (the member's profile, the window) run before
// the request joins the writers' queue, on a reader connection: on SQLite
// the writers' turn is serial, so the less it holds, the more creates a
// second. A refusal from them is confirmed against the key first, so a
// retry whose original was created is replayed, never refused.
func (s *Store) CreateReimbursement(ctx context.Context, memberID int64, key string, req api.CreateReimbursementRequest) (Created, error) {
	canon, _ := json.Marshal(req)
	sum := sha256.Sum256(canon)
	hash := hex.EncodeToString(sum[:])
	now := s.now()
	c, refusal, err := s.createChecks(ctx, memberID, req, now)
	if err != nil {
		return Created{}, err
	}
	if refusal != nil {
		if out, found, err := s.stored(ctx, conn{s, nil}, memberID, key, hash); found || err != nil {
			return out, err
		}
		return Created{}, refusal
	}
	// The member's list version changes with the commit: forget it once
	// the transaction has ended, whatever its outcome (versioncache.go).
	defer s.versions.changed(memberID)
	var out Created
	for attempt := 0; attempt < 3; attempt++ {
		err = s.batch(ctx, func(ctx context.Context, tx conn) error {
			out, err = s.create(ctx, tx, memberID, key, hash, req, c, now)
			return err
		})
		if err == nil || !isUniqueViolation(err) {
			return out, err
		}
	}
	return out, err
}

// createChecks returns the window a create goes into, or the refusal of
// the member's profile (profile_changed) or of the window (window_closed).
func (s *Store) createChecks(ctx context.Context, memberID int64, req api.CreateReimbursementRequest, now time.Time) (Campaign, *api.Error, error) {
	m, err := scanMember(s.queryRow(ctx, `SELECT `+memberColumns+` FROM members WHERE id = $1`, memberID))
	if err != nil {
		return Campaign{}, nil, err
	}
	if m.ConfirmedProfile != req.ConfirmedProfile {
		current := m.ConfirmedProfile
		e := api.Errorf(api.CodeProfileChanged, "your personal data changed; please confirm them again")
		e.CurrentProfile = &current
		return Campaign{}, e, nil
	}
	c, err := s.campaign(ctx, conn{s, nil}, req.Kind)
	if errors.Is(err, ErrNotFound) || (err == nil && !c.OpenAt(now, s.loc)) {
		return Campaign{}, api.Errorf(api.CodeWindowClosed, "the %s window is not open", req.Kind), nil
	}
	return c, nil, err
}

// create writes the request into window c, in the writers' turn.
func (s *Store) create(ctx context.Context, tx conn, memberID int64, key, hash string, req api.CreateReimbursementRequest, c Campaign, now time.Time) (Created, error) {
	if out, found, err := s.stored(ctx, tx, memberID, key, hash); found || err != nil {
		return out, err
	}
	var liveID int64
	var liveRef string
	err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(reference, '') FROM reimbursements
		WHERE member_id = $1 AND kind = $2 AND season = $3 AND status NOT IN ('cancelled', 'expired')`,
		memberID, string(req.Kind), c.Season).Scan(&liveID, &liveRef)
	if err == nil {
		// On PostgreSQL (READ COMMITTED) each statement sees what was
		// committed before it began, so the live request may have been
		// committed under this very key after the lookup above, by the
		// original of a racing retry. Look again: a key's own request is
		// replayed, never refused.
		if out, found, err := s.stored(ctx, tx, memberID, key, hash); found || err != nil {
			return out, err
		}
		e := api.Errorf(api.CodeAlreadyRequested, "a request of this kind already exists this season: %s", liveRef)
		e.Reference, e.RequestID = liveRef, liveID
		return Created{}, e
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Created{}, err
	}

	at := ms(now)
	deadline := deadlineFrom(now.In(s.loc), c.DepositDays)
	fr, _ := json.Marshal(c.Documents.FR)
	ar, _ := json.Marshal(c.Documents.AR)
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO reimbursements (member_id, kind, season, status, created_at, updated_at,
		deposit_deadline, documents_fr, documents_ar, location_fr, location_ar)
		VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10) RETURNING id`,
		memberID, string(req.Kind), c.Season, string(api.StatusAwaitingDocuments), at, deadline.String(),
		string(fr), string(ar), c.Location.FR, c.Location.AR).Scan(&id); err != nil {
		return Created{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE reimbursements SET reference = $1 WHERE id = $2`,
		Reference(c.Season, id), id); err != nil {
		return Created{}, err
	}
	if err := addEvent(ctx, tx, id, api.StatusAwaitingDocuments, at, "", api.ActorMember, 0); err != nil {
		return Created{}, err
	}
	// The request as a read would return it (TestCreateAnswersWhatIsStored
	// holds the two together), built from what was just written rather
	// than read back: two queries fewer inside the writer's turn.
	r := api.Reimbursement{
		ID: id, Reference: Reference(c.Season, id), Kind: req.Kind, Season: c.Season,
		Status: api.StatusAwaitingDocuments, CreatedAt: fromMS(at), UpdatedAt: fromMS(at), DepositDeadline: deadline,
		Events: []api.Event{{Status: api.StatusAwaitingDocuments, At: fromMS(at), Actor: api.ActorMember}},
	}
	r.DepositLocation = c.Location
	if r.RequiredDocuments.FR, err = s.lists.decode(string(fr)); err != nil {
		return Created{}, err
	}
	if r.RequiredDocuments.AR, err = s.lists.decode(string(ar)); err != nil {
		return Created{}, err
	}
	out, err := json.Marshal(r)
	if err != nil {
		return Created{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (member_id, key, request_hash, reimbursement_id, response, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, memberID, key, hash, id, string(out), at); err != nil {
		return Created{}, err
	}
	return Created{Reimbursement: r, Body: out}, nil
}

// stored looks the key up: found with the stored 201 to replay, or
// idempotency_mismatch when the key came with another body.
func (s *Store) stored(ctx context.Context, tx queryer, memberID int64, key, hash string) (Created, bool, error) {
	var storedHash, body string
	err := tx.QueryRowContext(ctx, `SELECT request_hash, response FROM idempotency_keys WHERE member_id = $1 AND key = $2`,
		memberID, key).Scan(&storedHash, &body)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Created{}, false, nil
	case err != nil:
		return Created{}, false, err
	case storedHash != hash:
		return Created{}, false, api.Errorf(api.CodeIdempotencyMismatch, "this Idempotency-Key was used with another request body")
	}
	var r api.Reimbursement
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return Created{}, false, err
	}
	return Created{Reimbursement: r, Body: []byte(body), Replayed: true}, true, nil
}

// Reference is the human-readable reference of request id in season.
func Reference(season int, id int64) string { return fmt.Sprintf("EST-%d-%06d", season, id) }
