package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

//go:embed shared.html
var sharedPartials embed.FS

// NavItem is one entry of a surface's menu.
type NavItem struct {
	Path, Key string
}

// Page is what every template gets; the page's own data is in Data.
type Page struct {
	Tr
	// User is the logged-in principal the layout shows (the console's
	// agent, the portal's member), nil before login.
	User  any
	Title string
	// Active is the nav path of the page.
	Active string
	CSRF   string
	Nav    []NavItem
	// Flash is a success message, Error a message for the whole page.
	Flash, Error string
	Form         *Form
	Data         any
	// Here is the page's own path and query, for the language switch.
	Here string
	// Pager is the paging of the page's list, if it has one.
	Pager *Pager
}

// LangURL is the link that switches to the other language (the
// catalogue's lang.other.code) and comes back here.
func (p *Page) LangURL() string {
	return "/langue?l=" + p.T("lang.other.code") + "&next=" + url.QueryEscape(p.Here)
}

// Templates are a surface's pages, each parsed once.
type Templates struct {
	pages map[string]*template.Template
	// Mux is the surface's router, which ShownAt asks (set it once the
	// routes are registered).
	Mux *http.ServeMux
	Log *slog.Logger
}

// MustTemplates parses each templates/<page>.html of fsys with
// templates/layout.html, the surface's templates/partials.html when it has
// one, and the shared partials: "csrf", "field-error", "error-summary" and
// "pager".
func MustTemplates(fsys fs.FS, funcs template.FuncMap, log *slog.Logger) *Templates {
	names, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		panic(err)
	}
	common := []string{"templates/layout.html"}
	if _, err := fs.Stat(fsys, "templates/partials.html"); err == nil {
		common = append(common, "templates/partials.html")
	}
	t := &Templates{pages: map[string]*template.Template{}, Log: log}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		p := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(sharedPartials, "shared.html"))
		t.pages[base] = template.Must(p.ParseFS(fsys, append(common, n)...))
	}
	return t
}

// Has reports whether page name exists.
func (t *Templates) Has(name string) bool { _, ok := t.pages[name]; return ok }

// Write renders page name into a buffer first, so a template error becomes
// a clean 500 instead of half a page, then sends it with status, as HTML
// that no cache keeps. It sets the view's Form (empty when nil) and Here:
// the request's path and query, or for an answer to a POST the page that
// answer stands for (ShownAt).
func (t *Templates) Write(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	if p.Form == nil {
		p.Form = NewForm(nil)
	}
	p.Here = r.URL.RequestURI()
	if r.Method != http.MethodGet {
		p.Here = ShownAt(t.Mux, r.URL.Path)
	}
	var b bytes.Buffer
	tpl, ok := t.pages[name]
	if !ok {
		t.Log.Error("web: no such page", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := tpl.Execute(&b, p); err != nil {
		t.Log.Error("web: template", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// ShownAt is the page that the answer to a POST at p stands for, which the
// language switch leads back to: p, or its nearest parent that mux serves
// with GET ("/dossiers/5" for "/dossiers/5/approve"), never a path that
// only takes a POST; "/" when there is none.
func ShownAt(mux *http.ServeMux, p string) string {
	for ; mux != nil && p != "/" && p != "."; p = path.Dir(p) {
		get := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: p}}
		if _, pattern := mux.Handler(get); pattern != "" && pattern != "/" {
			return p
		}
	}
	return "/"
}

// Static serves fsys (a surface's static/ folder) under /static/, cached
// by browsers for maxAge.
func Static(fsys fs.FS, maxAge time.Duration) http.Handler {
	fsrv := http.StripPrefix("/static/", http.FileServerFS(fsys))
	cc := "public, max-age=" + strconv.Itoa(int(maxAge/time.Second))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", cc)
		fsrv.ServeHTTP(w, r)
	})
}
