package console

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/fos-mobile/fos/server/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

var funcs = template.FuncMap{
	"add":  func(a, b int) int { return a + b },
	"list": func(v ...int) []int { return v },
	// actionText is a journal action's translation, or its code when it
	// has none.
	"actionText": func(t web.Tr, action string) string {
		if v := t.T("action." + action); v != "action."+action {
			return v
		}
		return action
	},
}

// navItem is one entry of the menu.
type navItem struct {
	web.NavItem
	// Supervisor entries are shown to supervisors only (their routes are
	// wrapped in c.supervisor as well).
	Supervisor bool
}

// navItems is the menu, in order.
var navItems = []navItem{
	{NavItem: web.NavItem{Path: "/", Key: "nav.dashboard"}},
	{NavItem: web.NavItem{Path: "/dossiers", Key: "nav.queue"}},
	{NavItem: web.NavItem{Path: "/guichet", Key: "nav.counter"}},
	{NavItem: web.NavItem{Path: "/paiements", Key: "nav.payments"}, Supervisor: true},
	{NavItem: web.NavItem{Path: "/campagnes", Key: "nav.campaigns"}, Supervisor: true},
	{NavItem: web.NavItem{Path: "/agents", Key: "nav.agents"}, Supervisor: true},
	{NavItem: web.NavItem{Path: "/journal", Key: "nav.journal"}, Supervisor: true},
}

// view is what every template gets; its User is the agent.
type view = web.Page

// notices are the success messages that a redirect after an action asks
// for in its query: "fait" on the supervisors' pages, "done" on a file's.
// The page shows the text of a key from this fixed list, never text from
// the URL.
var notices = map[string]string{
	"fait=cree": "pay.created", "fait=paye": "pay.paid", "fait=deja": "pay.already", "fait=annule": "pay.cancelled",
	"fait=campagne": "camp.saved", "fait=active": "agents.enabled", "fait=desactive": "agents.disabled",
	"done=receive": "done.receive", "done=missing": "done.missing", "done=approve": "done.approve",
	"done=reject": "done.reject", "done=pay": "done.pay", "done=note": "done.note", "done=precheck": "done.precheck",
}

// notice is the success message the query's param asks for, or "".
func notice(s *Session, r *http.Request, param string) string {
	if key, ok := notices[param+"="+r.URL.Query().Get(param)]; ok {
		return s.T(key)
	}
	return ""
}

// render writes page name for the agent of s.
func (c *Console) render(w http.ResponseWriter, r *http.Request, s *Session, status int, name, active string, v *view) {
	v.Tr, v.User, v.CSRF, v.Active = s.Tr, &s.Agent, s.CSRF, active
	for _, n := range navItems {
		if !n.Supervisor || s.Agent.Supervisor() {
			v.Nav = append(v.Nav, n.NavItem)
		}
	}
	c.tpl().Write(w, r, status, name, v)
}

// message renders a page that only says something (403, 404, 500).
func (c *Console) message(w http.ResponseWriter, r *http.Request, s *Session, status int, titleKey, textKey string) {
	if s == nil {
		t := requestLang(r)
		c.tpl().Write(w, r, status, "message", &view{Tr: t, Title: t.T(titleKey), Error: t.T(textKey)})
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
	return web.Static(sub, time.Hour)
}
