package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

// The payloads of the XSS test, in names (as a CSV import would bring
// them), notes and reasons.
const (
	xssLast   = `<script>alert("xss-last")</script>`
	xssFirst  = `"><img src=x onerror=alert("xss-first")>`
	xssNote   = `javascript:alert("xss-note") <a href="javascript:alert(4)">lien</a>`
	xssReason = `<img src=/xss-probe onerror=alert("xss-reason")>' onmouseover='alert(6)`
	xssSearch = `"><svg onload=alert("xss-search")>`
)

// TestXSSInert puts script payloads in a member's names, an agent's note,
// a rejection's text and a search, and checks in Chromium that each renders
// as text: the DOM holds the exact strings, no element came from them, no
// dialog opened and no request left for anything but the console's own files.
func TestXSSInert(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	m, err := e.st.MemberByIdentifier(ctx, e.acc.Member.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	m.LastName, m.FirstName = xssLast, xssFirst
	if _, _, err := e.st.UpsertMembers(ctx, []store.Member{m}); err != nil {
		t.Fatal(err)
	}
	r, tok := e.newRequest(e.acc.Member)
	b := newTab(t)
	b.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
	fileURL := fmt.Sprintf("%s/dossiers/%d", e.console, r.ID)
	b.do(chromedp.Navigate(fileURL),
		chromedp.SendKeys(chromedp.ID("note-text"), xssNote), submit("add-note"),
		chromedp.SetValue(chromedp.ID("reason-select"), "other"),
		chromedp.SendKeys(chromedp.ID("reject-text"), xssReason), submit("reject"),
		chromedp.WaitVisible(chromedp.ID("flash")))
	if v := e.memberView(tok, r.ID); v.Status != api.StatusRejected || v.Reason != xssReason {
		t.Fatalf("member sees %s %q", v.Status, v.Reason)
	}
	check := func(where string) {
		t.Helper()
		if n := b.eval(`String(document.querySelectorAll("body img, body script, body svg, body iframe, main a[href^='javascript']").length)`); n != "0" {
			t.Fatalf("%s: %s elements came from the payloads", where, n)
		}
	}
	if got := b.text("member-name"); got != xssLast+" "+xssFirst {
		t.Fatalf("member name rendered as %q", got)
	}
	if got := b.text("reason"); !strings.Contains(got, xssReason) {
		t.Fatalf("reason rendered as %q", got)
	}
	if got := b.text("timeline"); !strings.Contains(got, xssNote) || !strings.Contains(got, xssReason) {
		t.Fatalf("timeline rendered as %q", got)
	}
	if got := b.eval(`document.querySelector("#profile tbody tr td bdi").textContent`); got != xssLast {
		t.Fatalf("profile rendered as %q", got)
	}
	check("file page")
	b.do(chromedp.Navigate(e.console + "/dossiers?season=0&q=" + url.QueryEscape("El Amrani")))
	check("queue")
	b.do(chromedp.Navigate(e.console + "/dossiers?season=0&q=" + url.QueryEscape(xssSearch)))
	if got := b.eval(`document.getElementById("q").value`); got != xssSearch {
		t.Fatalf("search field holds %q", got)
	}
	check("search")
	b.do(chromedp.Navigate(e.console + "/dossiers?season=0&status=rejected"))
	if got := b.text("queue"); !strings.Contains(got, xssLast) {
		t.Fatalf("queue rendered %q", got)
	}
	check("rejected queue")
	b.do(chromedp.Navigate(e.console + "/guichet?code=" + url.QueryEscape(xssFirst)))
	check("counter")
	dialogs, requests := b.seen()
	if len(dialogs) > 0 {
		t.Fatalf("dialogs opened: %q", dialogs)
	}
	for _, u := range requests {
		if !strings.HasPrefix(u, e.console+"/") {
			t.Fatalf("the page requested %s", u)
		}
		// Our own navigations carry payloads in their query; no path may
		// come from one (src=x, src=/xss-probe).
		pu, err := url.Parse(u)
		if err != nil || strings.Contains(pu.Path, "xss") || pu.Path == "/x" || pu.Path == "/dossiers/x" {
			t.Fatalf("the page requested a payload's URL: %s", u)
		}
	}
}

// TestStaleVersion: two agents on one file; the second one's action on the
// page they loaded before the first one acted is refused, and nothing of it
// is written.
func TestStaleVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	fileURL := fmt.Sprintf("%s/dossiers/%d", e.console, r.ID)
	first, second := newTab(t), newTab(t)
	first.login(e.console, e.acc.Supervisor.Email, e.acc.Supervisor.Password)
	second.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
	second.do(chromedp.Navigate(fileURL), chromedp.SetValue(chromedp.ID("reason-select"), "duplicate"))
	first.do(chromedp.Navigate(fileURL), submit("receive"), chromedp.WaitVisible(chromedp.ID("flash")))
	second.do(submit("reject"), chromedp.WaitVisible(chromedp.ID("alert")))
	if got := second.text("alert"); got != "Ce dossier a changé, rechargez." {
		t.Fatalf("alert %q", got)
	}
	v := e.memberView(tok, r.ID)
	if v.Status != api.StatusDocumentsReceived || v.Version != 1 || len(v.Events) != 2 {
		t.Fatalf("after the stale action: %s v%d, %d events", v.Status, v.Version, len(v.Events))
	}
	// The page now shows the file as it is, so the agent acts on it knowingly.
	if second.eval(`document.getElementById("status").dataset.status`) != string(api.StatusDocumentsReceived) {
		t.Fatal("the refusal does not show the current status")
	}
	if e.audit.count("agent.reject", audit.Failed) != 1 {
		t.Fatal("the stale action was not audited")
	}
}

