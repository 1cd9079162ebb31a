package httpapi_test

import (
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestCommonPasswordsRefused: a reset to one of the most common passwords
// (from the list shipped in server/auth/commonpw, the service's own words,
// one character repeated) is 400 invalid_request on
// new_password, like any password outside the policy, and does not spend
// the code.
func TestCommonPasswordsRefused(t *testing.T) {
	e := newEnv(t)
	fl := e.Acc.FirstLogin
	want(t, e.recover(fl.Identifier, fl.CIN), 202)
	code := e.lastCode(fl.Email)
	for _, pw := range []string{"qwertyuiop123", "Password2026!", "1q2w3e4r5t6y", "motdepasse2026", "Azertyuiop!!",
		// This service's own words and one character repeated, which the
		// list of leaked passwords does not hold.
		"Estivage2026!", "Fondation 2026", "aaaaaaaaaaaa", "%%%%%%%%%%%%"} {
		t.Run(pw, func(t *testing.T) {
			er := wantErr(t, e.do(req{method: "POST", path: "/auth/recover/confirm", invalid: true,
				body: api.RecoverConfirmRequest{Identifier: fl.Identifier, Code: code, NewPassword: pw}}), api.CodeInvalidRequest)
			if er.Field != "new_password" || !strings.Contains(er.Message, "common") {
				t.Fatalf("error %+v, want new_password refused as common", er)
			}
		})
	}
	want(t, e.confirm(fl.Identifier, code, "Une phrase que personne ne devine"), 204)
	e.login(fl.Identifier, "Une phrase que personne ne devine")
}
