package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// authedOps are the operations that need a token, with a body each
// accepts.
func authedOps(id int64) []struct {
	name, method, path string
	body               any
} {
	p := fmt.Sprintf
	return []struct {
		name, method, path string
		body               any
	}{
		{"logout", "POST", "/auth/logout", nil},
		{"me", "GET", "/me", nil},
		{"services", "GET", "/services", nil},
		{"estivage", "GET", "/estivage", nil},
		{"list", "GET", "/reimbursements", nil},
		{"get", "GET", p("/reimbursements/%d", id), nil},
		{"cancel", "POST", p("/reimbursements/%d/cancel", id), nil},
		{"admin list", "GET", "/admin/reimbursements", nil},
		{"admin get", "GET", p("/admin/reimbursements/%d", id), nil},
		{"receive", "POST", p("/admin/reimbursements/%d/receive", id), nil},
		{"approve", "POST", p("/admin/reimbursements/%d/approve", id), api.ApproveRequest{AmountCentimes: 100}},
		{"reject", "POST", p("/admin/reimbursements/%d/reject", id), api.RejectRequest{Reason: "x"}},
		{"pay", "POST", p("/admin/reimbursements/%d/pay", id), nil},
	}
}

func TestEveryOperationNeedsAToken(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	re := e.mustCreate(tok, "token-key-0001", api.KindSummer)
	profile := e.profile(tok)
	for _, op := range authedOps(re.ID) {
		t.Run(op.name, func(t *testing.T) {
			wantErr(t, e.do(req{method: op.method, path: op.path, body: op.body}), api.CodeUnauthorized)
		})
	}
	t.Run("create", func(t *testing.T) {
		r := e.do(req{method: "POST", path: "/reimbursements", body: api.CreateReimbursementRequest{Kind: api.KindOffSeason, ConfirmedProfile: profile},
			header: map[string]string{api.IdempotencyKeyHeader: "token-key-0002"}})
		wantErr(t, r, api.CodeUnauthorized)
	})
}

func TestAdminMissingRequest(t *testing.T) {
	e := newEnv(t)
	agent := e.agentToken()
	for _, op := range authedOps(424242) {
		if !strings.HasPrefix(op.path, "/admin/reimbursements/") {
			continue
		}
		t.Run(op.name, func(t *testing.T) {
			wantErr(t, e.do(req{method: op.method, path: op.path, token: agent, body: op.body}), api.CodeNotFound)
		})
	}
}

func TestAdminBadBodies(t *testing.T) {
	e := newEnv(t)
	agent := e.agentToken()
	re := e.mustCreate(e.memberToken(), "bodies-key-0001", api.KindSummer)
	big := fmt.Sprintf(`{"note":%q}`, strings.Repeat("n", 65<<10))
	for _, action := range []string{"receive", "approve", "pay"} {
		for _, tc := range []struct {
			name, body string
			code       api.Code
		}{
			{"malformed", `{"note":`, api.CodeInvalidRequest},
			{"unknown field", `{"nope":1}`, api.CodeInvalidRequest},
			{"too large", big, api.CodePayloadTooLarge},
		} {
			t.Run(action+" "+tc.name, func(t *testing.T) {
				r := e.do(req{method: "POST", path: fmt.Sprintf("/admin/reimbursements/%d/%s", re.ID, action), token: agent, body: tc.body, invalid: true})
				wantErr(t, r, tc.code)
			})
		}
	}
	t.Run("note over 500 characters", func(t *testing.T) {
		r := e.do(req{method: "POST", path: fmt.Sprintf("/admin/reimbursements/%d/receive", re.ID), token: agent,
			body: api.NoteRequest{Note: strings.Repeat("é", 501)}, invalid: true})
		if er := wantErr(t, r, api.CodeInvalidRequest); er.Field != "note" {
			t.Fatalf("field %q, want note", er.Field)
		}
	})
	t.Run("confirm too large", func(t *testing.T) {
		r := e.do(req{method: "POST", path: "/auth/recover/confirm", body: fmt.Sprintf(`{"identifier":"1","code":"123456","new_password":%q}`, strings.Repeat("p", 65<<10)), invalid: true})
		wantErr(t, r, api.CodePayloadTooLarge)
	})
	if got := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", re.ID), token: e.memberToken()}), 200)).Status; got != api.StatusAwaitingDocuments {
		t.Fatalf("a refused move changed the status to %s", got)
	}
}

func TestConfirmLimited(t *testing.T) {
	e := newEnv(t)
	fl := e.Acc.FirstLogin
	want(t, e.recover(fl.Identifier, fl.CIN), 202)
	code := e.lastCode(fl.Email)
	for i := 0; i < 10; i++ {
		wantErr(t, e.confirm(fl.Identifier, otherCode(code), "Un mot de passe assez long"), api.CodeInvalidRequest)
	}
	r := e.confirm(fl.Identifier, code, "Un mot de passe assez long")
	wantErr(t, r, api.CodeRateLimited)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
}

func TestEstivageWithoutSeason(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	if _, err := e.Store.DB().Exec(`DELETE FROM campaigns`); err != nil {
		t.Fatal(err)
	}
	wantErr(t, e.do(req{method: "GET", path: "/estivage", token: tok}), api.CodeNotFound)
	wantErr(t, e.create(tok, "no-season-0001", api.KindSummer), api.CodeWindowClosed)
}

// TestInternalErrorsHideDetail: with the database gone, every answer is a
// plain 500 internal, the cause goes to the log only, and readiness fails.
func TestInternalErrorsHideDetail(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	e.Store.Close()
	for _, tc := range []struct {
		name, method, path, token string
		body                      any
	}{
		{"login", "POST", "/auth/login", "", api.LoginRequest{Identifier: "1234567", Password: "Estivage-2026!"}},
		{"recover", "POST", "/auth/recover", "", api.RecoverRequest{Identifier: "1234567", CIN: "AB123456"}},
		{"me", "GET", "/me", tok, nil},
		{"list", "GET", "/reimbursements", tok, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(req{method: tc.method, path: tc.path, token: tc.token, body: tc.body})
			er := wantErr(t, r, api.CodeInternal)
			if er.Message != "internal error" || strings.Contains(string(r.Body), "sql") {
				t.Fatalf("the answer shows the cause: %s", r.Body)
			}
		})
	}
	want(t, e.do(req{method: "GET", path: "/readyz"}), 503)
	if log := e.Log.String(); !strings.Contains(log, "internal error") || !strings.Contains(log, "database is closed") {
		t.Fatalf("the cause was not logged:\n%.2000s", log)
	}
}
