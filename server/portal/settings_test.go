package portal_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestSettingsMails: the member turns the step mails off and chooses
// Arabic for them; the store keeps both, as PATCH /me would. A forged POST
// and a language that is not offered change nothing.
func TestSettingsMails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	member := func() (bool, string) {
		m, err := e.sd.Store.MemberByIdentifier(ctx, e.acc.Member.Identifier)
		if err != nil {
			t.Fatal(err)
		}
		return m.EmailNotices, m.Lang
	}
	h := e.client()
	if code := h.login(e.acc.Member); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	code, body, tok := h.get("/parametres")
	if code != 200 || !strings.Contains(body, `id="email_notices" name="email_notices" checked`) || !strings.Contains(body, `href="/mes-donnees?format=json"`) {
		t.Fatalf("settings page: %d\n%s", code, body)
	}
	for _, tc := range []struct {
		name   string
		form   url.Values
		header []string
		status int
	}{
		{"no token", url.Values{"lang": {"ar"}}, nil, http.StatusForbidden},
		{"another site", url.Values{"csrf": {tok}, "lang": {"ar"}}, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"unknown language", url.Values{"csrf": {tok}, "lang": {"xx"}}, nil, http.StatusUnprocessableEntity},
	} {
		code, body, _ := h.post("/parametres", tc.form, tc.header...)
		if code != tc.status {
			t.Fatalf("%s: %d, want %d", tc.name, code, tc.status)
		}
		if tc.status == http.StatusUnprocessableEntity && !strings.Contains(body, `<a href="#lang-fr">`) {
			t.Fatalf("%s: no error summary linking the field:\n%s", tc.name, body)
		}
		if on, lang := member(); !on || lang == "ar" {
			t.Fatalf("%s changed the preferences: %v %q", tc.name, on, lang)
		}
	}
	code, _, loc := h.post("/parametres", url.Values{"csrf": {tok}, "lang": {"ar"}})
	if code != http.StatusSeeOther || loc != "/parametres?fait=1" {
		t.Fatalf("save: %d %q", code, loc)
	}
	if on, lang := member(); on || lang != "ar" {
		t.Fatalf("after saving: mails %v, language %q; want off, ar", on, lang)
	}
	_, body, _ = h.get("/parametres?fait=1")
	if strings.Contains(body, `name="email_notices" checked`) || !strings.Contains(body, `id="flash"`) ||
		!strings.Contains(body, `value="ar" checked`) {
		t.Fatalf("the page does not show the saved choices:\n%s", body)
	}
	h.post("/parametres", url.Values{"csrf": {tok}, "lang": {"fr"}, "email_notices": {"on"}})
	if on, lang := member(); !on || lang != "fr" {
		t.Fatalf("turned back on: %v %q", on, lang)
	}
}

// TestMyData: Mes données downloads the member's own data through the
// API's export, as a file; past the export's budget the portal says so on
// a page (not the API's JSON); logged out it leads to the login.
func TestMyData(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.Request(t, e.acc.Member, api.KindSummer)
	h := e.client()
	if code, _, loc := h.get("/mes-donnees?format=json"); code != http.StatusSeeOther {
		t.Fatalf("logged out: %d %q", code, loc)
	}
	h.login(e.acc.Member)
	resp, err := h.HTTP.Get(e.url + "/mes-donnees?format=json")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var d api.DataExport
	if err := json.Unmarshal(b, &d); err != nil || resp.StatusCode != 200 {
		t.Fatalf("json: %d %v %s", resp.StatusCode, err, b)
	}
	if d.Profile.Matricule != e.acc.Member.Identifier || len(d.Requests) != 1 || d.Privacy.CNDPRef == "" {
		t.Fatalf("export of %q with %d requests, notice %+v", d.Profile.Matricule, len(d.Requests), d.Privacy)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("headers %v", resp.Header)
	}
	code, body, _ := h.get("/mes-donnees?format=html")
	if code != 200 || !strings.Contains(body, e.acc.Member.Identifier) {
		t.Fatalf("html: %d", code)
	}
	if code, _, _ := h.get("/mes-donnees?format=xml"); code != http.StatusNotFound {
		t.Fatalf("unknown format: %d", code)
	}
	for i := 0; ; i++ {
		code, body, _ = h.get("/mes-donnees?format=json")
		if code == http.StatusTooManyRequests {
			break
		}
		if code != 200 || i > 10 {
			t.Fatalf("download %d: %d", i+3, code)
		}
	}
	if !strings.Contains(body, "<html") || !strings.Contains(body, "une heure") {
		t.Fatalf("the refusal is not a page that says when:\n%s", body)
	}
}

// TestPrivacyNotice: the notice is public, linked from every page's
// footer, and shows what the operator configured, isolated for Arabic.
func TestPrivacyNotice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	_, login, _ := h.get("/connexion")
	if !strings.Contains(login, `href="/confidentialite"`) {
		t.Fatal("the login page does not link the notice")
	}
	code, body, _ := h.get("/confidentialite")
	for _, want := range []string{"<bdi>D-GC-258/2026</bdi>", "<bdi>dpo@fos.example</bdi>", "5 ans", "09-08"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("notice: %d, lacks %q", code, want)
		}
	}
}
