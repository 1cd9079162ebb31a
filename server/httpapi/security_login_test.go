package httpapi_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// loginFrom sends a login from a client address (honoured when the env
// trusts the proxy header).
func (e *env) loginFrom(ip, identifier, password string) resp {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Identifier: identifier, Password: password},
		header: map[string]string{"X-Forwarded-For": ip}})
}

func TestPasswordsAreHashedWithArgon2id(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ name, query string }{
		{"members", `SELECT password_hash FROM members WHERE password_hash IS NOT NULL`},
		{"agents", `SELECT password_hash FROM agents`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := e.Store.DB().Query(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var h string
				if err := rows.Scan(&h); err != nil {
					t.Fatal(err)
				}
				n++
				if !strings.HasPrefix(h, "$argon2id$v=19$") {
					t.Errorf("stored hash %.20q… is not an argon2id PHC string", h)
				}
				for _, pw := range []string{e.Acc.Member.Password, e.Acc.Agent.Password} {
					if strings.Contains(h, pw) {
						t.Errorf("a stored hash holds a password")
					}
				}
			}
			if n == 0 {
				t.Fatal("no hash stored")
			}
		})
	}
}

func TestPasswordPolicyOnReset(t *testing.T) {
	for _, tc := range []struct {
		name     string
		password string
		ok       bool
	}{
		{"11 characters", strings.Repeat("a", 11), false},
		{"12 characters", strings.Repeat("ab", 6), true},
		{"128 characters", strings.Repeat("bc", 64), true},
		{"129 characters", strings.Repeat("cd", 64) + "c", false},
		{"12 Arabic letters (24 bytes)", strings.Repeat("بت", 6), true},
		{"11 Arabic letters (22 bytes)", strings.Repeat("ب", 11), false},
		{"128 accented letters (256 bytes)", strings.Repeat("éè", 64), true},
		{"129 accented letters", strings.Repeat("éè", 64) + "é", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			fl := e.Acc.FirstLogin
			want(t, e.do(req{method: "POST", path: "/auth/recover", body: api.RecoverRequest{Identifier: fl.Identifier, CIN: fl.CIN}}), 202)
			code := e.lastCode(fl.Email)
			r := e.do(req{method: "POST", path: "/auth/recover/confirm", invalid: !tc.ok,
				body: api.RecoverConfirmRequest{Identifier: fl.Identifier, Code: code, NewPassword: tc.password}})
			if !tc.ok {
				if er := wantErr(t, r, api.CodeInvalidRequest); er.Field != "new_password" {
					t.Fatalf("field %q, want new_password", er.Field)
				}
				// A refused password does not spend the code.
				tc.password = strings.Repeat("zy", 10)
				want(t, e.do(req{method: "POST", path: "/auth/recover/confirm",
					body: api.RecoverConfirmRequest{Identifier: fl.Identifier, Code: code, NewPassword: tc.password}}), 204)
			} else {
				want(t, r, 204)
			}
			e.login(fl.Identifier, tc.password)
		})
	}
}

// TestLoginUnknownIdentifierSameWork proves that every login, whoever it
// names, costs exactly one argon2id verification.
func TestLoginUnknownIdentifierSameWork(t *testing.T) {
	e := newEnvWith(t, envOptions{trustProxy: true})
	m, a := e.Acc.Member, e.Acc.Agent
	for i, tc := range []struct {
		name, identifier, password string
		status                     int
	}{
		{"known matricule, wrong password", m.Identifier, "wrong password!", 401},
		{"unknown matricule", "0000042", "wrong password!", 401},
		{"unknown e-mail", "ghost@finances.gov.ma", "wrong password!", 401},
		{"member with no password yet", e.Acc.FirstLogin.Identifier, "wrong password!", 401},
		{"agent, wrong password", a.Identifier, "wrong password!", 401},
		{"known matricule, right password", m.Identifier, m.Password, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.Hasher.Verifications()
			want(t, e.loginFrom(fmt.Sprintf("192.0.2.%d", i+1), tc.identifier, tc.password), tc.status)
			if got := e.Hasher.Verifications() - before; got != 1 {
				t.Fatalf("%d verifications, want exactly 1", got)
			}
		})
	}
}

