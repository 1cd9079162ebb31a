package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/web"
)

// loginData is the login page's.
type loginData struct {
	Next, Email, Message, Notice string
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if s, err := c.session(r); err == nil && s != nil {
		http.Redirect(w, r, afterLogin(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	d := loginData{Next: afterLogin(r.URL.Query().Get("next"))}
	if r.URL.Query().Get("bye") != "" {
		d.Notice = "login.logged_out"
	}
	c.renderLogin(w, r, http.StatusOK, d)
}

func (c *Console) renderLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	t := requestLang(r)
	v := &view{Tr: t, Title: t.T("login.title"), CSRF: c.cookies().PreLoginToken(w, r, preLoginCookie), Data: d}
	c.tpl().Write(w, r, status, "login", v)
}

// login checks an agent's e-mail and password through the API's auth
// service, so the console shares its hashing, lockout and rate limits. A
// member's credentials never open the console: their session is revoked at
// once and the answer is the same as for a wrong password.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	// Double submit: the form must echo the cookie's random value.
	if !web.ValidPost(r, c.cookies().Get(r, preLoginCookie)) {
		c.forbidden(w, r, nil, "forbidden.csrf")
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	d := loginData{Next: afterLogin(r.PostFormValue("next")), Email: email}
	ev := audit.Event{Action: "console.login", ClientIP: c.clientIP(r)}
	if canon, err := auth.CanonicalIdentifier(email); err == nil {
		// Without the key the event goes without the identifier's hash.
		ev.Identifier, _ = c.Auth.IdentifierHash(r.Context(), canon)
	}
	fail := func(status int, outcome, msg string) {
		ev.Outcome = outcome
		c.record(r, ev)
		d.Message = msg
		c.renderLogin(w, r, status, d)
	}
	if !strings.Contains(email, "@") {
		// Agents log in with their e-mail; a matricule is a member's.
		fail(http.StatusUnauthorized, audit.Failed, requestLang(r).T("login.failed"))
		return
	}
	resp, err := c.Auth.Login(r.Context(), email, r.PostFormValue("password"), c.clientIP(r))
	var ae *api.Error
	switch {
	case errors.As(err, &ae) && ae.Code == api.CodeRateLimited:
		fail(http.StatusTooManyRequests, audit.Limited, requestLang(r).T("login.limited", requestLang(r).Wait(ae.RetryAfterSeconds)))
		return
	case errors.As(err, &ae) && ae.Code == api.CodeUnavailable:
		fail(http.StatusServiceUnavailable, audit.Failed, requestLang(r).T("login.unavailable"))
		return
	case errors.As(err, &ae) && (ae.Code == api.CodeInvalidCredentials || ae.Code == api.CodeInvalidRequest):
		fail(http.StatusUnauthorized, audit.Failed, requestLang(r).T("login.failed"))
		return
	case err != nil:
		c.internal(w, r, nil, err)
		return
	}
	if resp.Role != api.RoleAgent {
		if err := c.Store.RevokeSession(r.Context(), auth.HashToken(resp.AccessToken)); err != nil {
			c.internal(w, r, nil, err)
			return
		}
		ev.Detail = "not an agent"
		fail(http.StatusUnauthorized, audit.Failed, requestLang(r).T("login.failed"))
		return
	}
	p, err := c.Auth.Authenticate(r.Context(), resp.AccessToken)
	if err != nil {
		c.internal(w, r, nil, err)
		return
	}
	a, err := c.Store.ConsoleAgentByID(r.Context(), p.ID)
	if err != nil {
		c.internal(w, r, nil, err)
		return
	}
	ev.Outcome, ev.Role, ev.AccountID = audit.OK, a.Role, a.ID
	c.record(r, ev)
	c.cookies().Set(w, r, sessionCookie, resp.AccessToken, 0, http.SameSiteStrictMode)
	c.cookies().Clear(w, r, preLoginCookie, http.SameSiteStrictMode)
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request, s *Session) {
	if err := c.Auth.Logout(r.Context(), s.principal, c.clientIP(r)); err != nil {
		c.internal(w, r, s, err)
		return
	}
	c.audit(r, s, "console.logout", audit.OK, "", "")
	c.cookies().Clear(w, r, sessionCookie, http.SameSiteStrictMode)
	http.Redirect(w, r, "/login?bye=1", http.StatusSeeOther)
}

// setLang remembers the agent's language for a year and goes back to the
// page it was chosen on.
func (c *Console) setLang(w http.ResponseWriter, r *http.Request) {
	l := web.FR
	if r.URL.Query().Get("l") == string(web.AR) {
		l = web.AR
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: c.cookies().SecureRequest(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, web.LocalPath(r.URL.Query().Get("next")), http.StatusSeeOther)
}

func (c *Console) record(r *http.Request, e audit.Event) {
	if c.Audit == nil {
		return
	}
	e.Time = c.Store.Now().UTC()
	c.Audit.Record(r.Context(), e)
}
