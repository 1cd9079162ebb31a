package console

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/fos-mobile/fos/server/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pages are parsed once: each page's file with the layout and partials.
var pages = mustPages()

func mustPages() map[string]*template.Template {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		out[base] = template.Must(template.New("layout.html").Funcs(funcs).
			ParseFS(templateFiles, "templates/layout.html", "templates/partials.html", n))
	}
	return out
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// navItem is one entry of the menu.
type navItem struct {
	Path, Key string
	// Supervisor entries are shown to supervisors only (their routes are
	// wrapped in c.supervisor as well).
	Supervisor bool
}

// navItems is the menu, in order.
var navItems = []navItem{
	{Path: "/", Key: "nav.dashboard"},
	{Path: "/dossiers", Key: "nav.queue"},
	{Path: "/guichet", Key: "nav.counter"},
	{Path: "/paiements", Key: "nav.payments", Supervisor: true},
	{Path: "/campagnes", Key: "nav.campaigns", Supervisor: true},
	{Path: "/agents", Key: "nav.agents", Supervisor: true},
	{Path: "/journal", Key: "nav.journal", Supervisor: true},
}

// view is what every template gets; page data is in Data.
type view struct {
	tr
	Title string
	// Active is the nav path of the page.
	Active string
	Agent  *store.ConsoleAgent
	CSRF   string
	Nav    []navItem
	// Flash is a success message, Error a message for the whole page.
	Flash, Error string
	Form         *form
	Data         any
	// Here is the page's own path and query, for the language switch.
	Here string
	// Pager is the paging of the page's list, if it has one.
	Pager *pager
}

// notices are the success messages that a redirect after an action asks
// for in its query: "fait" on the supervisors' pages, "done" on a file's.
// The page shows the text of a key from this fixed list, never text from
// the URL.
var notices = map[string]string{
	"fait=cree": "pay.created", "fait=paye": "pay.paid", "fait=deja": "pay.already", "fait=annule": "pay.cancelled",
	"fait=campagne": "camp.saved", "fait=active": "agents.enabled", "fait=desactive": "agents.disabled",
	"done=receive": "done.receive", "done=missing": "done.missing", "done=approve": "done.approve",
	"done=reject": "done.reject", "done=pay": "done.pay", "done=note": "done.note",
}

// notice is the success message the query's param asks for, or "".
func notice(s *Session, r *http.Request, param string) string {
	if key, ok := notices[param+"="+r.URL.Query().Get(param)]; ok {
		return s.T(key)
	}
	return ""
}

// LangURL is the link that switches to the other language.
func (v *view) LangURL() string {
	return "/langue?l=" + v.T("lang.other.code") + "&next=" + url.QueryEscape(v.Here)
}

// render writes page name for the agent of s.
func (c *Console) render(w http.ResponseWriter, r *http.Request, s *Session, status int, name, active string, v *view) {
	v.tr, v.Agent, v.CSRF, v.Active = s.tr, &s.Agent, s.CSRF, active
	for _, n := range navItems {
		if !n.Supervisor || s.Agent.Supervisor() {
			v.Nav = append(v.Nav, n)
		}
	}
	c.write(w, r, status, name, v)
}

// shownAt is the page that the answer to a POST at p stands for, which the
// language switch leads back to: p, or its nearest parent that the console
// serves with GET ("/dossiers/5" for "/dossiers/5/approve", "/agents" for
// "/agents/4/mot-de-passe"), never a path that only takes a POST.
func (c *Console) shownAt(p string) string {
	for ; c.mux != nil && p != "/" && p != "."; p = path.Dir(p) {
		get := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: p}}
		if _, pattern := c.mux.Handler(get); pattern != "" && pattern != "/" {
			return p
		}
	}
	return "/"
}

// write executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (c *Console) write(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	if v.Form == nil {
		v.Form = newForm(nil)
	}
	v.Here = r.URL.RequestURI()
	if r.Method != http.MethodGet {
		v.Here = c.shownAt(r.URL.Path)
	}
	var b bytes.Buffer
	if err := pages[name].Execute(&b, v); err != nil {
		c.Log.Error("console template", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// message renders a page that only says something (403, 404, 500).
func (c *Console) message(w http.ResponseWriter, r *http.Request, s *Session, status int, titleKey, textKey string) {
	if s == nil {
		t := requestLang(r)
		c.write(w, r, status, "message", &view{tr: t, Title: t.T(titleKey), Error: t.T(textKey)})
		return
	}
	c.render(w, r, s, status, "message", "", &view{Title: s.T(titleKey), Error: s.T(textKey)})
}

func (c *Console) forbidden(w http.ResponseWriter, r *http.Request, s *Session, key string) {
	c.message(w, r, s, http.StatusForbidden, "forbidden.title", key)
}

// notFound answers 404: no such page, file, batch or account (s is nil
// outside a session).
func (c *Console) notFound(w http.ResponseWriter, r *http.Request, s *Session) {
	c.message(w, r, s, http.StatusNotFound, "notfound.title", "notfound.text")
}

// internal logs err (never a secret: errors from the store and auth carry
// none) and answers 500.
func (c *Console) internal(w http.ResponseWriter, r *http.Request, s *Session, err error) {
	c.Log.Error("console", "method", r.Method, "path", r.URL.Path, "err", err)
	c.message(w, r, s, http.StatusInternalServerError, "error.title", "error.internal")
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	fsrv := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// form holds a submitted form's values and its errors by field.
type form struct {
	Values url.Values
	Errors map[string]string
}

func newForm(r *http.Request) *form {
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	if r != nil && r.PostForm != nil {
		f.Values = r.PostForm
	}
	return f
}

// Get is a submitted value, to show it again.
func (f *form) Get(field string) string { return f.Values.Get(field) }

// Has reports whether value was among field's submitted values.
func (f *form) Has(field, value string) bool {
	for _, v := range f.Values[field] {
		if v == value {
			return true
		}
	}
	return false
}

// Err is field's error message, or "".
func (f *form) Err(field string) string { return f.Errors[field] }

// fail records msg as field's error.
func (f *form) fail(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
	}
}

func (f *form) ok() bool { return len(f.Errors) == 0 }