// TestApproveNotAllowed: an approve posted on a file that cannot be
// approved is refused for its status, not for the window's ceiling (the
// ceiling is only read where the file can be approved), and saves nothing.
func TestApproveNotAllowed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	ceiling := int64(100000)
	if err := e.st.SetWindowCeiling(context.Background(), r.Season, r.Kind, &ceiling); err != nil {
		t.Fatal(err)
	}
	a := e.httpClient()
	if code := a.login(e.acc.Agent.Email, e.acc.Agent.Password); code != http.StatusSeeOther {
		t.Fatal(code)
	}
	_, _, csrf := a.get(fmt.Sprintf("/dossiers/%d", r.ID))
	code, body := a.post(fmt.Sprintf("/dossiers/%d/approve", r.ID),
		url.Values{"csrf": {csrf}, "version": {"0"}, "amount": {"1 500,00"}})
	if code != http.StatusConflict || !strings.Contains(body, "plus possible") {
		t.Fatalf("approve while awaiting documents: %d, want 409 for the status", code)
	}
	if v := e.memberView(tok, r.ID); v.Status != api.StatusAwaitingDocuments || v.Version != 0 {
		t.Fatalf("saved: %s v%d", v.Status, v.Version)
	}
}

// TestDoubleSubmit sends the same form twice, as a double click without
// JavaScript would: it acts once.
func TestDoubleSubmit(t *testing.T) {
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	a := e.httpClient()
	if code := a.login(e.acc.Agent.Email, e.acc.Agent.Password); code != http.StatusSeeOther {
		t.Fatal(code)
	}
	_, _, csrf := a.get(fmt.Sprintf("/dossiers/%d", r.ID))
	form := url.Values{"csrf": {csrf}, "version": {"0"}, "do": {"receive"}, "doc": {"0", "1", "2", "3"}}
	for i := 0; i < 2; i++ {
		if code, _ := a.post(fmt.Sprintf("/dossiers/%d/documents", r.ID), form); code != http.StatusSeeOther {
			t.Fatalf("submission %d: %d", i+1, code)
		}
	}
	note := url.Values{"csrf": {csrf}, "version": {"1"}, "note": {"Appelé le 12."}}
	for i := 0; i < 2; i++ {
		if code, _ := a.post(fmt.Sprintf("/dossiers/%d/note", r.ID), note); code != http.StatusSeeOther {
			t.Fatalf("note %d: %d", i+1, code)
		}
	}
	v := e.memberView(tok, r.ID)
	if v.Version != 2 || len(v.Events) != 2 {
		t.Fatalf("version %d, %d member events", v.Version, len(v.Events))
	}
	var notes int
	if err := e.st.DB().QueryRow(`SELECT COUNT(*) FROM events WHERE kind = 'note'`).Scan(&notes); err != nil || notes != 1 {
		t.Fatalf("%d notes (%v)", notes, err)
	}
	if e.audit.count("agent.receive", audit.OK) != 1 {
		t.Fatal("the replay was audited as a second receipt")
	}
}

