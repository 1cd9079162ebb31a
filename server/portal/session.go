package portal

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/web"
)

// The cookies' base names: web.Cookies makes them __Host- over https and
// keeps them plain on http to loopback (the demo, tests).
const (
	sessionCookie  = "fos_portal"
	preLoginCookie = "fos_portal_login"
	// langCookie remembers the language; it is no secret.
	langCookie = "fos_portal_lang"
)

// Session is a logged-in member's request context. The member's record is
// read only by the pages that show it (services, Confirmer), so the
// tracked request costs no more queries than the API's.
type Session struct {
	web.Tr
	MemberID int64
	// CSRF is the token every form of this session carries.
	CSRF      string
	principal auth.Principal
}

// session returns the member of the request's session cookie, or nil when
// there is none or it ended (the member token's idle and absolute limits,
// auth.Service.Authenticate). An agent's token never opens the portal.
func (p *Portal) session(r *http.Request) (*Session, error) {
	token := p.cookies.Get(r, sessionCookie)
	if token == "" {
		return nil, nil
	}
	pr, err := p.Auth.Authenticate(r.Context(), token)
	if errors.Is(err, &api.Error{Code: api.CodeUnauthorized}) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if pr.Role != api.RoleMember {
		return nil, nil
	}
	key, err := p.Store.ServerKey(r.Context(), "portal")
	if err != nil {
		return nil, err
	}
	return &Session{Tr: tr(r), MemberID: pr.ID, CSRF: web.SessionCSRF(key, pr.TokenHash), principal: pr}, nil
}

// handlerFunc is a page or action of a logged-in member.
type handlerFunc func(w http.ResponseWriter, r *http.Request, s *Session)

// member wraps a handler for logged-in members: without a session a GET
// goes to the login page (and back after it) and a POST is refused; a POST
// without this session's token, or from another origin, is refused with
// 403 before h runs.
func (p *Portal) member(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := p.session(r)
		if err != nil {
			p.internal(w, r, nil, err)
			return
		}
		if s == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/connexion?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			p.forbidden(w, r, nil)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if r.Method == http.MethodPost && !web.ValidPost(r, s.CSRF) {
			p.record(r, audit.Event{Action: "portal.csrf", Outcome: audit.Failed, Role: string(api.RoleMember), AccountID: s.MemberID, Target: r.URL.Path})
			p.forbidden(w, r, s)
			return
		}
		h(w, r, s)
	}
}
