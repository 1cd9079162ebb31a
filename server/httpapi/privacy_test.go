package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

func TestPrivacyIsPublicAndConfigured(t *testing.T) {
	for _, tc := range []struct {
		name       string
		configured api.Privacy
		email, ref string
		days       int
	}{
		{"defaults", api.Privacy{}, "", "", 1825},
		{"configured", api.Privacy{ContactEmail: "donnees@fos.ma", CNDPRef: "D-GC-123/2026", RetentionDays: 3650}, "donnees@fos.ma", "D-GC-123/2026", 3650},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWith(t, envOptions{privacy: tc.configured})
			p := decodeJSON[api.Privacy](t, want(t, e.do(req{method: "GET", path: "/privacy"}), 200))
			if p.ContactEmail != tc.email || p.CNDPRef != tc.ref || p.RetentionDays != tc.days {
				t.Errorf("privacy %+v, want e-mail %q, ref %q, %d days", p, tc.email, tc.ref, tc.days)
			}
			if !strings.Contains(p.Address.FR, "Rabat") || !strings.Contains(p.Address.AR, "الرباط") || p.Controller.AR == "" {
				t.Errorf("controller and address in both languages: %+v", p)
			}
		})
	}
}

// TestExport: a member downloads everything held on them, and only that.
func TestExport(t *testing.T) {
	e := newEnv(t)
	tok, agent := e.memberToken(), e.agentToken()
	mine := e.mustCreate(tok, "export-summer-1", api.KindSummer)
	want(t, e.agentDo(agent, mine.ID, "reject", api.RejectRequest{Reason: `<script>alert("x")</script> illisible`,
		ReasonCode: api.ReasonInvoiceInvalid}), 200)
	other := e.otherToken()
	theirs := e.mustCreate(other, "export-other-1", api.KindSummer)

	r := want(t, e.do(req{method: "GET", path: "/me/export", token: tok}), 200)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".json") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	d := decodeJSON[api.DataExport](t, r)
	if d.Profile.Matricule != e.Acc.Member.Identifier || d.Profile.CIN == "" || !strings.Contains(d.Profile.Email, "@") {
		t.Errorf("profile %+v: want the whole record", d.Profile)
	}
	if len(d.Requests) != 1 || d.Requests[0].ID != mine.ID {
		t.Fatalf("requests %+v, want only the member's own %d (not %d)", d.Requests, mine.ID, theirs.ID)
	}
	if got := d.Requests[0]; len(got.Events) != 2 || got.ReasonCode != api.ReasonInvoiceInvalid || !strings.Contains(got.Reason, "illisible") {
		t.Errorf("request %+v: want its timeline (2 events) and reasons", got)
	}
	if len(d.Logins) != 1 || d.Logins[0].ClientIP != "127.0.0.1" {
		t.Errorf("logins %+v, want this test's one login with its address", d.Logins)
	}
	if !strings.Contains(e.Log.String(), `"action":"member.export"`) {
		t.Errorf("the export is not audited:\n%s", e.Log.String())
	}

	// A month and more later, the first login's address is gone, its date kept.
	e.Clock.Add(40 * 24 * time.Hour)
	tok = e.memberToken()
	d = decodeJSON[api.DataExport](t, want(t, e.do(req{method: "GET", path: "/me/export", token: tok}), 200))
	if len(d.Logins) != 2 || d.Logins[0].ClientIP == "" || d.Logins[1].ClientIP != "" {
		t.Errorf("logins %+v: want the new one with its address, the old one without", d.Logins)
	}

	// Who may not.
	wantErr(t, e.do(req{method: "GET", path: "/me/export"}), api.CodeUnauthorized)
	wantErr(t, e.do(req{method: "GET", path: "/me/export", token: e.agentToken()}), api.CodeForbidden)
	wantErr(t, e.do(req{method: "GET", path: "/me/export?format=pdf", token: tok, invalid: true}), api.CodeInvalidRequest)
	wantErr(t, e.do(req{method: "GET", path: "/me/export?format=html&lang=de", token: tok, invalid: true}), api.CodeInvalidRequest)
}

func TestExportPage(t *testing.T) {
	e := newEnv(t)
	tok, agent := e.memberToken(), e.agentToken()
	mine := e.mustCreate(tok, "export-page-1", api.KindSummer)
	want(t, e.agentDo(agent, mine.ID, "reject", api.RejectRequest{Reason: `<script>alert("x")</script> illisible`,
		ReasonCode: api.ReasonInvoiceInvalid}), 200)
	for _, tc := range []struct {
		lang, dir string
		words     []string
	}{
		{"fr", "ltr", []string{"Mes données", "Rejetée", "facture non valable", "Matricule", mine.Reference}},
		{"ar", "rtl", []string{"معطياتي", "مرفوض", "الفاتورة غير مقبولة", "رقم التأجير", mine.Reference}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := want(t, e.do(req{method: "GET", path: "/me/export?format=html&lang=" + tc.lang, token: tok}), 200)
			page := string(r.Body)
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q", ct)
			}
			if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("CSP %q", csp)
			}
			if !strings.Contains(page, fmt.Sprintf(`lang="%s" dir="%s"`, tc.lang, tc.dir)) {
				t.Errorf("page is not marked %s/%s", tc.lang, tc.dir)
			}
			for _, w := range tc.words {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if !strings.Contains(page, "&lt;script&gt;") {
				t.Errorf("the agent's text is not escaped")
			}
			// Nothing external and nothing active.
			for _, bad := range []string{"<script", "src=", "href=", "<link", "<img", "url(", "@import"} {
				if strings.Contains(page, bad) {
					t.Errorf("page holds %q", bad)
				}
			}
		})
	}
}

func TestExportRateLimited(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	ok := 0
	var last resp
	for range 12 {
		last = e.do(req{method: "GET", path: "/me/export?format=html", token: tok})
		if last.Status != http.StatusOK {
			break
		}
		ok++
	}
	if ok != 10 {
		t.Fatalf("%d exports before a refusal, want 10", ok)
	}
	er := wantErr(t, last, api.CodeRateLimited)
	if last.Header.Get("Retry-After") == "" || er.RetryAfterSeconds < 60 {
		t.Errorf("refusal without a useful Retry-After: %q, %d s", last.Header.Get("Retry-After"), er.RetryAfterSeconds)
	}
	// Another member is not held back, and an hour later the member is not.
	want(t, e.do(req{method: "GET", path: "/me/export", token: e.otherToken()}), 200)
	e.Clock.Add(61 * time.Minute)
	want(t, e.do(req{method: "GET", path: "/me/export", token: e.memberToken()}), 200)
}
