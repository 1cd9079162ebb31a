package httpapi_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// walkEverything calls every operation of the API at least once, the way
// the app and the back office do.
func walkEverything(t *testing.T, e *env) {
	t.Helper()
	tok := e.memberToken()
	agent := e.agentToken()
	want(t, e.do(req{method: "GET", path: "/me", token: tok}), 200)
	want(t, e.do(req{method: "PATCH", path: "/me", token: tok, body: map[string]any{"lang": "ar", "email_notices": true}}), 200)
	want(t, e.do(req{method: "GET", path: "/services", token: tok}), 200)
	want(t, e.do(req{method: "GET", path: "/estivage", token: tok}), 200)
	summer := e.mustCreate(tok, "walk-summer-1", api.KindSummer)
	off := e.mustCreate(tok, "walk-offseason-1", api.KindOffSeason)
	list := want(t, e.do(req{method: "GET", path: "/reimbursements", token: tok}), 200)
	want(t, e.do(req{method: "GET", path: "/reimbursements", token: tok, header: map[string]string{"If-None-Match": list.Header.Get("ETag")}}), 304)
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", summer.ID), token: tok}), 200)
	want(t, e.do(req{method: "POST", path: fmt.Sprintf("/reimbursements/%d/cancel", off.ID), token: tok}), 200)
	want(t, e.do(req{method: "GET", path: "/admin/reimbursements?status=awaiting_documents&q=1234567", token: agent}), 200)
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d", summer.ID), token: agent}), 200)
	page := e.mustUpload(tok, summer.ID, 0, "walk-page-1", smallJPEG(1))
	gone := e.mustUpload(tok, summer.ID, 1, "walk-page-2", smallJPEG(2))
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d/pages", summer.ID), token: tok}), 200)
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d/pages/%d", summer.ID, page.ID), token: tok}), 200)
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d/pages/%d/thumbnail", summer.ID, page.ID), token: tok}), 200)
	want(t, e.do(req{method: "DELETE", path: fmt.Sprintf("/reimbursements/%d/pages/%d", summer.ID, gone.ID), token: tok}), 204)
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d/pages", summer.ID), token: agent}), 200)
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d/pages/%d", summer.ID, page.ID), token: agent}), 200)
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d/pages/%d/thumbnail", summer.ID, page.ID), token: agent}), 200)
	withPage := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d", summer.ID), token: agent}), 200))
	want(t, e.agentDo(agent, summer.ID, "precheck", api.PrecheckRequest{Version: withPage.Version, Document: 0, Result: api.CheckComplete}), 200)
	want(t, e.agentDo(agent, summer.ID, "receive", nil), 200)
	want(t, e.agentDo(agent, summer.ID, "approve", api.ApproveRequest{AmountCentimes: 250000}), 200)
	want(t, e.agentDo(agent, summer.ID, "pay", api.NoteRequest{Note: "virement du 2026-07-21"}), 200)
	other := e.otherToken()
	theirs := e.mustCreate(other, "walk-other-summer", api.KindSummer)
	want(t, e.agentDo(agent, theirs.ID, "reject", api.RejectRequest{Reason: "facture hors période"}), 200)
	want(t, e.do(req{method: "POST", path: "/auth/recover", body: api.RecoverRequest{Identifier: e.Acc.FirstLogin.Identifier, CIN: e.Acc.FirstLogin.CIN}}), 202)
	code := e.lastCode(e.Acc.FirstLogin.Email)
	want(t, e.do(req{method: "POST", path: "/auth/recover/confirm", body: api.RecoverConfirmRequest{Identifier: e.Acc.FirstLogin.Identifier, Code: code, NewPassword: "un mot de passe tout neuf"}}), 204)
	want(t, e.do(req{method: "GET", path: "/me/export", token: tok}), 200)
	want(t, e.do(req{method: "GET", path: "/privacy"}), 200)
	want(t, e.do(req{method: "POST", path: "/auth/logout", token: tok}), 204)
	want(t, e.do(req{method: "GET", path: "/openapi.yaml"}), 200)
	want(t, e.do(req{method: "GET", path: "/healthz"}), 200)
	want(t, e.do(req{method: "GET", path: "/readyz"}), 200)
	want(t, e.do(req{method: "GET", path: "/metrics"}), 200)
}

