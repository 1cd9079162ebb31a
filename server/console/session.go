package console

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/web"
)

// Session is a logged-in agent's request context.
type Session struct {
	web.Tr
	Agent store.ConsoleAgent
	// CSRF is the token every form of this session carries.
	CSRF      string
	principal auth.Principal
}

// handlerFunc is a page or action of a logged-in agent.
type handlerFunc func(w http.ResponseWriter, r *http.Request, s *Session)

// The cookies' base names (web.Cookies adds "__Host-" where it can).
const (
	sessionCookie  = "fos_console"
	preLoginCookie = "fos_console_login"
)

// session returns the agent of the request's session cookie, or nil when
// there is none or it ended (the API's agent idle and absolute limits).
func (c *Console) session(r *http.Request) (*Session, error) {
	tok := c.cookies().Get(r, sessionCookie)
	if tok == "" {
		return nil, nil
	}
	p, err := c.Auth.Authenticate(r.Context(), tok)
	if errors.Is(err, &api.Error{Code: api.CodeUnauthorized}) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if p.Role != api.RoleAgent {
		return nil, nil
	}
	a, err := c.Store.ConsoleAgentByID(r.Context(), p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	key, err := c.Store.ServerKey(r.Context(), "console")
	if err != nil {
		return nil, err
	}
	return &Session{Tr: requestLang(r), Agent: a, CSRF: web.SessionCSRF(key, p.TokenHash), principal: p}, nil
}

// agent wraps a handler for logged-in agents: without a session a GET goes
// to the login page and a POST is refused; a POST without this session's
// CSRF token (or from another origin) is refused with 403 before h runs.
func (c *Console) agent(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := c.session(r)
		if err != nil {
			c.internal(w, r, nil, err)
			return
		}
		if s == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			c.forbidden(w, r, nil, "forbidden.csrf")
			return
		}
		if r.Method == http.MethodPost && !web.ValidPost(r, s.CSRF) {
			c.audit(r, s, "console.csrf", "failed", r.URL.Path, "")
			c.forbidden(w, r, s, "forbidden.csrf")
			return
		}
		h(w, r, s)
	}
}

// supervisor wraps a handler for supervisors only; agents get 403.
func (c *Console) supervisor(h handlerFunc) http.HandlerFunc {
	return c.agent(func(w http.ResponseWriter, r *http.Request, s *Session) {
		if !s.Agent.Supervisor() {
			c.forbidden(w, r, s, "forbidden.role")
			return
		}
		h(w, r, s)
	})
}

// afterLogin is where a login leads: next if local, never back to login.
func afterLogin(next string) string {
	if p := web.LocalPath(next); !strings.HasPrefix(p, "/login") {
		return p
	}
	return "/"
}

// cookies sets and reads the console's cookies.
func (c *Console) cookies() web.Cookies { return web.Cookies{TrustProxy: c.TrustProxy} }
