package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestLogNeverHoldsSecrets runs a whole journey, recovery and failures
// included, on a production (non-demo) server logging at debug level, and
// checks that no password, token or one-time code reached the log.
func TestLogNeverHoldsSecrets(t *testing.T) {
	e := newEnv(t)
	m, fl := e.Acc.Member, e.Acc.FirstLogin
	secrets := map[string]string{
		"member password": m.Password,
		"agent password":  e.Acc.Agent.Password,
		"wrong password":  "Wrong-Horse-Battery",
	}
	wantErr(t, e.do(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Identifier: m.Identifier, Password: secrets["wrong password"]}}), api.CodeInvalidCredentials)
	tok := e.memberToken()
	agent := e.agentToken()
	secrets["member token"], secrets["agent token"] = tok, agent
	re := e.mustCreate(tok, "log-key-00001", api.KindSummer)
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", re.ID), token: tok}), 200)
	want(t, e.agentDo(agent, re.ID, "receive", nil), 200)
	want(t, e.do(req{method: "POST", path: "/auth/recover", body: api.RecoverRequest{Identifier: fl.Identifier, CIN: fl.CIN}}), 202)
	code := e.lastCode(fl.Email)
	secrets["one-time code"] = code
	secrets["new password"] = "Mon nouveau secret 2026"
	wantErr(t, e.do(req{method: "POST", path: "/auth/recover/confirm", body: api.RecoverConfirmRequest{Identifier: fl.Identifier, Code: otherCode(code), NewPassword: secrets["new password"]}}), api.CodeInvalidRequest)
	want(t, e.do(req{method: "POST", path: "/auth/recover/confirm", body: api.RecoverConfirmRequest{Identifier: fl.Identifier, Code: code, NewPassword: secrets["new password"]}}), 204)
	fresh := e.login(fl.Identifier, secrets["new password"])
	secrets["new token"] = fresh
	want(t, e.do(req{method: "POST", path: "/auth/logout", token: fresh}), 204)
	wantErr(t, e.do(req{method: "GET", path: "/me", token: fresh}), api.CodeUnauthorized)

	log := e.Log.String()
	if !strings.Contains(log, `"route":"POST /api/v1/auth/login"`) {
		t.Fatalf("the log did not capture the journey:\n%.1000s", log)
	}
	for name, s := range secrets {
		if s == "" {
			t.Fatalf("no %s to look for", name)
		}
		if strings.Contains(log, s) {
			t.Errorf("the log holds the %s", name)
		}
	}
}