func TestLoginRateLimitPerIdentifier(t *testing.T) {
	e := newEnvWith(t, envOptions{trustProxy: true})
	m := e.Acc.Member
	ip := 0
	attempt := func(password string) resp { // each from a new address, so only the identifier counts
		ip++
		return e.loginFrom(fmt.Sprintf("198.51.100.%d", ip), m.Identifier, password)
	}
	for i := 1; i <= 5; i++ {
		wantErr(t, attempt("not the password"), api.CodeInvalidCredentials)
	}
	limited := func(t *testing.T, wantWait int) {
		t.Helper()
		before := e.Hasher.Verifications()
		r := attempt(m.Password) // even the right password
		er := wantErr(t, r, api.CodeRateLimited)
		ra, err := strconv.Atoi(r.Header.Get("Retry-After"))
		if err != nil || ra <= 0 {
			t.Fatalf("Retry-After %q, want a positive number of seconds", r.Header.Get("Retry-After"))
		}
		if ra != wantWait || er.RetryAfterSeconds != ra {
			t.Fatalf("Retry-After %d (body %d), want %d", ra, er.RetryAfterSeconds, wantWait)
		}
		if got := e.Hasher.Verifications() - before; got != 0 {
			t.Fatalf("a limited login hashed %d passwords, want none", got)
		}
	}
	t.Run("sixth attempt is limited", func(t *testing.T) { limited(t, 30) })
	t.Run("the wait counts down", func(t *testing.T) {
		e.Clock.Add(10 * time.Second)
		limited(t, 20)
	})
	t.Run("each later failure doubles the lock", func(t *testing.T) {
		remaining := 20
		for _, wait := range []int{60, 120, 240} {
			e.Clock.Add(time.Duration(remaining+1) * time.Second)
			wantErr(t, attempt("still not it"), api.CodeInvalidCredentials)
			limited(t, wait)
			remaining = wait
		}
	})
	t.Run("a success after the lock clears the count", func(t *testing.T) {
		e.Clock.Add(241 * time.Second)
		want(t, attempt(m.Password), 200)
		wantErr(t, attempt("a slip of the finger"), api.CodeInvalidCredentials)
	})
	t.Run("another member is not affected", func(t *testing.T) {
		want(t, e.loginFrom("198.51.100.200", e.Acc.OtherMember.Identifier, e.Acc.OtherMember.Password), 200)
	})
}

func TestLoginRateLimitPerIP(t *testing.T) {
	e := newEnvWith(t, envOptions{trustProxy: true})
	const attacker = "203.0.113.66"
	for i := 1; i <= 5; i++ {
		wantErr(t, e.loginFrom(attacker, fmt.Sprintf("99900%02d", i), "guess number one"), api.CodeInvalidCredentials)
	}
	before := e.Hasher.Verifications()
	r := e.loginFrom(attacker, e.Acc.Member.Identifier, e.Acc.Member.Password)
	wantErr(t, r, api.CodeRateLimited)
	if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra <= 0 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	if got := e.Hasher.Verifications() - before; got != 0 {
		t.Fatalf("a limited login hashed %d passwords", got)
	}
	t.Run("another address logs in", func(t *testing.T) {
		want(t, e.loginFrom("203.0.113.67", e.Acc.Member.Identifier, e.Acc.Member.Password), 200)
	})
}

// TestLoginRateLimitIgnoresForgedForwardedFor: without --trust-proxy the
// peer address counts, whatever X-Forwarded-For says.
func TestLoginRateLimitIgnoresForgedForwardedFor(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 5; i++ {
		wantErr(t, e.loginFrom(fmt.Sprintf("192.0.2.%d", i), fmt.Sprintf("88800%02d", i), "guess"+strings.Repeat("!", 8)), api.CodeInvalidCredentials)
	}
	wantErr(t, e.loginFrom("192.0.2.99", "8880099", "guess!!!!!!!!"), api.CodeRateLimited)
}
