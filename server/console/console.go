// Package console is the foundation's agents' web console, served by
// fos-server on its own listener (--admin-addr): the dashboard, the queue
// of files, the counter where originals are received, and each file with
// the actions its status allows. Supervisors also get the payment, campaign,
// agent and journal pages.
//
// Pages are rendered on the server with html/template; the CSS and the one
// small script (progressive enhancement only: every action works without
// it) are embedded. Agents log in through the same auth.Service as the API
// (same hashing, lockout and rate limits, same session lifetimes); the
// session is an HttpOnly, SameSite=Strict cookie, every POST carries a
// CSRF token, and every agent action and console login is recorded through
// an audit.Sink.
//
// # Extending it
//
// The plumbing it shares with the members' portal (templates, cookies,
// CSRF, headers, catalogues, forms, pager) is server/web's.
//
//   - A page: write a handler func(w, r, *Session), register it in routes
//     (console.go) wrapped in c.agent(…) or c.supervisor(…), and render it
//     with c.render(w, r, s, status, "name", "/nav-path", &view{Title: …,
//     Data: …}), which uses templates/name.html (a {{define "content"}}
//     block inside the layout). A nav entry is a line of navItems
//     (render.go); Supervisor entries are shown to supervisors only.
//   - Supervisors only: c.supervisor(h) answers 403 to an agent.
//   - An audit event: c.audit(r, s, action, outcome, target, detail).
//   - A form error: f := web.NewForm(r); f.Fail("field", s.T("err.key"));
//     then render with view.Form = f and status 422; templates show it
//     with {{template "field-error" ($.Form.Err "field")}} next to the
//     field.
//   - CSRF: every POST through c.agent/c.supervisor is checked before the
//     handler runs; forms include {{template "csrf" $}}.
//   - A paged list: page := web.PageParam(r), then view.Pager =
//     web.NewPager(…), shown with {{template "pager" $}}.
package console

import (
	"log/slog"
	"net/http"
	"sync"

	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/web"
)

// Console holds the console's dependencies.
type Console struct {
	Store *store.Store
	// Auth is the API's own auth service: the console logs agents in with
	// its Login and checks sessions with its Authenticate.
	Auth *auth.Service
	// Audit receives every agent action and console login (nil: none).
	Audit audit.Sink
	Log   *slog.Logger
	// TrustProxy takes the client address from X-Forwarded-For and the
	// scheme from X-Forwarded-Proto, for a console behind a proxy.
	TrustProxy bool

	// pages are the console's templates, parsed once (tpl).
	pages     *web.Templates
	pagesOnce sync.Once
}

// tpl is the console's templates, parsed on first use.
func (c *Console) tpl() *web.Templates {
	c.pagesOnce.Do(func() { c.pages = web.MustTemplates(templateFiles, funcs, c.Log) })
	return c.pages
}

// Handler builds the console's router, with /healthz and /readyz. Admin
// adds /metrics beside it.
func (c *Console) Handler(health http.Handler) http.Handler {
	mux := http.NewServeMux()
	c.routes(mux)
	c.tpl().Mux = mux
	if health != nil {
		mux.Handle("GET /healthz", health)
		mux.Handle("GET /readyz", health)
	}
	return web.Secure(c.Log, mux)
}

// Admin is what fos-server serve mounts on its admin listener
// (--admin-addr): GET /metrics (the API's, none when nil) beside the
// console's router and health. Tests that need a console (testserver) use
// it too, so they are served what an agent is served.
func (c *Console) Admin(metrics, health http.Handler) http.Handler {
	mux := http.NewServeMux()
	if metrics != nil {
		mux.Handle("GET /metrics", metrics)
	}
	mux.Handle("/", c.Handler(health))
	return mux
}

func (c *Console) routes(mux *http.ServeMux) {
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /login", c.loginPage)
	mux.HandleFunc("POST /login", c.login)
	mux.HandleFunc("GET /langue", c.setLang)
	mux.HandleFunc("POST /logout", c.agent(c.logout))
	mux.HandleFunc("GET /{$}", c.agent(c.dashboard))
	mux.HandleFunc("GET /dossiers", c.agent(c.queue))
	mux.HandleFunc("GET /dossiers/{id}", c.agent(c.file))
	mux.HandleFunc("POST /dossiers/{id}/{action}", c.agent(c.act))
	mux.HandleFunc("GET /dossiers/{id}/pages/{page}", c.agent(c.page))
	mux.HandleFunc("GET /dossiers/{id}/pages/{page}/vignette", c.agent(c.thumb))
	mux.HandleFunc("GET /dossiers/{id}/pages/{page}/voir", c.agent(c.viewer))
	mux.HandleFunc("GET /guichet", c.agent(c.counter))
	c.supervisorRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { c.notFound(w, r, nil) })
}

// clientIP is the address audit events and rate limits count against,
// computed exactly as the API does.
func (c *Console) clientIP(r *http.Request) string { return web.ClientIP(r, c.TrustProxy) }

// audit records one event with the agent and client address, through
// c.record like the logins' events.
func (c *Console) audit(r *http.Request, s *Session, action, outcome, target, detail string) {
	e := audit.Event{Action: action, Outcome: outcome, ClientIP: c.clientIP(r), Target: target, Detail: detail}
	if s != nil {
		e.Role, e.AccountID = s.Agent.Role, s.Agent.ID
	}
	c.record(r, e)
}
