package httpapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// auditEvents are the audit records in the env's log, in order.
func (e *env) auditEvents() []map[string]any {
	e.t.Helper()
	e.auth.Wait() // recoveries record their outcome after their answer
	var out []map[string]any
	for _, line := range strings.Split(e.Log.String(), "\n") {
		if !strings.Contains(line, `"msg":"audit"`) {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			e.t.Fatalf("audit line is not JSON: %s", line)
		}
		out = append(out, m)
	}
	return out
}

// TestAuditTrail runs a journey through every audited action, from known
// addresses, and checks that each action's events are in the log at Info
// with their outcome, the account when known, the identifier's keyed hash
// and the client address; and that no password, token, code, identifier
// in clear or agent's free text reached the log.
func TestAuditTrail(t *testing.T) {
	forEachEngine(t, envOptions{trustProxy: true}, auditTrail)
}

func auditTrail(t *testing.T, e *env) {
	m, fl, ag := e.Acc.Member, e.Acc.FirstLogin, e.Acc.Agent
	const phone, office, attacker = "198.51.100.7", "192.0.2.44", "203.0.113.66"
	secrets := map[string]string{"member password": m.Password, "agent password": ag.Password, "wrong password": "Wrong-Horse-Battery"}

	wantErr(t, e.loginFrom(phone, m.Identifier, secrets["wrong password"]), api.CodeInvalidCredentials)
	tok := decodeJSON[api.LoginResponse](t, want(t, e.loginFrom(phone, m.Email, m.Password), 200)).AccessToken
	for i := range 5 {
		wantErr(t, e.loginFrom(attacker, fmt.Sprintf("99900%02d", i), "guess number one"), api.CodeInvalidCredentials)
	}
	wantErr(t, e.loginFrom(attacker, m.Identifier, "guess number two"), api.CodeRateLimited)

	want(t, e.recoverFrom(phone, fl.Identifier, fl.CIN), 202)
	want(t, e.recoverFrom(phone, "0000099", "AB000001"), 202)
	code := e.lastCode(fl.Email)
	const fresh = "Mon nouveau secret 2026"
	secrets["one-time code"], secrets["new password"] = code, fresh
	wantErr(t, e.confirmFrom(phone, fl.Identifier, otherCode(code), fresh), api.CodeInvalidRequest)
	want(t, e.confirmFrom(phone, fl.Identifier, code, fresh), 204)

	agent := decodeJSON[api.LoginResponse](t, want(t, e.loginFrom(office, ag.Identifier, ag.Password), 200)).AccessToken
	secrets["member token"], secrets["agent token"] = tok, agent
	re := e.mustCreate(tok, "audit-key-0001", api.KindSummer)
	secrets["reject reason"] = "Facture illisible, merci de la redéposer"
	want(t, e.do(req{method: "POST", path: fmt.Sprintf("/admin/reimbursements/%d/receive", re.ID), token: agent,
		header: map[string]string{"X-Forwarded-For": office}}), 200)
	wantErr(t, e.do(req{method: "POST", path: fmt.Sprintf("/admin/reimbursements/%d/pay", re.ID), token: agent,
		header: map[string]string{"X-Forwarded-For": office}}), api.CodeInvalidTransition)
	want(t, e.do(req{method: "POST", path: fmt.Sprintf("/admin/reimbursements/%d/reject", re.ID), token: agent,
		body: api.RejectRequest{Reason: secrets["reject reason"]}, header: map[string]string{"X-Forwarded-For": office}}), 200)
	want(t, e.do(req{method: "POST", path: "/auth/logout", token: tok, header: map[string]string{"X-Forwarded-For": phone}}), 204)

	events := e.auditEvents()
	// find returns the first event of action and outcome (from ip, if given).
	find := func(action, outcome string, ip ...string) map[string]any {
		t.Helper()
		for _, ev := range events {
			if ev["action"] == action && ev["outcome"] == outcome && (len(ip) == 0 || ev["client_ip"] == ip[0]) {
				return ev
			}
		}
		t.Fatalf("no %s %s event among %d:\n%s", action, outcome, len(events), e.Log.String())
		return nil
	}
	for _, tc := range []struct {
		name, action, outcome, ip, role string
		account                         bool // the account id is known
		identifier                      bool // the identifier's hash is there
	}{
		{"failed login", "auth.login", "failed", phone, "member", true, true},
		{"login", "auth.login", "ok", phone, "member", true, true},
		{"lockout", "auth.lockout", "locked", attacker, "", false, true},
		{"refused login", "auth.login", "limited", attacker, "member", true, true},
		{"recovery request", "auth.recover", "ok", phone, "member", true, true},
		{"code confirmation", "auth.confirm", "ok", phone, "member", true, true},
		{"wrong code", "auth.confirm", "failed", phone, "member", true, true},
		{"reset", "auth.reset", "ok", phone, "member", true, true},
		{"logout", "auth.logout", "ok", phone, "member", true, false},
		{"agent login", "auth.login", "ok", office, "agent", true, true},
		{"agent receives", "agent.receive", "ok", office, "agent", true, false},
		{"agent refused", "agent.pay", "failed", office, "agent", true, false},
		{"agent rejects", "agent.reject", "ok", office, "agent", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := find(tc.action, tc.outcome, tc.ip)
			if ev["level"] != "INFO" || ev["client_ip"] != tc.ip {
				t.Errorf("level %v, client_ip %v; want INFO and %s", ev["level"], ev["client_ip"], tc.ip)
			}
			if _, ok := ev["account_id"]; ok != tc.account || (tc.account && ev["role"] != tc.role) {
				t.Errorf("role %v, account_id %v; want %q, known=%v", ev["role"], ev["account_id"], tc.role, tc.account)
			}
			if h, _ := ev["identifier_hash"].(string); (len(h) == 32) != tc.identifier {
				t.Errorf("identifier_hash %q, want one: %v", h, tc.identifier)
			}
		})
	}
	t.Run("unknown identifier", func(t *testing.T) {
		ev := find("auth.recover", "failed")
		if _, ok := ev["account_id"]; ok {
			t.Errorf("an unknown identifier's event names an account: %v", ev)
		}
	})
	t.Run("one account, one hash per spelling", func(t *testing.T) {
		var byMatricule, byEmail string
		for _, ev := range events {
			if ev["action"] == "auth.login" && ev["client_ip"] == phone {
				if ev["outcome"] == "failed" {
					byMatricule, _ = ev["identifier_hash"].(string)
				} else {
					byEmail, _ = ev["identifier_hash"].(string)
				}
			}
		}
		if byMatricule == "" || byEmail == "" || byMatricule == byEmail {
			t.Fatalf("hashes %q and %q: want two different ones", byMatricule, byEmail)
		}
	})
	t.Run("agent events name the request", func(t *testing.T) {
		if ev := find("agent.reject", "ok"); ev["target"] != re.Reference {
			t.Errorf("target %v, want %s", ev["target"], re.Reference)
		}
	})
	t.Run("access lines carry the client address", func(t *testing.T) {
		if !strings.Contains(e.Log.String(), `"route":"POST /api/v1/auth/logout","status":204,"client_ip":"`+phone+`"`) {
			t.Fatalf("no access line with the client address:\n%.2000s", e.Log.String())
		}
	})
	log := e.Log.String()
	secrets["matricule"], secrets["e-mail"], secrets["agent e-mail"] = m.Identifier, m.Email, ag.Identifier
	for name, s := range secrets {
		if s == "" {
			t.Fatalf("no %s to look for", name)
		}
		if strings.Contains(log, s) {
			t.Errorf("the log holds the %s", name)
		}
	}
}

// TestAuditAgentRefusals: an agent's move on a missing request is recorded
// with the code the agent was answered, not_found (it was recorded as
// "internal", which a log pipeline would take for a server fault).
func TestAuditAgentRefusals(t *testing.T) {
	e := newEnv(t)
	agent := e.agentToken()
	for _, tc := range []struct {
		name   string
		action string
		body   any
	}{
		{"receive", "receive", api.NoteRequest{}},
		{"approve", "approve", api.ApproveRequest{AmountCentimes: 100}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(e.auditEvents())
			wantErr(t, e.agentDo(agent, 999999, tc.action, tc.body), api.CodeNotFound)
			events := e.auditEvents()
			if len(events) != before+1 {
				t.Fatalf("%d new audit events, want 1", len(events)-before)
			}
			ev := events[len(events)-1]
			if ev["action"] != "agent."+tc.action || ev["outcome"] != "failed" || ev["detail"] != string(api.CodeNotFound) {
				t.Fatalf("event %v: want agent.%s failed with detail not_found", ev, tc.action)
			}
		})
	}
}
