package durability

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// attempt is one create a client sent, and what came back.
type attempt struct {
	member   int64 // members.id
	kind     api.Kind
	key      string
	server   string
	phase    string // when it was sent: "load", "retry", …
	reply    reply
	replayed bool // set by the crash test: the key was stored before this retry
}

func (a attempt) String() string {
	return fmt.Sprintf("member %d %s key %s on %s (%s): %s", a.member, a.kind, a.key, a.server, a.phase, a.reply)
}

// storedRequest is one row of reimbursements.
type storedRequest struct {
	id, member int64
	kind       string
	season     int
	reference  string
	status     string
}

// memberKey names one idempotency key.
type memberKey struct {
	member int64
	key    string
}

// loadRequests reads every request, by id.
func loadRequests(t *testing.T, s *store.Store) map[int64]storedRequest {
	t.Helper()
	rows, err := s.DB().QueryContext(queryCtx(t), `SELECT id, member_id, kind, season, COALESCE(reference, ''), status FROM reimbursements`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]storedRequest{}
	for rows.Next() {
		var r storedRequest
		if err := rows.Scan(&r.id, &r.member, &r.kind, &r.season, &r.reference, &r.status); err != nil {
			t.Fatal(err)
		}
		out[r.id] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// loadKeys reads every idempotency key and the request it opened.
func loadKeys(t *testing.T, s *store.Store) map[memberKey]int64 {
	t.Helper()
	rows, err := s.DB().QueryContext(queryCtx(t), `SELECT member_id, key, reimbursement_id FROM idempotency_keys`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[memberKey]int64{}
	for rows.Next() {
		var k memberKey
		var id int64
		if err := rows.Scan(&k.member, &k.key, &id); err != nil {
			t.Fatal(err)
		}
		out[k] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkAnswers proves that what the clients were told is what the database
// holds:
//   - every 201 names a stored request with the same id, reference, member,
//     kind and season, and its key is stored pointing at that request;
//   - all 201s for one key carry the same bytes (a replay is the original);
//   - every already_requested names a stored live request of that member
//     and kind, with its reference, opened under another key (a key's own
//     request is replayed, never refused);
//   - every answer about one member and kind names one and the same request.
//
// Any other status fails the test; attempts without an answer are the
// caller's to judge and are skipped here.
func checkAnswers(t *testing.T, s *store.Store, attempts []attempt) {
	t.Helper()
	reqs, keys := loadRequests(t, s), loadKeys(t, s)
	firstBody := map[memberKey][]byte{}
	named := map[string]int64{} // "member/kind" → the request every answer names
	for _, a := range attempts {
		r := a.reply
		if r.err != nil {
			continue
		}
		var id int64
		var ref string
		switch {
		case r.status == http.StatusCreated:
			id, ref = r.created.ID, r.created.Reference
			k := memberKey{a.member, a.key}
			if got, ok := keys[k]; !ok || got != id {
				t.Errorf("%v: the key is stored for request %d (present: %v)", a, got, ok)
			}
			if b, ok := firstBody[k]; ok && !bytes.Equal(b, r.body) {
				t.Errorf("%v: replay differs from the first 201:\n%s\n%s", a, b, r.body)
			}
			firstBody[k] = r.body
			if r.created.Kind != a.kind || r.created.Status != api.StatusAwaitingDocuments {
				t.Errorf("%v: answered kind %s, status %s", a, r.created.Kind, r.created.Status)
			}
		case r.status == http.StatusConflict && r.apiErr.Code == api.CodeAlreadyRequested:
			id, ref = r.apiErr.RequestID, r.apiErr.Reference
			if own, ok := keys[memberKey{a.member, a.key}]; ok && own == id {
				t.Errorf("%v: the key's own request was answered already_requested instead of replayed", a)
			}
		default:
			t.Errorf("%v: unexpected answer", a)
			continue
		}
		row, ok := reqs[id]
		switch {
		case !ok:
			t.Errorf("%v: request %d is not in the database", a, id)
			continue
		case row.reference != ref || row.member != a.member || row.kind != string(a.kind):
			t.Errorf("%v: stored as %+v", a, row)
		case row.reference != store.Reference(row.season, row.id):
			t.Errorf("request %d: reference %q, want %q", row.id, row.reference, store.Reference(row.season, row.id))
		case row.status != string(api.StatusAwaitingDocuments):
			t.Errorf("%v: stored with status %s", a, row.status)
		}
		slot := fmt.Sprintf("member %d %s", a.member, a.kind)
		if prev, ok := named[slot]; ok && prev != id {
			t.Errorf("%s: answers name two requests, %d and %d (last: %v)", slot, prev, id, a)
		}
		named[slot] = id
	}
}

// invariants are queries that must all count zero, on either engine.
// (idempotency_keys has no index on reimbursement_id: NOT IN lets both
// engines hash the subquery where NOT EXISTS would scan it per row.)
var invariants = []struct{ name, query string }{
	{"events without their request", `SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM reimbursements r WHERE r.id = e.reimbursement_id)`},
	{"events by a missing agent", `SELECT COUNT(*) FROM events e WHERE e.agent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = e.agent_id)`},
	{"requests without their member", `SELECT COUNT(*) FROM reimbursements r WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.id = r.member_id)`},
	{"requests without their first event", `SELECT COUNT(*) FROM reimbursements r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.reimbursement_id = r.id AND e.status = 'awaiting_documents')`},
	{"requests without a reference", `SELECT COUNT(*) FROM reimbursements WHERE reference IS NULL OR reference = ''`},
	{"idempotency keys without their request", `SELECT COUNT(*) FROM idempotency_keys k WHERE NOT EXISTS (SELECT 1 FROM reimbursements r WHERE r.id = k.reimbursement_id AND r.member_id = k.member_id)`},
	{"requests opened without an idempotency key", `SELECT COUNT(*) FROM reimbursements WHERE id NOT IN (SELECT reimbursement_id FROM idempotency_keys)`},
	{"requests behind two idempotency keys", `SELECT COUNT(*) FROM (SELECT reimbursement_id FROM idempotency_keys GROUP BY reimbursement_id HAVING COUNT(*) > 1) d`},
	{"member, kind and season with two live requests", `SELECT COUNT(*) FROM (SELECT member_id FROM reimbursements WHERE status NOT IN ('cancelled', 'expired') GROUP BY member_id, kind, season HAVING COUNT(*) > 1) d`},
	{"sessions of a missing member", `SELECT COUNT(*) FROM sessions s WHERE s.role = 'member' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id = s.subject_id)`},
	{"recovery codes without their member", `SELECT COUNT(*) FROM recovery_codes c WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.id = c.member_id)`},
}

// checkInvariants fails the test for every invariant query that finds rows.
func checkInvariants(t *testing.T, s *store.Store) {
	t.Helper()
	for _, inv := range invariants {
		var n int
		if err := s.DB().QueryRowContext(queryCtx(t), inv.query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", inv.name, err)
		}
		if n != 0 {
			t.Errorf("%d %s", n, inv.name)
		}
	}
}

// checkIntegrity runs the engine's own check: PRAGMA integrity_check and
// foreign_key_check on SQLite; amcheck over every B-tree index on
// PostgreSQL, when the extension is installed (it is optional there: the
// engine enforces foreign keys itself, and checkInvariants covers the rest).
func checkIntegrity(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := queryCtx(t)
	switch s.Engine() {
	case store.SQLite:
		if got := strings.Join(column(t, s.DB(), `PRAGMA integrity_check`), "; "); got != "ok" {
			t.Errorf("PRAGMA integrity_check: %s", got)
		}
		if got := column(t, s.DB(), `PRAGMA foreign_key_check`); len(got) > 0 {
			t.Errorf("PRAGMA foreign_key_check: %d violations: %v", len(got), got)
		}
	case store.Postgres:
		if _, err := s.DB().ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS amcheck`); err != nil {
			t.Logf("amcheck not available (%v); relying on the invariant queries", err)
			return
		}
		got := column(t, s.DB(), `SELECT c.relname FROM pg_index i
			JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE am.amname = 'btree' AND n.nspname = current_schema() AND i.indisvalid`)
		for _, idx := range got {
			if _, err := s.DB().ExecContext(ctx, `SELECT bt_index_check($1::regclass, true)`, idx); err != nil {
				t.Errorf("amcheck %s: %v", idx, err)
			}
		}
		if len(got) < 10 {
			t.Errorf("amcheck saw only %d indexes: %v", len(got), got)
		}
	}
}

// column returns the first column of every row of query, as text.
func column(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.QueryContext(queryCtx(t), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// count runs a COUNT(*) query.
func count(t *testing.T, s *store.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRowContext(queryCtx(t), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