func TestLogin(t *testing.T) {
	e := newEnv(t)
	m, a := e.Acc.Member, e.Acc.Agent
	for _, tc := range []struct {
		name       string
		identifier string
		password   string
		role       api.Role
	}{
		{"member by matricule", m.Identifier, m.Password, api.RoleMember},
		{"member by e-mail", m.Email, m.Password, api.RoleMember},
		{"member by e-mail in capitals, with spaces", "  " + strings.ToUpper(m.Email) + " ", m.Password, api.RoleMember},
		{"agent by e-mail", a.Identifier, a.Password, api.RoleAgent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := want(t, e.do(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Identifier: tc.identifier, Password: tc.password}}), 200)
			lr := decodeJSON[api.LoginResponse](t, r)
			if lr.TokenType != "Bearer" || lr.AccessToken == "" || lr.Role != tc.role {
				t.Fatalf("login answer %+v", lr)
			}
			if !lr.ExpiresAt.After(e.Clock.Now()) {
				t.Fatalf("expires_at %v is not after now %v", lr.ExpiresAt, e.Clock.Now())
			}
			if got := r.Header.Get("Cache-Control"); got != "no-store" {
				t.Fatalf("Cache-Control %q, want no-store", got)
			}
			switch tc.role {
			case api.RoleMember:
				if lr.Member == nil || lr.Member.Matricule != m.Identifier || lr.Agent != nil {
					t.Fatalf("member summary %+v / agent %+v", lr.Member, lr.Agent)
				}
			case api.RoleAgent:
				if lr.Agent == nil || lr.Agent.Email != a.Email || lr.Member != nil {
					t.Fatalf("agent summary %+v / member %+v", lr.Agent, lr.Member)
				}
			}
		})
	}
	for _, tc := range []struct {
		name       string
		identifier string
		password   string
	}{
		{"wrong password", m.Identifier, m.Password + "x"},
		{"unknown matricule", "9999999", m.Password},
		{"unknown e-mail", "nobody@finances.gov.ma", m.Password},
		{"member without a password yet", e.Acc.FirstLogin.Identifier, m.Password},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Identifier: tc.identifier, Password: tc.password}})
			wantErr(t, r, api.CodeInvalidCredentials)
		})
	}
	t.Run("empty password", func(t *testing.T) {
		r := e.do(req{method: "POST", path: "/auth/login", body: `{"identifier":"1234567","password":""}`, invalid: true})
		if got := wantErr(t, r, api.CodeInvalidRequest).Field; got != "password" {
			t.Fatalf("field %q, want password", got)
		}
	})
}

func TestMeAndServices(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	p := decodeJSON[api.Profile](t, want(t, e.do(req{method: "GET", path: "/me", token: tok}), 200))
	if p.Matricule != "1234567" || p.FirstName != "Salma" || p.LastName != "El Amrani" {
		t.Fatalf("profile names %+v", p)
	}
	if p.EmailMasked != "s***@finances.gov.ma" {
		t.Fatalf("email_masked %q", p.EmailMasked)
	}
	if strings.Contains(p.EmailMasked, "elamrani") {
		t.Fatal("the e-mail is not masked")
	}
	if got, w := p.BirthDate.String(), "1985-03-14"; got != w {
		t.Fatalf("birth_date %s, want %s", got, w)
	}
	if p.Echelle != 11 || p.Echelon != 5 || p.ChildrenCount != 2 || p.RecruitmentDate.String() != "2010-09-01" {
		t.Fatalf("profile %+v", p.ConfirmedProfile)
	}
	sl := decodeJSON[api.ServiceList](t, want(t, e.do(req{method: "GET", path: "/services", token: tok}), 200))
	avail := map[string]bool{}
	for _, s := range sl.Services {
		avail[s.Code] = s.Available
		if s.Code == api.ServiceEstivage && (s.Summary == nil || s.Summary.FR == "" || s.Summary.AR == "") {
			t.Fatalf("estivage has no sentence in both languages: %+v", s)
		}
	}
	if v, ok := avail[api.ServiceEstivage]; !ok || !v {
		t.Fatalf("estivage not listed as available: %+v", sl)
	}
	if _, ok := avail[api.ServicePret]; !ok {
		t.Fatalf("pret not listed: %+v", sl)
	}
}

