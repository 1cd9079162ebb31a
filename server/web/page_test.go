package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
)

// surface is a minimal web surface: a layout, two pages and a catalogue.
func surface(t *testing.T) (*Templates, *Catalog) {
	t.Helper()
	fsys := fstest.MapFS{
		"templates/layout.html": {Data: []byte(`<html lang="{{.Lang}}" dir="{{.Dir}}"><title>{{.Title}}</title>{{template "error-summary" .}}{{block "content" .}}{{end}}</html>`)},
		"templates/form.html": {Data: []byte(`{{define "content"}}<form>{{template "csrf" .}}<input id="name" aria-describedby="name-error">` +
			`{{template "field-error" (.Form.Err "name")}}</form>{{end}}`)},
		"templates/broken.html": {Data: []byte(`{{define "content"}}{{.Data.Missing}}{{end}}`)},
		"i18n/fr.json":          {Data: []byte(`{"form.errors": "Il y a un problème", "lang.other.code": "ar"}`)},
		"i18n/ar.json":          {Data: []byte(`{"form.errors": "هناك مشكلة", "lang.other.code": "fr"}`)},
	}
	cat := MustCatalog(fsys, "i18n/")
	return MustTemplates(fsys, nil, slog.New(slog.NewTextHandler(io.Discard, nil))), cat
}

// TestWriteForm: a page with errors leads with the summary, in the order
// the fields failed, each linking to its field; the field's own message
// follows it; the page is HTML that no cache keeps.
func TestWriteForm(t *testing.T) {
	tpl, cat := surface(t)
	f := NewForm(nil)
	f.Fail("name", "Saisissez votre nom")
	f.Fail("date", "Saisissez la date")
	f.Fail("name", "second message, not kept")
	w := httptest.NewRecorder()
	tpl.Write(w, httptest.NewRequest("GET", "/x", nil), http.StatusUnprocessableEntity, "form",
		&Page{Tr: cat.Tr(AR), Title: "<T>", CSRF: "tok", Form: f})
	body := w.Body.String()
	if w.Code != 422 || w.Header().Get("Cache-Control") != "no-store" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	for _, want := range []string{`lang="ar" dir="rtl"`, "<title>&lt;T&gt;</title>", `هناك مشكلة`,
		`<li><a href="#name">Saisissez votre nom</a></li><li><a href="#date">Saisissez la date</a></li>`,
		`name="csrf" value="tok"`, `<p class="field-error" role="alert">Saisissez votre nom</p>`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "second message") {
		t.Error("a field's second error replaced its first")
	}
}

// TestWriteBrokenTemplate: a template that fails midway gives a clean 500,
// never half a page.
func TestWriteBrokenTemplate(t *testing.T) {
	tpl, cat := surface(t)
	w := httptest.NewRecorder()
	tpl.Write(w, httptest.NewRequest("GET", "/x", nil), 200, "broken", &Page{Tr: cat.Tr(FR), Data: 5})
	if w.Code != 500 || strings.Contains(w.Body.String(), "<html") {
		t.Fatalf("%d %q", w.Code, w.Body.String())
	}
}

// TestShownAt: after a POST the page's own path is the nearest page served
// with GET, for the language switch.
func TestShownAt(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /demandes/{id}", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("POST /demandes/{id}/annuler", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("/", func(http.ResponseWriter, *http.Request) {})
	for p, want := range map[string]string{"/demandes/5/annuler": "/demandes/5", "/logout": "/", "/demandes/7": "/demandes/7"} {
		if got := ShownAt(mux, p); got != want {
			t.Errorf("ShownAt(%q) = %q, want %q", p, got, want)
		}
	}
	p := &Page{Here: "/demandes/5?x=1&y=<2>"}
	p.Tr = (&Catalog{texts: map[Lang]map[string]string{FR: {"lang.other.code": "ar"}}}).Tr(FR)
	if got, want := p.LangURL(), "/langue?l=ar&next="+url.QueryEscape("/demandes/5?x=1&y=<2>"); got != want {
		t.Errorf("LangURL = %q, want %q", got, want)
	}
}

// TestSecure: every answer carries the headers; a panic is a logged 500;
// a POST body past the cap is refused.
func TestSecure(t *testing.T) {
	var logged strings.Builder
	h := Secure(slog.New(slog.NewTextHandler(&logged, nil)), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			panic("boom")
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, "too big", http.StatusRequestEntityTooLarge)
		}
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	csp := w.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") ||
		w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("headers %v", w.Header())
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/panic", nil))
	if w.Code != 500 || !strings.Contains(logged.String(), "boom") {
		t.Fatalf("panic: %d, log %q", w.Code, logged.String())
	}
	w = httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/", strings.NewReader("a="+strings.Repeat("x", MaxFormBody)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized POST: %d", w.Code)
	}
}

// TestValidPost: the token must match, and an Origin naming another host
// is refused even with it.
func TestValidPost(t *testing.T) {
	post := func(token, origin string) *http.Request {
		r := httptest.NewRequest("POST", "http://fos.example/x", strings.NewReader(url.Values{"csrf": {token}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		return r
	}
	want := SessionCSRF([]byte("key"), []byte("hash"))
	for _, tc := range []struct {
		name          string
		token, origin string
		ok            bool
	}{
		{"same origin", want, "http://fos.example", true},
		{"no origin", want, "", true},
		{"origin null", want, "null", true},
		{"no token", "", "http://fos.example", false},
		{"wrong token", SessionCSRF([]byte("key"), []byte("other")), "", false},
		{"other site", want, "https://evil.example", false},
	} {
		if got := ValidPost(post(tc.token, tc.origin), want); got != tc.ok {
			t.Errorf("%s: ValidPost = %v, want %v", tc.name, got, tc.ok)
		}
	}
	if ValidPost(post("", ""), "") {
		t.Error("an empty token matched an empty want")
	}
}
