package httpapi_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/demo"
)

// recoverFrom asks for a code from ip and waits for what the request does
// after its answer (the CIN check, the code), so that the next request
// sees it.
func (e *env) recoverFrom(ip, identifier, cin string) resp {
	e.t.Helper()
	defer e.auth.Wait()
	return e.do(req{method: "POST", path: "/auth/recover", body: api.RecoverRequest{Identifier: identifier, CIN: cin},
		header: map[string]string{"X-Forwarded-For": ip}})
}

func (e *env) confirmFrom(ip, identifier, code, password string) resp {
	e.t.Helper()
	return e.do(req{method: "POST", path: "/auth/recover/confirm", header: map[string]string{"X-Forwarded-For": ip},
		body: api.RecoverConfirmRequest{Identifier: identifier, Code: code, NewPassword: password}})
}

// throttleRows is the throttle table, one line per row, in key order.
func (e *env) throttleRows() []string {
	e.t.Helper()
	rows, err := e.Store.DB().Query(`SELECT key, failures, last_failure, locked_until, 0, 0 FROM throttle ORDER BY key`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var key string
		var f, last, locked, p, pu int64
		if err := rows.Scan(&key, &f, &last, &locked, &p, &pu); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %d %d %d %d", key, f, last, locked, p, pu))
	}
	return out
}

const attacker = "203.0.113.66"

// TestLockedAddressCannotSpendMemberBudget: requests from an address that
// its own limit already refuses count nothing against the member they
// name, so the member can still recover, confirm and log in from their
// own phone (issue 11, finding 1).
func TestLockedAddressCannotSpendMemberBudget(t *testing.T) {
	forEachEngine(t, envOptions{trustProxy: true}, func(t *testing.T, e *env) {
		m := e.Acc.Member
		const phone = "198.51.100.7"
		t.Run("recovery", func(t *testing.T) {
			for i := range 30 { // the address's hourly budget, on identifiers of nobody
				want(t, e.recoverFrom(attacker, fmt.Sprintf("55500%02d", i), "AB000001"), 202)
			}
			for range 10 {
				wantErr(t, e.recoverFrom(attacker, m.Identifier, "ZZ000000"), api.CodeRateLimited)
				wantErr(t, e.recoverFrom(attacker, m.Email, "ZZ000000"), api.CodeRateLimited)
			}
			want(t, e.recoverFrom(phone, m.Identifier, m.CIN), 202)
			if e.lastCode(m.Email) == "" {
				t.Fatal("the member's own request was answered but mailed no code")
			}
		})
		t.Run("confirmation", func(t *testing.T) {
			for i := range 30 {
				wantErr(t, e.confirmFrom(attacker, fmt.Sprintf("55501%02d", i), "000000", "une phrase assez longue"), api.CodeInvalidRequest)
			}
			for range 20 {
				wantErr(t, e.confirmFrom(attacker, m.Identifier, "000000", "une phrase assez longue"), api.CodeRateLimited)
			}
			want(t, e.confirmFrom(phone, m.Identifier, e.lastCode(m.Email), "Ma nouvelle phrase de passe"), 204)
			m.Password = "Ma nouvelle phrase de passe"
		})
		t.Run("login", func(t *testing.T) {
			for i := range 5 {
				wantErr(t, e.loginFrom(attacker, fmt.Sprintf("55502%02d", i), "guess number one"), api.CodeInvalidCredentials)
			}
			for range 20 {
				wantErr(t, e.loginFrom(attacker, m.Identifier, "guess number two"), api.CodeRateLimited)
			}
			for range 4 { // the member's own slips still count from one
				wantErr(t, e.loginFrom(phone, m.Identifier, "a slip of the finger"), api.CodeInvalidCredentials)
			}
			want(t, e.loginFrom(phone, m.Identifier, m.Password), 200)
		})
	})
}

