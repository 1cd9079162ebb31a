package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
)

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/login", "/", "/static/console.css", "/nowhere"} {
		resp, err := http.Get(e.console + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	a := e.httpClient()
	if code := a.login(e.acc.Agent.Email, e.acc.Agent.Password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	_, _, csrf := a.get(fmt.Sprintf("/dossiers/%d", r.ID))
	if csrf == "" {
		t.Fatal("no CSRF token on the file page")
	}
	receive := func(extra url.Values) url.Values {
		v := url.Values{"version": {"0"}, "do": {"receive"}, "doc": {"0", "1", "2", "3"}}
		for k, x := range extra {
			v[k] = x
		}
		return v
	}
	path := fmt.Sprintf("/dossiers/%d/documents", r.ID)
	for _, tc := range []struct {
		name   string
		form   url.Values
		header []string
	}{
		{"no token", receive(nil), nil},
		{"empty token", receive(url.Values{"csrf": {""}}), nil},
		{"another session's token", receive(url.Values{"csrf": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}), nil},
		{"right token from another origin", receive(url.Values{"csrf": {csrf}}), []string{"Origin", "http://evil.example"}},
		{"right token, no version", url.Values{"csrf": {csrf}, "do": {"receive"}, "doc": {"0", "1", "2", "3"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := http.StatusForbidden
			if tc.form.Get("csrf") == csrf && tc.header == nil {
				want = http.StatusConflict // a form without its version is stale
			}
			if code, _ := a.post(path, tc.form, tc.header...); code != want {
				t.Fatalf("status %d, want %d", code, want)
			}
			if got := e.memberView(tok, r.ID); got.Status != api.StatusAwaitingDocuments || got.Version != 0 {
				t.Fatalf("the request changed: %s v%d", got.Status, got.Version)
			}
		})
	}
	t.Run("logout without token", func(t *testing.T) {
		if code, _ := a.post("/logout", url.Values{}); code != http.StatusForbidden {
			t.Fatalf("status %d", code)
		}
		if code, _, _ := a.get("/"); code != http.StatusOK {
			t.Fatalf("the session ended: %d", code)
		}
	})
	t.Run("login without token", func(t *testing.T) {
		b := e.httpClient()
		code, _ := b.post("/login", url.Values{"email": {e.acc.Agent.Email}, "password": {e.acc.Agent.Password}})
		if code != http.StatusForbidden {
			t.Fatalf("status %d", code)
		}
	})
	t.Run("with the token it acts", func(t *testing.T) {
		if code, _ := a.post(path, receive(url.Values{"csrf": {csrf}})); code != http.StatusSeeOther {
			t.Fatalf("status %d", code)
		}
		if got := e.memberView(tok, r.ID); got.Status != api.StatusDocumentsReceived {
			t.Fatalf("status %s", got.Status)
		}
	})
}

func TestMemberCredentialsRefused(t *testing.T) {
	e := newEnv(t)
	for _, id := range []string{e.acc.Member.Identifier, e.acc.Member.Email} {
		a := e.httpClient()
		if code := a.login(id, e.acc.Member.Password); code != http.StatusUnauthorized {
			t.Fatalf("%s: status %d, want 401", id, code)
		}
		if code, _, _ := a.get("/"); code != http.StatusSeeOther {
			t.Fatalf("%s: the dashboard answered %d", id, code)
		}
	}
	var live int
	if err := e.st.DB().QueryRow(`SELECT COUNT(*) FROM sessions WHERE role = 'member' AND revoked_at IS NULL`).Scan(&live); err != nil {
		t.Fatal(err)
	}
	if live != 0 {
		t.Fatalf("%d member sessions were left open by the console", live)
	}
	if n := e.audit.count("console.login", audit.Failed); n != 2 {
		t.Fatalf("%d failed logins audited, want 2", n)
	}
}

func TestLockout(t *testing.T) {
	e := newEnv(t)
	a := e.httpClient()
	for i := 0; i < 5; i++ {
		if code := a.login(e.acc.Agent.Email, "wrong password!!"); code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, code)
		}
	}
	_, _, tok := a.get("/login")
	code, body := a.post("/login", url.Values{"csrf": {tok}, "email": {e.acc.Agent.Email}, "password": {e.acc.Agent.Password}})
	if code != http.StatusTooManyRequests || !strings.Contains(body, "Trop de tentatives") {
		t.Fatalf("after 5 failures the right password got %d", code)
	}
	if e.audit.count("console.login", audit.Failed) != 5 || e.audit.count("console.login", audit.Limited) != 1 {
		t.Fatalf("audit: %+v", e.audit.events)
	}
	// The auth service's own event says when the lock started.
	locked := 0
	for _, ev := range e.audit.events {
		if ev.Outcome == audit.Locked {
			locked++
		}
	}
	if locked == 0 {
		t.Fatalf("no lockout in the trail: %+v", e.audit.events)
	}
	for _, ev := range e.audit.events {
		if ev.ClientIP == "" || ev.Identifier == "" || strings.Contains(fmt.Sprint(ev), "wrong password") ||
			strings.Contains(fmt.Sprint(ev), e.acc.Agent.Email) {
			t.Fatalf("audit event %+v", ev)
		}
	}
}

