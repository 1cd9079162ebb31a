package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
)

func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	agent := e.agentToken()
	re := e.mustCreate(tok, "large-key-0001", api.KindSummer)
	big := strings.Repeat("a", 65<<10)
	for _, tc := range []struct {
		name, path, token string
		body              string
		header            map[string]string
	}{
		{"login", "/auth/login", "", fmt.Sprintf(`{"identifier":"1234567","password":%q}`, big), nil},
		{"recover", "/auth/recover", "", fmt.Sprintf(`{"identifier":%q,"cin":"AB1"}`, big), nil},
		{"create", "/reimbursements", tok, fmt.Sprintf(`{"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14"}}%s`, strings.Repeat(" ", 65<<10)),
			map[string]string{api.IdempotencyKeyHeader: "large-key-0002"}},
		{"reject", fmt.Sprintf("/admin/reimbursements/%d/reject", re.ID), agent, fmt.Sprintf(`{"reason":%q}`, big), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(req{method: "POST", path: tc.path, token: tc.token, body: tc.body, header: tc.header, invalid: true})
			wantErr(t, r, api.CodePayloadTooLarge)
		})
	}
	if n := e.count(`SELECT COUNT(*) FROM reimbursements`); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

// TestDecodeErrorsNameTheField: unknown fields, wrong types and malformed
// JSON are invalid_request with the field in both Field and the message.
func TestDecodeErrorsNameTheField(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	const profile = `"confirmed_profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2}`
	for _, tc := range []struct {
		name, path, body string
		field            string // "" when no field can be named
		inMessage        string
	}{
		{"login: unknown field", "/auth/login", `{"identifier":"1234567","password":"x","remember_me":true}`, "remember_me", "remember_me"},
		{"login: password a number", "/auth/login", `{"identifier":"1234567","password":123456789012}`, "password", "password"},
		{"login: identifier null-ish object", "/auth/login", `{"identifier":{"a":1},"password":"x"}`, "identifier", "identifier"},
		{"login: malformed JSON", "/auth/login", `{"identifier":"1234567","password":`, "", "malformed JSON"},
		{"login: not an object", "/auth/login", `["1234567","x"]`, "", "JSON object"},
		{"login: empty body", "/auth/login", ``, "", "empty"},
		{"login: two values", "/auth/login", `{"identifier":"1","password":"x"} {}`, "", "one JSON object"},
		{"recover: unknown field", "/auth/recover", `{"identifier":"1234567","cin":"AB1","phone":"06"}`, "phone", "phone"},
		{"confirm: code a number", "/auth/recover/confirm", `{"identifier":"1234567","code":123456,"new_password":"abcdefghijklm"}`, "code", "code"},
		{"create: unknown field", "/reimbursements", `{"kind":"summer",` + profile + `,"amount":5}`, "amount", "amount"},
		{"create: kind a number", "/reimbursements", `{"kind":1,` + profile + `}`, "kind", "kind"},
		{"create: birth date in the wrong format", "/reimbursements",
			`{"kind":"summer","confirmed_profile":{"birth_date":"14/03/1985","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2}}`,
			"confirmed_profile.birth_date", "confirmed_profile.birth_date"},
		{"create: impossible recruitment date", "/reimbursements",
			`{"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-02-30","children_count":2}}`,
			"confirmed_profile.recruitment_date", "confirmed_profile.recruitment_date"},
		{"create: echelle a string", "/reimbursements",
			`{"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14","echelle":"11","echelon":5,"recruitment_date":"2010-09-01","children_count":2}}`,
			"confirmed_profile.echelle", "confirmed_profile.echelle"},
		{"create: children a fraction", "/reimbursements",
			`{"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2.5}}`,
			"confirmed_profile.children_count", "confirmed_profile.children_count"},
		{"create: unknown profile field", "/reimbursements",
			`{"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2,"salary":1}}`,
			"confirmed_profile.salary", `"confirmed_profile.salary"`},
		{"create: unknown profile field, key in another case", "/reimbursements",
			`{"kind":"summer","Confirmed_Profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2,"salary":1}}`,
			"confirmed_profile.salary", `"confirmed_profile.salary"`},
		{"create: the first unknown field in the body is named", "/reimbursements",
			`{"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2,"salary":1},"amount":5}`,
			"confirmed_profile.salary", `"confirmed_profile.salary"`},
		{"create: a top-level unknown field before a nested one", "/reimbursements",
			`{"amount":5,"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2,"salary":1}}`,
			"amount", `"amount"`},
		{"create: a field of the profile at the top level", "/reimbursements", `{"kind":"summer","echelle":11,` + profile + `}`, "echelle", `"echelle"`},
		{"create: malformed JSON", "/reimbursements", `{"kind":"summer",` + profile, "", "malformed JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			token := ""
			if tc.path == "/reimbursements" {
				token = tok
				h[api.IdempotencyKeyHeader] = "decode-" + strings.ReplaceAll(tc.name, " ", "-")
			}
			r := e.do(req{method: "POST", path: tc.path, token: token, body: tc.body, header: h, invalid: true})
			er := wantErr(t, r, api.CodeInvalidRequest)
			if er.Field != tc.field {
				t.Fatalf("field %q, want %q (message %q)", er.Field, tc.field, er.Message)
			}
			if !strings.Contains(er.Message, tc.inMessage) {
				t.Fatalf("message %q does not mention %q", er.Message, tc.inMessage)
			}
		})
	}
	if n := e.count(`SELECT COUNT(*) FROM reimbursements`); n != 0 {
		t.Fatalf("%d requests were created", n)
	}
}
