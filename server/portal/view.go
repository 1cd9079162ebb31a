package portal

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/web"
)

// navItems is the menu of a logged-in member; keys are the app's words
// or the portal's (say).
var navItems = []web.NavItem{
	{Path: "/services", Key: "services.title"},
	{Path: "/tableau-de-bord", Key: "dashboard.title"},
	{Path: "/estivage", Key: "service.estivage"},
}

// funcs are the templates' helpers. Each page is a *web.Page whose Tr
// gives the portal's own texts ({{.T "key"}) and the app's
// ({{.App.T "key"}): the portal says what the app says, in its words.
var funcs = template.FuncMap{
	"say":   func(p *web.Page, key string) string { return say(p.Tr, key) },
	"iso":   func(p *web.Page, key string, args ...any) template.HTML { return isolate(p.App().T(key), args...) },
	"field": field,
}

// say is the portal's own text for key if it has one, else the app's.
func say(t web.Tr, key string) string {
	if s := t.T(key); s != key {
		return s
	}
	return t.App().T(key)
}

// today is the current date in Casablanca, for deadlines' countdowns.
func (p *Portal) today() api.Date { return api.DateOf(p.Store.Now().In(api.Casablanca)) }

// render writes page name for the member of s.
func (p *Portal) render(w http.ResponseWriter, r *http.Request, s *Session, status int, name, active string, v *web.Page) {
	v.Tr, v.CSRF, v.Active, v.Nav, v.User = s.Tr, s.CSRF, active, navItems, s
	p.pages.Write(w, r, status, name, v)
}

// guest is the page before login, in the request's language.
func guest(r *http.Request, titleKey string) *web.Page {
	t := tr(r)
	return &web.Page{Tr: t, Title: say(t, titleKey)}
}

// tr is the request's language: the member's choice, French otherwise.
func tr(r *http.Request) web.Tr { return catalog.Tr(web.RequestLang(r, langCookie)) }

// message renders a page that only says something (403, 404, 500); s is
// nil outside a session.
func (p *Portal) message(w http.ResponseWriter, r *http.Request, s *Session, status int, titleKey, text string) {
	if s == nil {
		v := guest(r, titleKey)
		v.Data = text
		p.pages.Write(w, r, status, "message", v)
		return
	}
	p.render(w, r, s, status, "message", "", &web.Page{Title: say(s.Tr, titleKey), Data: text})
}

func (p *Portal) notFound(w http.ResponseWriter, r *http.Request, s *Session) {
	p.message(w, r, s, http.StatusNotFound, "notfound.title", tr(r).App().T("error.not_found"))
}

func (p *Portal) forbidden(w http.ResponseWriter, r *http.Request, s *Session) {
	p.message(w, r, s, http.StatusForbidden, "forbidden.title", tr(r).T("forbidden.csrf"))
}

// internal logs err (errors of the store and auth carry no secret) and
// answers 500; a request whose client went away is left alone, as the
// API does.
func (p *Portal) internal(w http.ResponseWriter, r *http.Request, s *Session, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return
	}
	p.Log.Error("portal", "method", r.Method, "path", r.URL.Path, "err", err)
	p.message(w, r, s, http.StatusInternalServerError, "error.title", tr(r).App().T("error.internal"))
}

// fieldView is one text input of a form, for the "input" partial: its
// label above it, its hint and error tied to it by aria-describedby.
type fieldView struct {
	Name, Type, Auto, Label, Hint, Value, Err string
}

// Numeric asks phones for the digits keyboard (one-time codes).
func (f fieldView) Numeric() bool { return f.Auto == "one-time-code" }

// Described is the input's aria-describedby: its hint, then its error.
func (f fieldView) Described() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.Name+"-hint")
	}
	if f.Err != "" {
		ids = append(ids, f.Name+"-error")
	}
	return strings.Join(ids, " ")
}

// field describes input name of type typ for the "input" partial; label
// is a text key (say), hint a text ("" for none). A password is never
// shown again.
func field(p *web.Page, name, typ, auto, label, hint string) fieldView {
	f := fieldView{Name: name, Type: typ, Auto: auto, Label: say(p.Tr, label), Hint: hint, Err: p.Form.Err(name)}
	if typ != "password" {
		f.Value = p.Form.Get(name)
	}
	return f
}
