package httpapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

func TestTokensAreRandomAndStoredHashed(t *testing.T) {
	e := newEnv(t)
	shape := regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	seen := map[string]bool{}
	for i := 0; i < 4; i++ {
		tok := e.memberToken()
		if !shape.MatchString(tok) {
			t.Fatalf("token %q is not 43 base64url characters", tok)
		}
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token decodes to %d bytes (%v), want 32", len(raw), err)
		}
		if seen[tok] {
			t.Fatal("a token repeats")
		}
		seen[tok] = true
	}
	rows, err := e.Store.DB().Query(`SELECT * FROM sessions`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	hashes := map[string]bool{}
	n := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		n++
		for i, v := range vals {
			var b []byte
			switch v := v.(type) {
			case []byte:
				b = v
			case string:
				b = []byte(v)
			default:
				b = []byte(fmt.Sprint(v))
			}
			if cols[i] == "token_hash" {
				hashes[string(b)] = true
			}
			for tok := range seen {
				raw, _ := base64.RawURLEncoding.DecodeString(tok)
				if bytes.Contains(b, []byte(tok)) || bytes.Contains(b, raw) {
					t.Fatalf("column %s holds a token", cols[i])
				}
			}
		}
	}
	if n != len(seen) {
		t.Fatalf("%d session rows, want %d", n, len(seen))
	}
	for tok := range seen {
		sum := sha256.Sum256([]byte(tok))
		if !hashes[string(sum[:])] {
			t.Fatal("no session row holds the token's SHA-256")
		}
	}
}

func TestSessionExpiry(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		name  string
		agent bool
		// uses are the waits between successive uses; the last use is
		// expected to succeed when ok.
		uses []time.Duration
		ok   bool
	}{
		{"member, used after 6 days 23 hours", false, []time.Duration{7*day - time.Hour}, true},
		{"member, idle for 7 days", false, []time.Duration{7*day + time.Minute}, false},
		{"member, active every 6 days until day 29", false, []time.Duration{6 * day, 6 * day, 6 * day, 6 * day, 5 * day}, true},
		{"member, active every 6 days past day 30", false, []time.Duration{6 * day, 6 * day, 6 * day, 6 * day, 5 * day, day + time.Minute}, false},
		{"agent, used after 29 minutes", true, []time.Duration{29 * time.Minute}, true},
		{"agent, idle for 31 minutes", true, []time.Duration{31 * time.Minute}, false},
		{"agent, active every 20 minutes past 12 hours", true, append(repeat(35, 20*time.Minute), 21*time.Minute), false},
		{"agent, active every 20 minutes for 11h40", true, repeat(35, 20*time.Minute), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			tok, path := e.memberToken(), "/me"
			if tc.agent {
				tok, path = e.agentToken(), "/admin/reimbursements"
			}
			for i, wait := range tc.uses {
				e.Clock.Add(wait)
				r := e.do(req{method: "GET", path: path, token: tok})
				last := i == len(tc.uses)-1
				switch {
				case !last || tc.ok:
					want(t, r, 200)
				default:
					wantErr(t, r, api.CodeUnauthorized)
				}
			}
		})
	}
}

func repeat(n int, d time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// TestMemberScoping proves member B cannot read, cancel or list member A's
// requests, and learns nothing: the answers equal those for a missing id.
func TestMemberScoping(t *testing.T) {
	e := newEnv(t)
	a, b := e.memberToken(), e.otherToken()
	mine := e.mustCreate(a, "scope-key-0001", api.KindSummer)
	const missing = 9999999
	for _, tc := range []struct{ name, method, path, missingPath string }{
		{"read", "GET", fmt.Sprintf("/reimbursements/%d", mine.ID), fmt.Sprintf("/reimbursements/%d", missing)},
		{"cancel", "POST", fmt.Sprintf("/reimbursements/%d/cancel", mine.ID), fmt.Sprintf("/reimbursements/%d/cancel", missing)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			theirs := e.do(req{method: tc.method, path: tc.path, token: b})
			nothing := e.do(req{method: tc.method, path: tc.missingPath, token: b})
			wantErr(t, theirs, api.CodeNotFound)
			if !bytes.Equal(theirs.Body, nothing.Body) || theirs.Status != nothing.Status {
				t.Fatalf("another member's request answers %d %s, a missing one %d %s", theirs.Status, theirs.Body, nothing.Status, nothing.Body)
			}
		})
	}
	t.Run("list", func(t *testing.T) {
		l := decodeJSON[api.ReimbursementList](t, want(t, e.do(req{method: "GET", path: "/reimbursements", token: b}), 200))
		for _, it := range l.Items {
			if it.ID == mine.ID || it.Reference == mine.Reference {
				t.Fatalf("B's list holds A's request %s", mine.Reference)
			}
		}
	})
	t.Run("estivage", func(t *testing.T) {
		es := decodeJSON[api.Estivage](t, want(t, e.do(req{method: "GET", path: "/estivage", token: b}), 200))
		for _, w := range es.Windows {
			if w.MyRequest != nil {
				t.Fatalf("B's %s window shows %s", w.Kind, w.MyRequest.Reference)
			}
		}
	})
	t.Run("A's request is untouched", func(t *testing.T) {
		got := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", mine.ID), token: a}), 200))
		if got.Status != api.StatusAwaitingDocuments || len(got.Events) != 1 {
			t.Fatalf("A's request became %s with %d events", got.Status, len(got.Events))
		}
	})
	t.Run("B may still ask for its own", func(t *testing.T) {
		e.mustCreate(b, "scope-key-0001", api.KindSummer)
	})
}
