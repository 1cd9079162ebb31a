package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

// Session is a logged-in agent's request context.
type Session struct {
	tr
	Agent store.ConsoleAgent
	// CSRF is the token every form of this session carries.
	CSRF      string
	principal auth.Principal
}

// handlerFunc is a page or action of a logged-in agent.
type handlerFunc func(w http.ResponseWriter, r *http.Request, s *Session)

// The session cookie's names. Browsers accept a __Host- cookie only with
// Secure, which they refuse to store over plain http, so on plain http to a
// loopback address (the demo, tests) the cookie drops both.
const (
	sessionCookie       = "__Host-fos_console"
	sessionCookiePlain  = "fos_console"
	preLoginCookie      = "__Host-fos_console_login"
	preLoginCookiePlain = "fos_console_login"
)

// secureRequest reports whether the request came over https (directly or
// through a trusted proxy), or else over plain http to a loopback host,
// where cookies go without Secure.
func (c *Console) secureRequest(r *http.Request) bool {
	if r.TLS != nil || (c.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")) {
		return true
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(r.Host); err == nil {
		host = h
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

func (c *Console) cookieName(r *http.Request, secure, plain string) string {
	if c.secureRequest(r) {
		return secure
	}
	return plain
}

func (c *Console) setCookie(w http.ResponseWriter, r *http.Request, secure, plain, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: c.cookieName(r, secure, plain), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: c.secureRequest(r), SameSite: http.SameSiteStrictMode})
}

// session returns the agent of the request's session cookie, or nil when
// there is none or it ended (the API's agent idle and absolute limits).
func (c *Console) session(r *http.Request) (*Session, error) {
	ck, err := r.Cookie(c.cookieName(r, sessionCookie, sessionCookiePlain))
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	p, err := c.Auth.Authenticate(r.Context(), ck.Value)
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
	m := hmac.New(sha256.New, key)
	m.Write([]byte("csrf\x00"))
	m.Write(p.TokenHash)
	return &Session{tr: requestLang(r), Agent: a, CSRF: base64.RawURLEncoding.EncodeToString(m.Sum(nil)), principal: p}, nil
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
		if r.Method == http.MethodPost && !c.validPost(r, s.CSRF) {
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

// validPost checks a form's CSRF token against want, and the Origin header
// (when the browser names one) against the console's own host. Under
// Referrer-Policy: no-referrer browsers send "Origin: null" with forms, so
// the token (and the SameSite=Strict cookie) carry the check then.
func (c *Console) validPost(r *http.Request, want string) bool {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	got := r.PostFormValue("csrf")
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// preLoginToken returns the login form's CSRF token, setting its cookie
// when the browser has none yet (double submit: the form must echo it).
func (c *Console) preLoginToken(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(c.cookieName(r, preLoginCookie, preLoginCookiePlain)); err == nil && len(ck.Value) == 43 {
		return ck.Value
	}
	b := make([]byte, 32)
	rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	c.setCookie(w, r, preLoginCookie, preLoginCookiePlain, v, 0)
	return v
}

// localPath keeps next only when it is a path of this console, so that no
// link can make the console redirect elsewhere. Browsers drop tabs and
// line breaks from a URL and read a backslash as a slash, so "/\t/evil"
// and "/\\evil" would both lead to another host: any control character is
// refused with them.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.IndexFunc(next, unicode.IsControl) >= 0 {
		return "/"
	}
	return next
}

// afterLogin is where a login leads: next if local, never back to login.
func afterLogin(next string) string {
	if p := localPath(next); !strings.HasPrefix(p, "/login") {
		return p
	}
	return "/"
}
