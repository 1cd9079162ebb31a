package portal_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/portal"
)

// TestCSRF: a POST without the session's token, with another site's
// Origin, or without the login form's double-submit token is refused and
// changes nothing; with the token it goes through.
func TestCSRF(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.srv.Request(t, e.acc.Member, api.KindSummer)
	h := e.client()
	if code := h.login(e.acc.Member); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	path := fmt.Sprintf("/demandes/%d/annuler", r.ID)
	_, _, tok := h.get(path)
	if tok == "" {
		t.Fatal("no token on the cancel page")
	}
	for name, try := range map[string]func() int{
		"no token":    func() int { c, _, _ := h.post(path, nil); return c },
		"wrong token": func() int { c, _, _ := h.post(path, url.Values{"csrf": {tok + "x"}}); return c },
		"other origin": func() int {
			c, _, _ := h.post(path, url.Values{"csrf": {tok}}, "Origin", "http://evil.example")
			return c
		},
	} {
		if code := try(); code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, code)
		}
	}
	if got := e.requests(e.acc.Member)[0].Status; got != api.StatusAwaitingDocuments {
		t.Fatalf("a refused POST changed the request: %s", got)
	}
	anon := e.client()
	if code, _, _ := anon.post("/connexion", url.Values{"identifier": {e.acc.Member.Identifier}, "password": {e.acc.Member.Password}}); code != http.StatusForbidden {
		t.Errorf("login without the form's token: %d, want 403", code)
	}
	if code, _, loc := h.post(path, url.Values{"csrf": {tok}}); code != http.StatusSeeOther || !strings.Contains(loc, "fait=annule") {
		t.Fatalf("with the token: %d %s", code, loc)
	}
	if got := e.requests(e.acc.Member)[0].Status; got != api.StatusCancelled {
		t.Fatalf("after cancelling: %s", got)
	}
}

// TestCrossSiteForm: a page on another site that posts a form to the
// portal, in the browser of a logged-in member, cancels nothing (the
// SameSite cookie stays home, and the form has no token).
func TestCrossSiteForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.srv.Request(t, e.acc.Member, api.KindSummer)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `<!doctype html><form id=f method=post action="%s/demandes/%d/annuler"><input name=csrf value=x></form><script>document.getElementById("f").submit()</script>`, e.url, r.ID)
	}))
	defer evil.Close()
	b := e.tab(t)
	b.login(e.acc.Member)
	// The evil site is another site only by its host: 127.0.0.1 is the
	// portal's, localhost the attacker's.
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	b.Do(chromedp.Navigate(evilURL), chromedp.WaitVisible(chromedp.ID("main")))
	if got := e.requests(e.acc.Member)[0].Status; got != api.StatusAwaitingDocuments {
		t.Fatalf("a cross-site form cancelled the request: %s", got)
	}
	if got := b.Text("message"); !strings.Contains(got, "ne vient pas de ce site") {
		t.Fatalf("the portal answered the forged form with %q", got)
	}
}

// TestOtherMembersRequest: guessing another member's request id through
// the pages gives the same 404 as an id that does not exist.
func TestOtherMembersRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	theirs := e.srv.Request(t, e.acc.OtherMember, api.KindSummer)
	h := e.client()
	h.login(e.acc.Member)
	_, _, tok := h.get("/services")
	for _, p := range []string{"/demandes/%d", "/demandes/%d/depot", "/demandes/%d/annuler", "/demandes/%d/code.png"} {
		for _, id := range []int64{theirs.ID, 999999} {
			code, body, _ := h.get(fmt.Sprintf(p, id))
			if code != http.StatusNotFound || strings.Contains(body, theirs.Reference) {
				t.Errorf("GET %s: %d", fmt.Sprintf(p, id), code)
			}
		}
	}
	if code, _, _ := h.post(fmt.Sprintf("/demandes/%d/annuler", theirs.ID), url.Values{"csrf": {tok}}); code != http.StatusNotFound {
		t.Errorf("cancel theirs: %d, want 404", code)
	}
	if got := e.requests(e.acc.OtherMember)[0].Status; got != api.StatusAwaitingDocuments {
		t.Fatalf("the other member's request changed: %s", got)
	}
}

// TestRedirects: the language switch and the login go only to local
// paths; //host, /\host and control characters lead home.
func TestRedirects(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	for _, next := range []string{"//evil.example/", "/\\evil.example", "/\t/evil.example", "https://evil.example", "/\n/evil.example"} {
		resp, err := h.HTTP.Get(e.url + "/langue?l=ar&next=" + url.QueryEscape(next))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("langue next=%q leads to %q", next, loc)
		}
		_, _, tok := h.get("/connexion")
		_, _, loc := h.post("/connexion", url.Values{"csrf": {tok}, "identifier": {e.acc.Member.Identifier}, "password": {e.acc.Member.Password}, "next": {next}})
		if loc != "/services" {
			t.Errorf("login next=%q leads to %q", next, loc)
		}
		h.HTTP.Jar, _ = newJar()
	}
	_, _, tok := h.get("/connexion")
	if _, _, loc := h.post("/connexion", url.Values{"csrf": {tok}, "identifier": {e.acc.Member.Identifier}, "password": {e.acc.Member.Password}, "next": {"/estivage"}}); loc != "/estivage" {
		t.Errorf("a local next leads to %q", loc)
	}
}

