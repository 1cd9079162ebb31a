package httpapi_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// recover asks for a code and waits for what the request does after its
// answer, so that the next request sees it.
func (e *env) recover(identifier, cin string) resp {
	e.t.Helper()
	defer e.auth.Wait()
	return e.do(req{method: "POST", path: "/auth/recover", body: api.RecoverRequest{Identifier: identifier, CIN: cin}})
}

func (e *env) confirm(identifier, code, password string) resp {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/auth/recover/confirm", body: api.RecoverConfirmRequest{Identifier: identifier, Code: code, NewPassword: password}})
}

// otherCode is a well-formed code that is not c.
func otherCode(c string) string {
	n, _ := strconv.Atoi(c)
	return fmt.Sprintf("%06d", (n+1)%1000000)
}

func TestRecoverSameAnswer(t *testing.T) {
	e := newEnv(t)
	m, fl := e.Acc.Member, e.Acc.FirstLogin
	var bodies [][]byte
	for _, tc := range []struct {
		name, identifier, cin string
		mailed                string
	}{
		{"unknown identifier", "0000099", "AB123456", ""},
		{"unknown e-mail", "nobody@finances.gov.ma", "AB123456", ""},
		{"wrong CIN", m.Identifier, "ZZ999999", ""},
		{"right data, first login", fl.Identifier, fl.CIN, fl.Email},
		{"right data by e-mail, lower-case CIN", m.Email, strings.ToLower(m.CIN), m.Email},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.count(`SELECT COUNT(*) FROM outbox`)
			r := want(t, e.recover(tc.identifier, tc.cin), 202)
			bodies = append(bodies, r.Body)
			if !bytes.Equal(r.Body, bodies[0]) {
				t.Fatalf("body differs from the first case:\n%s\n%s", r.Body, bodies[0])
			}
			mailed := e.count(`SELECT COUNT(*) FROM outbox`) - before
			switch {
			case tc.mailed == "" && mailed != 0:
				t.Fatalf("%d mails queued, want none", mailed)
			case tc.mailed != "" && (mailed != 1 || e.lastCode(tc.mailed) == ""):
				t.Fatalf("%d mails queued, want one code to %s", mailed, tc.mailed)
			}
		})
	}
}

// TestRecoverLimitedPerIdentifier: a member's codes are limited; requests
// that send no code (an unknown identifier, a wrong CIN) spend no budget
// but the address's, and answer alike, so limits reveal nothing.
func TestRecoverLimitedPerIdentifier(t *testing.T) {
	t.Run("known member", func(t *testing.T) {
		e := newEnv(t)
		for i := 1; i <= 3; i++ {
			want(t, e.recover("1112223", "EF111222"), 202)
		}
		r := e.recover("1112223", "EF111222")
		wantErr(t, r, api.CodeRateLimited)
		if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra <= 0 || ra > 3600 {
			t.Fatalf("Retry-After %q, want 1..3600 seconds", r.Header.Get("Retry-After"))
		}
		want(t, e.recover("7654321", "CD654321"), 202) // another identifier is not limited
		e.Clock.Add(time.Hour + time.Second)
		want(t, e.recover("1112223", "EF111222"), 202)
	})
	for _, tc := range []struct{ name, identifier, cin string }{
		{"unknown identifier", "5550001", "AB000001"},
		{"wrong CIN", "1112223", "AB000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			for i := 1; i <= 5; i++ {
				want(t, e.recover(tc.identifier, tc.cin), 202)
			}
			if n := e.count(`SELECT COUNT(*) FROM throttle WHERE key NOT LIKE 'recover:ip:%'`); n != 0 {
				t.Fatalf("%d budgets other than the address's were charged", n)
			}
		})
	}
}

