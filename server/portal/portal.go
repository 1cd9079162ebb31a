// Package portal is the members' web portal, the foundation's e-services
// space: the same service as the phone app, served by fos-server on the
// public listener under "/" (the API stays under /api/v1). A member logs in
// with a matricule or e-mail, or recovers a password with a code sent by
// mail; sees the Espace de gestion and the Tableau de bord; and in Estivage
// asks for a reimbursement, confirms the personal data, reads the deposit
// instructions and follows the request, agents' moves included.
//
// Pages are rendered on the server with html/template through server/web,
// the web plumbing the agents' console shares; the CSS is embedded and no
// page needs JavaScript (none is served). Every read and write goes through
// the member API's own store methods and rules: one create path with the
// API's idempotency, one cancel transition, one auth service (the same
// hashing, budgets, lockout and answers that name no account), and
// MemberView for the estimated payment date and the counter code.
//
// # Security
//
// The session is a member token of auth.Service in an HttpOnly cookie
// (__Host-fos_portal over https, SameSite=Lax): its idle and absolute
// limits are the token's. Every POST carries a token bound to the session
// (web.SessionCSRF) or, before login, a double-submit token, and an Origin
// naming another host is refused (web.ValidPost). A request id of another
// member is answered 404, as an unknown one.
//
// # Extending it
//
//   - A page: a handler func(w, r, *Session) registered in routes wrapped
//     in p.member, rendering templates/<name>.html with p.render.
//   - A text: the app's own words (translations/*.json) first, with
//     {{.A "key"}} in templates; texts only the web has go in
//     i18n/<lang>.json, with {{.T "key"}}.
package portal

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

//go:embed i18n/*.json
var i18nFiles embed.FS

// catalog is the portal's own texts; the app's come with each web.Tr.
var catalog = web.MustCatalog(i18nFiles, "i18n/")

// Portal holds the portal's dependencies.
type Portal struct {
	Store *store.Store
	// Auth is the API's own auth service: logins, recoveries and sessions
	// count against the same budgets as the app's.
	Auth *auth.Service
	// View adds what only the member's paths show to the member's
	// requests (httpapi.Server.MemberView: the estimated payment date and
	// the counter code), so that both channels show the same.
	View func(context.Context, []api.Reimbursement) error
	// Export hands a member's data over (httpapi.Server.Export: GET
	// /me/export's own budget and audit); nil offers no Mes données.
	Export func(http.ResponseWriter, *http.Request, auth.Principal)
	// AddPage stores a page a member sends (httpapi.Server.AddPage: POST
	// …/pages's own replay, budgets and sanitising); nil offers no upload.
	AddPage func(ctx context.Context, memberID, requestID int64, doc int, name, key string, body []byte) (api.Page, error)
	// Privacy is the configured privacy notice (httpapi.Server.PrivacyInfo);
	// nil serves no notice.
	Privacy func() api.Privacy
	// Audit receives the portal's CSRF refusals (nil: none); logins and
	// recoveries are recorded by Auth.
	Audit audit.Sink
	Log   *slog.Logger
	// TrustProxy takes the client address from X-Forwarded-For and the
	// scheme from X-Forwarded-Proto, for a portal behind a proxy.
	TrustProxy bool

	cookies web.Cookies
	pages   *web.Templates
}

// Handler builds the portal's router, every answer with the security
// headers of web.Secure.
func (p *Portal) Handler() http.Handler {
	p.cookies = web.Cookies{TrustProxy: p.TrustProxy}
	p.pages = web.MustTemplates(templateFiles, funcs, p.Log)
	mux := http.NewServeMux()
	p.pages.Mux = mux
	sub, _ := fs.Sub(staticFiles, "static")
	mux.Handle("GET /static/", web.Static(sub, 24*time.Hour))
	// Browsers ask for /favicon.ico before they read the page's icon link.
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/icon.svg", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /{$}", p.home)
	mux.HandleFunc("GET /connexion", p.loginPage)
	mux.HandleFunc("POST /connexion", p.login)
	mux.HandleFunc("GET /mot-de-passe", p.recoverPage)
	mux.HandleFunc("POST /mot-de-passe", p.recover)
	mux.HandleFunc("GET /mot-de-passe/code", p.codePage)
	mux.HandleFunc("POST /mot-de-passe/code", p.confirmCode)
	mux.HandleFunc("GET /langue", p.setLang)
	mux.HandleFunc("POST /deconnexion", p.member(p.logout))
	mux.HandleFunc("GET /services", p.member(p.services))
	mux.HandleFunc("GET /tableau-de-bord", p.member(p.dashboard))
	mux.HandleFunc("GET /estivage", p.member(p.estivage))
	mux.HandleFunc("GET /estivage/mes-demandes", p.member(p.mine))
	mux.HandleFunc("GET /estivage/historique", p.member(p.history))
	mux.HandleFunc("GET /estivage/demander/{kind}", p.member(p.confirmPage))
	mux.HandleFunc("POST /estivage/demander/{kind}", p.member(p.confirm))
	mux.HandleFunc("GET /demandes/{id}", p.member(p.request))
	mux.HandleFunc("GET /demandes/{id}/depot", p.member(p.deposit))
	mux.HandleFunc("GET /demandes/{id}/annuler", p.member(p.cancelPage))
	mux.HandleFunc("POST /demandes/{id}/annuler", p.member(p.cancel))
	mux.HandleFunc("GET /demandes/{id}/code.png", p.member(p.qrCode))
	mux.HandleFunc("GET /demandes/{id}/photos", p.member(p.photos))
	mux.HandleFunc("GET /demandes/{id}/photos/{page}", p.member(p.pageImage))
	mux.HandleFunc("GET /demandes/{id}/photos/{page}/vignette", p.member(p.pageThumb))
	mux.HandleFunc("POST /demandes/{id}/photos/{page}/retirer", p.member(p.removePage))
	if p.AddPage != nil {
		mux.HandleFunc("POST /demandes/{id}/photos", p.uploadRoute())
	}
	mux.HandleFunc("GET /parametres", p.member(p.settings))
	mux.HandleFunc("POST /parametres", p.member(p.saveSettings))
	mux.HandleFunc("GET /mes-donnees", p.member(p.myData))
	mux.HandleFunc("GET /confidentialite", p.privacy)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s, _ := p.session(r)
		p.notFound(w, r, s)
	})
	return web.Secure(p.Log, mux)
}

// home leads to the Espace de gestion, or to the login page.
func (p *Portal) home(w http.ResponseWriter, r *http.Request) {
	if s, err := p.session(r); err == nil && s != nil {
		http.Redirect(w, r, "/services", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/connexion", http.StatusSeeOther)
}

func (p *Portal) clientIP(r *http.Request) string { return web.ClientIP(r, p.TrustProxy) }

func (p *Portal) record(r *http.Request, e audit.Event) {
	if p.Audit == nil {
		return
	}
	e.Time = p.Store.Now().UTC()
	e.ClientIP = p.clientIP(r)
	p.Audit.Record(r.Context(), e)
}
