package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestAuthenticatedAnswersAreNoStore: every answer of an authenticated
// path, errors and 304 included, is Cache-Control: no-store and nosniff, so
// no cache on the way keeps a member's data and no browser sniffs it.
func TestAuthenticatedAnswersAreNoStore(t *testing.T) {
	e := newEnv(t)
	tok, agent := e.memberToken(), e.agentToken()
	re := e.mustCreate(tok, "headers-key-01", api.KindSummer)
	list := e.do(req{method: "GET", path: "/reimbursements", token: tok})
	for _, tc := range []struct {
		name string
		r    req
		code int
	}{
		{"profile", req{method: "GET", path: "/me", token: tok}, 200},
		{"list", req{method: "GET", path: "/reimbursements", token: tok}, 200},
		{"list not modified", req{method: "GET", path: "/reimbursements", token: tok, header: map[string]string{"If-None-Match": list.Header.Get("ETag")}}, 304},
		{"one request", req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", re.ID), token: tok}, 200},
		{"estivage", req{method: "GET", path: "/estivage", token: tok}, 200},
		{"another's or missing", req{method: "GET", path: "/reimbursements/999999", token: tok}, 404},
		{"no token", req{method: "GET", path: "/me"}, 401},
		{"bad token", req{method: "GET", path: "/me", token: "not-a-token"}, 401},
		{"member on the back office", req{method: "GET", path: "/admin/reimbursements", token: tok}, 403},
		{"agent list", req{method: "GET", path: "/admin/reimbursements", token: agent}, 200},
		{"logout", req{method: "POST", path: "/auth/logout", token: agent}, 204},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := want(t, e.do(tc.r), tc.code)
			if got := r.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", got)
			}
			if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
		})
	}
	t.Run("login answers", func(t *testing.T) {
		r := e.do(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Identifier: "0000042", Password: "not the password"}})
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("a login error is not nosniff: %v", r.Header)
		}
	})
}