func TestLogoutEndsSession(t *testing.T) {
	e := newEnv(t)
	a := e.httpClient()
	if code := a.login(e.acc.Agent.Email, e.acc.Agent.Password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	u, _ := url.Parse(e.console)
	cookies := a.HTTP.Jar.Cookies(u)
	_, _, csrf := a.get("/")
	if code, _ := a.post("/logout", url.Values{"csrf": {csrf}}); code != http.StatusSeeOther {
		t.Fatalf("logout: %d", code)
	}
	// The old cookie, replayed, opens nothing.
	b := e.httpClient()
	b.HTTP.Jar.SetCookies(u, cookies)
	if code, _, _ := b.get("/"); code != http.StatusSeeOther {
		t.Fatalf("the revoked session still opens the dashboard: %d", code)
	}
	if e.audit.count("console.logout", audit.OK) != 1 {
		t.Fatal("logout not audited")
	}
}

func TestSessionCookie(t *testing.T) {
	e := newEnv(t)
	a := e.httpClient()
	_, _, tok := a.get("/login")
	req, _ := http.NewRequest("POST", e.console+"/login", strings.NewReader(url.Values{"csrf": {tok},
		"email": {e.acc.Agent.Email}, "password": {e.acc.Agent.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	u, _ := url.Parse(e.console)
	for _, c := range a.HTTP.Jar.Cookies(u) {
		req.AddCookie(c)
	}
	resp, err := a.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var found bool
	for _, c := range resp.Cookies() {
		if c.Name == "fos_console" && c.Value != "" {
			found = true
			// Plain http on loopback: no Secure, so no __Host- prefix.
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Secure || c.Path != "/" || c.Domain != "" {
				t.Fatalf("cookie %+v", c)
			}
		}
	}
	if !found {
		t.Fatalf("no session cookie in %v", resp.Header["Set-Cookie"])
	}
}

func TestOpenRedirectRefused(t *testing.T) {
	e := newEnv(t)
	evil := []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
		"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example"}
	for _, next := range evil {
		a := e.httpClient()
		_, _, tok := a.get("/login")
		resp, err := a.HTTP.PostForm(e.console+"/login", url.Values{"csrf": {tok}, "email": {e.acc.Agent.Email},
			"password": {e.acc.Agent.Password}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Fatalf("next %q redirected to %q", next, loc)
		}
	}
	// The language switch, open to anyone, takes next too.
	for _, next := range evil {
		resp, err := e.httpClient().HTTP.Get(e.console + "/langue?l=ar&next=" + url.QueryEscape(next))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Fatalf("/langue next %q redirected to %q", next, loc)
		}
	}
}