// TestStrangerCannotSpendMemberCodes: requests that name a member with a
// wrong CIN, from an address whose own budget still allows them, cost the
// member nothing, so the member can still ask for a code, for a reset or
// a first login, from their own phone (issue 11, finding 1: three such
// requests blocked the member's recovery for an hour). The member's own
// codes stay limited.
func TestStrangerCannotSpendMemberCodes(t *testing.T) {
	forEachEngine(t, envOptions{trustProxy: true}, func(t *testing.T, e *env) {
		for _, tc := range []struct {
			name string
			who  demo.Credentials
		}{
			{"reset", e.Acc.Member},
			{"first login", e.Acc.FirstLogin},
		} {
			t.Run(tc.name, func(t *testing.T) {
				m := tc.who
				mails := e.count(`SELECT COUNT(*) FROM outbox`)
				for i := range 10 {
					id := m.Identifier
					if i%2 == 1 {
						id = m.Email
					}
					want(t, e.recoverFrom(attacker, id, "ZZ000000"), 202)
				}
				if n := e.count(`SELECT COUNT(*) FROM outbox`) - mails; n != 0 {
					t.Fatalf("%d mails queued for wrong CINs", n)
				}
				const phone = "198.51.100.8"
				for i := range 3 {
					if r := e.recoverFrom(phone, m.Identifier, m.CIN); r.Status != 202 {
						t.Fatalf("the member's own request %d: %d %s", i+1, r.Status, r.Body)
					}
				}
				if n := e.count(`SELECT COUNT(*) FROM outbox`) - mails; n != 3 {
					t.Fatalf("%d codes queued for the member, want 3", n)
				}
				wantErr(t, e.recoverFrom(phone, m.Email, m.CIN), api.CodeRateLimited)
				wantErr(t, e.recoverFrom(attacker, m.Identifier, "ZZ000000"), api.CodeRateLimited)
			})
		}
	})
}

// TestOneBudgetPerAccount: the matricule and the e-mail of one member
// share one budget for logins, codes and code tries (finding 2), while an
// identifier of nobody keeps its own.
func TestOneBudgetPerAccount(t *testing.T) {
	forEachEngine(t, envOptions{trustProxy: true}, func(t *testing.T, e *env) {
		m := e.Acc.Member
		ip := 0
		from := func() string { ip++; return fmt.Sprintf("198.51.100.%d", ip) }
		spelling := func(i int) string {
			if i%2 == 0 {
				return m.Identifier
			}
			return m.Email
		}
		t.Run("logins", func(t *testing.T) {
			for i := range 5 {
				wantErr(t, e.loginFrom(from(), spelling(i), "not the password"), api.CodeInvalidCredentials)
			}
			for i := range 2 {
				r := e.loginFrom(from(), spelling(i), m.Password)
				wantErr(t, r, api.CodeRateLimited)
				if r.Header.Get("Retry-After") != "30" {
					t.Fatalf("Retry-After %q, want 30", r.Header.Get("Retry-After"))
				}
			}
			e.Clock.Add(31 * time.Second)
			want(t, e.loginFrom(from(), m.Email, m.Password), 200)
			// The success cleared both spellings.
			for i := range 4 {
				wantErr(t, e.loginFrom(from(), spelling(i), "not the password"), api.CodeInvalidCredentials)
			}
			want(t, e.loginFrom(from(), m.Identifier, m.Password), 200)
		})
		t.Run("codes", func(t *testing.T) {
			for i := range 3 {
				want(t, e.recoverFrom(from(), spelling(i), m.CIN), 202)
			}
			wantErr(t, e.recoverFrom(from(), m.Email, m.CIN), api.CodeRateLimited)
			wantErr(t, e.recoverFrom(from(), m.Identifier, m.CIN), api.CodeRateLimited)
		})
		t.Run("code tries", func(t *testing.T) {
			for i := range 10 {
				wantErr(t, e.confirmFrom(from(), spelling(i), "000000", "une phrase assez longue"), api.CodeInvalidRequest)
			}
			r := e.confirmFrom(from(), m.Email, e.lastCode(m.Email), "une phrase assez longue")
			wantErr(t, r, api.CodeRateLimited)
			if ra, _ := strconv.Atoi(r.Header.Get("Retry-After")); ra < 3000 || ra > 3600 {
				t.Fatalf("Retry-After %q, want about an hour", r.Header.Get("Retry-After"))
			}
		})
		t.Run("another member keeps hers", func(t *testing.T) {
			o := e.Acc.OtherMember
			want(t, e.recoverFrom(from(), o.Email, o.CIN), 202)
			want(t, e.loginFrom(from(), o.Identifier, o.Password), 200)
		})
	})
}