func TestRecoveryCodes(t *testing.T) {
	const newPassword = "Un tout nouveau mot de passe"
	// setup asks for a code for the first-login member and returns it.
	setup := func(t *testing.T) (*env, string) {
		e := newEnv(t)
		fl := e.Acc.FirstLogin
		want(t, e.recover(fl.Identifier, fl.CIN), 202)
		code := e.lastCode(fl.Email)
		if code == "" {
			t.Fatal("no code mailed")
		}
		return e, code
	}
	badCode := func(t *testing.T, r resp) {
		t.Helper()
		if er := wantErr(t, r, api.CodeInvalidRequest); er.Field != "code" {
			t.Fatalf("field %q, want code", er.Field)
		}
	}
	t.Run("six digits, stored only as a hash", func(t *testing.T) {
		e, code := setup(t)
		if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(code) {
			t.Fatalf("code %q is not 6 digits", code)
		}
		if n := e.count(`SELECT COUNT(*) FROM recovery_codes WHERE code_hash LIKE '%' || $1 || '%'`, code); n != 0 {
			t.Fatal("the code is stored in clear")
		}
		if n := e.count(`SELECT COUNT(*) FROM outbox WHERE body LIKE '%' || $1 || '%'`, code); n != 0 {
			t.Fatal("the sent mail's body, with its code, is still in the outbox")
		}
	})
	t.Run("works within ten minutes", func(t *testing.T) {
		e, code := setup(t)
		e.Clock.Add(10*time.Minute - time.Second)
		want(t, e.confirm(e.Acc.FirstLogin.Identifier, code, newPassword), 204)
		e.login(e.Acc.FirstLogin.Identifier, newPassword)
	})
	t.Run("expires after ten minutes", func(t *testing.T) {
		e, code := setup(t)
		e.Clock.Add(10 * time.Minute)
		badCode(t, e.confirm(e.Acc.FirstLogin.Identifier, code, newPassword))
		wantErr(t, e.do(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Identifier: e.Acc.FirstLogin.Identifier, Password: newPassword}}), api.CodeInvalidCredentials)
	})
	t.Run("works once", func(t *testing.T) {
		e, code := setup(t)
		want(t, e.confirm(e.Acc.FirstLogin.Identifier, code, newPassword), 204)
		badCode(t, e.confirm(e.Acc.FirstLogin.Identifier, code, newPassword+" again"))
		e.login(e.Acc.FirstLogin.Identifier, newPassword)
	})
	t.Run("at most five tries", func(t *testing.T) {
		e, code := setup(t)
		for i := 0; i < api.RecoveryCodeMaxAttempts; i++ {
			badCode(t, e.confirm(e.Acc.FirstLogin.Identifier, otherCode(code), newPassword))
		}
		badCode(t, e.confirm(e.Acc.FirstLogin.Identifier, code, newPassword))
	})
	t.Run("a new code voids the previous one", func(t *testing.T) {
		e, first := setup(t)
		fl := e.Acc.FirstLogin
		want(t, e.recover(fl.Identifier, fl.CIN), 202)
		second := e.lastCode(fl.Email)
		if first == second { // one chance in a million: ask once more
			want(t, e.recover(fl.Identifier, fl.CIN), 202)
			if second = e.lastCode(fl.Email); first == second {
				t.Fatalf("three codes in a row are %s", first)
			}
		}
		badCode(t, e.confirm(fl.Identifier, first, newPassword))
		want(t, e.confirm(fl.Identifier, second, newPassword), 204)
	})
	t.Run("bound to its member", func(t *testing.T) {
		e, code := setup(t)
		badCode(t, e.confirm(e.Acc.Member.Identifier, code, newPassword))
		badCode(t, e.confirm("0000099", code, newPassword))
	})
	t.Run("malformed codes", func(t *testing.T) {
		e, code := setup(t)
		for _, c := range []string{code[:5], code + "0", "abcdef"} {
			badCode(t, e.confirm(e.Acc.FirstLogin.Identifier, c, newPassword))
		}
	})
}

// TestResetRevokesEverySession: a reset logs every device out, a thief's
// included.
func TestResetRevokesEverySession(t *testing.T) {
	e := newEnv(t)
	m := e.Acc.Member
	phone, tablet := e.memberToken(), e.memberToken()
	other := e.otherToken()
	want(t, e.recover(m.Identifier, m.CIN), 202)
	const fresh = "Nouveau mot de passe 2026"
	want(t, e.confirm(m.Identifier, e.lastCode(m.Email), fresh), 204)
	for _, tc := range []struct{ name, token string }{{"phone", phone}, {"tablet", tablet}} {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, e.do(req{method: "GET", path: "/me", token: tc.token}), api.CodeUnauthorized)
		})
	}
	t.Run("another member stays logged in", func(t *testing.T) {
		want(t, e.do(req{method: "GET", path: "/me", token: other}), 200)
	})
	t.Run("old password refused, new one accepted", func(t *testing.T) {
		wantErr(t, e.do(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Identifier: m.Identifier, Password: m.Password}}), api.CodeInvalidCredentials)
		e.login(m.Identifier, fresh)
	})
}