// TestRolesAndLogout: an agent's menu has no supervisor pages and a
// supervisor's has; logout ends the session in the browser.
func TestRolesAndLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := newTab(t)
	b.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
	if nav := b.eval(`document.querySelector("nav").innerText`); strings.Contains(nav, "Paiements") || strings.Contains(nav, "Journal") {
		t.Fatalf("an agent's menu: %q", nav)
	}
	b.do(submit("logout"), chromedp.WaitVisible(chromedp.ID("email")))
	b.do(chromedp.Navigate(e.console+"/dossiers"), chromedp.WaitVisible(chromedp.ID("email")))
	if loc := b.location(); !strings.Contains(loc, "/login") {
		t.Fatalf("after logout /dossiers shows %s", loc)
	}
	s := newTab(t)
	s.login(e.console, e.acc.Supervisor.Email, e.acc.Supervisor.Password)
	if nav := s.eval(`document.querySelector("nav").innerText`); !strings.Contains(nav, "Paiements") || !strings.Contains(nav, "Journal") {
		t.Fatalf("a supervisor's menu: %q", nav)
	}
}

// TestArabic switches to Arabic: the page is right to left, in Arabic, and
// stays so across pages and a new login.
func TestArabic(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := newTab(t)
	b.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
	b.do(chromedp.Click(`a.lang`), chromedp.WaitVisible(`html[dir="rtl"]`))
	if got := b.eval(`document.documentElement.lang + " " + document.querySelector("h1").textContent`); got != "ar لوحة القيادة" {
		t.Fatalf("after the switch: %q", got)
	}
	b.do(chromedp.Navigate(e.console+"/guichet"), chromedp.WaitVisible(`html[dir="rtl"]`))
	b.do(submit("logout"), chromedp.WaitVisible(`html[dir="rtl"]`))
	if got := b.text("login"); got != "تسجيل الدخول" {
		t.Fatalf("login button %q", got)
	}
}

// TestLoginRefusalsInBrowser: a member's credentials and a locked agent
// get the login page back with the message, and no session.
func TestLoginRefusalsInBrowser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := newTab(t)
	try := func(email, password string) string {
		t.Helper()
		b.do(chromedp.Navigate(e.console+"/login"),
			chromedp.SendKeys(chromedp.ID("email"), email),
			chromedp.SendKeys(chromedp.ID("password"), password),
			submit("login"), chromedp.WaitVisible(chromedp.ID("login-error")))
		return b.text("login-error")
	}
	if got := try(e.acc.Member.Email, e.acc.Member.Password); got != "Adresse e-mail ou mot de passe incorrect." {
		t.Fatalf("member: %q", got)
	}
	for i := 0; i < 5; i++ {
		try(e.acc.Agent.Email, "not the password")
	}
	if got := try(e.acc.Agent.Email, e.acc.Agent.Password); !strings.HasPrefix(got, "Trop de tentatives. Réessayez dans ") {
		t.Fatalf("locked agent with the right password: %q", got)
	}
	b.do(chromedp.Navigate(e.console+"/"), chromedp.WaitVisible(chromedp.ID("email")))
}