// TestLockEndsForGood: once an address's lock has run out, a right
// password logs in, and so do the next ones: a success never re-arms the
// lock (finding 3: the second got 429 with Retry-After 60). The failure
// window runs from the last failure, not from the last success.
func TestLockEndsForGood(t *testing.T) {
	forEachEngine(t, envOptions{trustProxy: true}, func(t *testing.T, e *env) {
		const nat = "203.0.113.10" // a carrier's address, shared by many members
		for i := range 5 {
			wantErr(t, e.loginFrom(nat, fmt.Sprintf("44400%02d", i), "guess number one"), api.CodeInvalidCredentials)
		}
		wantErr(t, e.loginFrom(nat, e.Acc.Member.Identifier, e.Acc.Member.Password), api.CodeRateLimited)
		e.Clock.Add(31 * time.Second)
		for i, who := range []struct{ id, pw string }{
			{e.Acc.Member.Identifier, e.Acc.Member.Password},
			{e.Acc.OtherMember.Identifier, e.Acc.OtherMember.Password},
			{e.Acc.Member.Identifier, e.Acc.Member.Password},
			{e.Acc.Agent.Identifier, e.Acc.Agent.Password},
		} {
			r := e.loginFrom(nat, who.id, who.pw)
			if r.Status != 200 {
				t.Fatalf("login %d after the lock ended: %d %s (Retry-After %q)", i+1, r.Status, r.Body, r.Header.Get("Retry-After"))
			}
			e.Clock.Add(time.Second)
		}
		e.Clock.Add(8 * time.Minute)
		want(t, e.loginFrom(nat, e.Acc.Member.Identifier, e.Acc.Member.Password), 200)
		e.Clock.Add(8 * time.Minute)
		// 16 minutes after the last failure, the count starts again: the
		// successes in between did not keep it alive.
		for i := range 4 {
			wantErr(t, e.loginFrom(nat, fmt.Sprintf("44401%02d", i), "guess number two"), api.CodeInvalidCredentials)
		}
		want(t, e.loginFrom(nat, e.Acc.Member.Identifier, e.Acc.Member.Password), 200)
	})
}

// TestRefusedLoginsWriteNothing: 100 logins refused by a locked address
// leave the throttle table as it was (finding 4: each added a row).
func TestRefusedLoginsWriteNothing(t *testing.T) {
	forEachEngine(t, envOptions{trustProxy: true}, func(t *testing.T, e *env) {
		for i := range 5 {
			wantErr(t, e.loginFrom(attacker, fmt.Sprintf("33300%02d", i), "guess number one"), api.CodeInvalidCredentials)
		}
		before := e.throttleRows()
		for i := range 100 {
			id := fmt.Sprintf("33301%02d", i)
			if i%2 == 0 {
				id = e.Acc.Member.Email
			}
			wantErr(t, e.loginFrom(attacker, id, "guess number two"), api.CodeRateLimited)
		}
		after := e.throttleRows()
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("refused logins changed the throttle table:\nbefore %d rows %v\nafter %d rows %v", len(before), before, len(after), after)
		}
	})
}

// TestUnknownIdentifiersChargeAsMuch: a recovery, a code try and a failed
// login for an identifier of nobody write as many budget rows as for a
// member, so that the work done before the answer tells nothing. (A
// recovery with a wrong CIN charges the address alone, as for nobody.)
func TestUnknownIdentifiersChargeAsMuch(t *testing.T) {
	forEachEngine(t, envOptions{trustProxy: true}, func(t *testing.T, e *env) {
		m := e.Acc.Member
		for i, tc := range []struct {
			name string
			send func(ip, id string) resp
			rows int
		}{
			{"recovery", func(ip, id string) resp { return e.recoverFrom(ip, id, "ZZ000000") }, 1},
			{"code try", func(ip, id string) resp { return e.confirmFrom(ip, id, "000000", "une phrase assez longue") }, 3},
			{"login", func(ip, id string) resp { return e.loginFrom(ip, id, "not the password") }, 3},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rows := func(id string, ip int) int {
					before := len(e.throttleRows())
					r := tc.send(fmt.Sprintf("192.0.2.%d", ip), id)
					if r.Status == 429 {
						t.Fatalf("limited: %s", r.Body)
					}
					return len(e.throttleRows()) - before
				}
				known, unknown := rows(m.Identifier, 10*i+1), rows("0000099", 10*i+2)
				if known != tc.rows || unknown != known {
					t.Fatalf("rows written: %d for a member, %d for nobody; want %d and %[3]d", known, unknown, tc.rows)
				}
			})
		}
	})
}