func TestEstivage(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	get := func() api.Estivage {
		return decodeJSON[api.Estivage](t, want(t, e.do(req{method: "GET", path: "/estivage", token: tok}), 200))
	}
	es := get()
	if es.Season != 2026 || len(es.Windows) != 2 {
		t.Fatalf("season %d with %d windows", es.Season, len(es.Windows))
	}
	kinds := map[api.Kind]api.Window{}
	for _, w := range es.Windows {
		kinds[w.Kind] = w
		if !w.Open || w.MyRequest != nil || w.DepositDays != 15 {
			t.Fatalf("window %s: open %v, my_request %v, deposit_days %d", w.Kind, w.Open, w.MyRequest, w.DepositDays)
		}
		if len(w.RequiredDocuments.FR) == 0 || len(w.RequiredDocuments.FR) != len(w.RequiredDocuments.AR) || w.DepositLocation.AR == "" {
			t.Fatalf("window %s: documents or location missing: %+v", w.Kind, w)
		}
		if !w.OpensAt.Before(e.Clock.Now()) || !w.ClosesAt.After(e.Clock.Now()) {
			t.Fatalf("window %s: %v – %v does not hold now", w.Kind, w.OpensAt, w.ClosesAt)
		}
	}
	if kinds[api.KindSummer].InvoiceFrom.String() != "2026-07-01" || kinds[api.KindSummer].InvoiceTo.String() != "2026-09-15" {
		t.Fatalf("summer invoices %v – %v", kinds[api.KindSummer].InvoiceFrom, kinds[api.KindSummer].InvoiceTo)
	}
	if kinds[api.KindOffSeason].InvoiceFrom.String() != "2026-09-16" || kinds[api.KindOffSeason].InvoiceTo.String() != "2026-11-30" {
		t.Fatalf("off-season invoices %v – %v", kinds[api.KindOffSeason].InvoiceFrom, kinds[api.KindOffSeason].InvoiceTo)
	}
	mine := e.mustCreate(tok, "estivage-key-1", api.KindSummer)
	for _, w := range get().Windows {
		switch {
		case w.Kind == api.KindSummer && (w.MyRequest == nil || w.MyRequest.Reference != mine.Reference):
			t.Fatalf("summer my_request %+v, want %s", w.MyRequest, mine.Reference)
		case w.Kind == api.KindOffSeason && w.MyRequest != nil:
			t.Fatalf("off_season my_request %+v, want null", w.MyRequest)
		}
	}
	want(t, e.do(req{method: "POST", path: fmt.Sprintf("/reimbursements/%d/cancel", mine.ID), token: tok}), 200)
	for _, w := range get().Windows {
		if w.MyRequest != nil {
			t.Fatalf("a cancelled request is still my_request of %s", w.Kind)
		}
	}
}

// TestHealthAndMetrics covers the operator's endpoints.
func TestHealthAndMetrics(t *testing.T) {
	var draining atomic.Bool // the server reads it while the test writes it
	e := newEnvWith(t, envOptions{ready: func() bool { return !draining.Load() }})
	for _, tc := range []struct {
		name, path string
		status     int
		contains   string
	}{
		{"healthz", "/healthz", 200, "ok"},
		{"readyz", "/readyz", 200, "ready"},
		{"metrics", "/metrics", 200, "fos_http_requests_total"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.memberToken() // something for the metrics to count
			r := want(t, e.do(req{method: "GET", path: tc.path}), tc.status)
			if !bytes.Contains(r.Body, []byte(tc.contains)) {
				t.Fatalf("%s does not contain %q: %.300s", tc.path, tc.contains, r.Body)
			}
		})
	}
	t.Run("readyz while draining", func(t *testing.T) {
		draining.Store(true)
		defer draining.Store(false)
		want(t, e.do(req{method: "GET", path: "/readyz"}), 503)
	})
	t.Run("metrics count logins", func(t *testing.T) {
		r := want(t, e.do(req{method: "GET", path: "/metrics"}), 200)
		if !bytes.Contains(r.Body, []byte(`route="POST /api/v1/auth/login"`)) {
			t.Fatalf("no login route in metrics: %.500s", r.Body)
		}
	})
}

func TestLogoutRevokesTheToken(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	keep := e.memberToken()
	want(t, e.do(req{method: "GET", path: "/me", token: tok}), 200)
	want(t, e.do(req{method: "POST", path: "/auth/logout", token: tok}), 204)
	for _, tc := range []struct{ name, method, path string }{
		{"me", "GET", "/me"},
		{"list", "GET", "/reimbursements"},
		{"logout again", "POST", "/auth/logout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, e.do(req{method: tc.method, path: tc.path, token: tok}), api.CodeUnauthorized)
		})
	}
	t.Run("another session of the member lives on", func(t *testing.T) {
		want(t, e.do(req{method: "GET", path: "/me", token: keep}), 200)
	})
}

func TestUnauthorized(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name   string
		header string
	}{
		{"no header", ""},
		{"basic scheme", "Basic MTIzNDU2NzpwYXNz"},
		{"empty bearer", "Bearer "},
		{"unknown token", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"overlong token", "Bearer " + strings.Repeat("A", 500)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.header != "" {
				h["Authorization"] = tc.header
			}
			wantErr(t, e.do(req{method: "GET", path: "/me", header: h}), api.CodeUnauthorized)
		})
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	for _, tc := range []struct {
		name, path string
		invalid    bool
	}{
		{"missing id", "/reimbursements/999999", false},
		{"malformed id", "/reimbursements/abc", true},
		{"zero id", "/reimbursements/0", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, e.do(req{method: "GET", path: tc.path, token: tok, invalid: tc.invalid}), api.CodeNotFound)
		})
	}
	t.Run("unknown path", func(t *testing.T) {
		wantErr(t, e.do(req{method: "GET", path: "/no-such-thing", token: tok, offSpec: true}), api.CodeNotFound)
	})
}