// TestAgentCannotLogIn: an agent's right credentials open no session here,
// and the session the auth service opened is revoked at once.
func TestAgentCannotLogIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	_, _, tok := h.get("/connexion")
	code, body, _ := h.post("/connexion", url.Values{"csrf": {tok}, "identifier": {e.acc.Agent.Identifier}, "password": {e.acc.Agent.Password}})
	if code != http.StatusForbidden || !strings.Contains(body, "compte d&#39;adhérent") {
		t.Fatalf("agent login: %d\n%s", code, body)
	}
	if code, _, _ := h.get("/services"); code != http.StatusSeeOther {
		t.Fatalf("after an agent's login /services answers %d", code)
	}
	if n := e.srv.AgentSessions(t); n != 0 {
		t.Fatalf("%d agent sessions left open", n)
	}
}

// TestSharedBudget: wrong passwords through the portal and the API count
// against one budget; once spent, the right password is refused on both.
func TestSharedBudget(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	wrong := func() int {
		_, _, tok := h.get("/connexion")
		code, _, _ := h.post("/connexion", url.Values{"csrf": {tok}, "identifier": {e.acc.Member.Identifier}, "password": {"not the password"}})
		return code
	}
	for i := 0; i < 3; i++ {
		if code := wrong(); code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d through the portal: %d", i+1, code)
		}
	}
	for i := 0; i < 2; i++ {
		e.srv.Do(t, "", "POST", "/auth/login", api.LoginRequest{Identifier: e.acc.Member.Identifier, Password: "not the password"}, http.StatusUnauthorized, nil)
	}
	e.srv.Do(t, "", "POST", "/auth/login", api.LoginRequest{Identifier: e.acc.Member.Identifier, Password: e.acc.Member.Password}, http.StatusTooManyRequests, nil)
	_, _, tok := h.get("/connexion")
	code, body, _ := h.post("/connexion", url.Values{"csrf": {tok}, "identifier": {e.acc.Member.Identifier}, "password": {e.acc.Member.Password}})
	if code != http.StatusTooManyRequests || !strings.Contains(body, "Trop de tentatives") {
		t.Fatalf("right password after the lock: %d", code)
	}
}

// TestHeaders: every page has the strict CSP and friends; a member's
// pages are no-store; the session cookie is HttpOnly and SameSite=Lax,
// named __Host- and Secure over https.
func TestHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	h.login(e.acc.Member)
	for _, p := range []string{"/mot-de-passe", "/services", "/estivage"} {
		resp, err := h.HTTP.Get(e.url + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		hd := resp.Header
		if csp := hd.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") != "no-referrer" || hd.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", p, hd)
		}
	}

	// Over https (a proxy saying so), the cookies are __Host- and Secure.
	sd := e.sd
	p := &portal.Portal{Store: sd.Store, Auth: sd.Auth, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), TrustProxy: true}
	site := p.Handler()
	req := httptest.NewRequest("GET", "http://127.0.0.1/connexion", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	pre := rec.Result().Cookies()[0]
	if pre.Name != "__Host-fos_portal_login" || !pre.Secure || !pre.HttpOnly {
		t.Fatalf("pre-login cookie over https: %+v", pre)
	}
	form := url.Values{"csrf": {pre.Value}, "identifier": {e.acc.Member.Identifier}, "password": {e.acc.Member.Password}}
	req = httptest.NewRequest("POST", "http://127.0.0.1/connexion", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.AddCookie(pre)
	rec = httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	var session *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "__Host-fos_portal" {
			session = c
		}
	}
	if session == nil || !session.Secure || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || session.Domain != "" {
		t.Fatalf("session cookie over https: %+v (status %d)", session, rec.Code)
	}
}

// TestMetrics: the portal's requests are counted and timed in the API's
// metrics, by the route its router matched.
func TestMetrics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.srv.Request(t, e.acc.Member, api.KindSummer)
	h := e.client()
	h.login(e.acc.Member)
	if code, _, _ := h.get(fmt.Sprintf("/demandes/%d", r.ID)); code != http.StatusOK {
		t.Fatalf("request page: %d", code)
	}
	_, body, _ := h.get("/metrics")
	for _, want := range []string{`fos_http_requests_total{code="200",route="GET /demandes/{id}"} 1`,
		`fos_http_requests_total{code="303",route="POST /connexion"} 1`,
		`fos_http_request_duration_seconds_bucket{route="GET /demandes/{id}",le="0.02"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
