package portal

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/web"
)

// loginData is the login page's.
type loginData struct {
	Next string
	// Notice is an app text key said on arrival (logged out, password
	// changed).
	Notice string
}

// notices are the messages the login page says for its query's "fait":
// keys from this fixed list, never text from the URL.
var notices = map[string]string{"bye": "services.logged_out", "reset": "recover.done"}

func (p *Portal) loginPage(w http.ResponseWriter, r *http.Request) {
	next := afterLogin(r.URL.Query().Get("next"))
	if s, err := p.session(r); err == nil && s != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	v := guest(r, "login.submit")
	v.Data = loginData{Next: next, Notice: notices[r.URL.Query().Get("fait")]}
	p.renderGuest(w, r, http.StatusOK, "login", v)
}

// renderGuest writes a page before login, with the double-submit token.
func (p *Portal) renderGuest(w http.ResponseWriter, r *http.Request, status int, name string, v *web.Page) {
	v.CSRF = p.cookies.PreLoginToken(w, r, preLoginCookie)
	p.pages.Write(w, r, status, name, v)
}

// preLoginPost checks a form posted before login: it must echo the
// double-submit cookie's value and come from this host.
func (p *Portal) preLoginPost(w http.ResponseWriter, r *http.Request) bool {
	want := p.cookies.Get(r, preLoginCookie)
	if want == "" || !web.ValidPost(r, want) {
		p.forbidden(w, r, nil)
		return false
	}
	return true
}

// login checks a member's matricule or e-mail and password through the
// API's auth service (its hashing, budgets and lockout: tries here and in
// the app count together). An agent's credentials never open the portal:
// the session they opened is revoked at once.
func (p *Portal) login(w http.ResponseWriter, r *http.Request) {
	if !p.preLoginPost(w, r) {
		return
	}
	f := web.NewForm(r)
	v := guest(r, "login.submit")
	v.Form, v.Data = f, loginData{Next: afterLogin(r.PostFormValue("next"))}
	app := v.App()
	id, pw := strings.TrimSpace(f.Get("identifier")), f.Get("password")
	// One message, on the first empty field: the app's sentence names both.
	if id == "" {
		f.Fail("identifier", app.T("login.missing"))
	} else if pw == "" {
		f.Fail("password", app.T("login.missing"))
	}
	if !f.OK() {
		p.renderGuest(w, r, http.StatusUnprocessableEntity, "login", v)
		return
	}
	resp, err := p.Auth.Login(r.Context(), id, pw, p.clientIP(r))
	var ae *api.Error
	switch {
	case errors.As(err, &ae) && ae.Code == api.CodeRateLimited:
		v.Error = app.T("error.rate_limited", retryWhen(v.Tr, ae.RetryAfterSeconds))
		p.renderGuest(w, r, http.StatusTooManyRequests, "login", v)
		return
	case errors.As(err, &ae) && (ae.Code == api.CodeInvalidCredentials || ae.Code == api.CodeInvalidRequest):
		f.Fail("identifier", app.T("error.invalid_credentials"))
		p.renderGuest(w, r, http.StatusUnauthorized, "login", v)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeUnavailable:
		v.Error = app.T("error.unavailable")
		p.renderGuest(w, r, http.StatusServiceUnavailable, "login", v)
		return
	case err != nil:
		p.internal(w, r, nil, err)
		return
	}
	if resp.Role != api.RoleMember {
		if err := p.Store.RevokeSession(r.Context(), auth.HashToken(resp.AccessToken)); err != nil {
			p.internal(w, r, nil, err)
			return
		}
		f.Fail("identifier", app.T("login.not_member"))
		p.renderGuest(w, r, http.StatusForbidden, "login", v)
		return
	}
	// A browser-session cookie: closing the browser of a shared office PC
	// ends it; the token's own idle and absolute limits end it otherwise.
	p.cookies.Set(w, r, sessionCookie, resp.AccessToken, 0, http.SameSiteLaxMode)
	p.cookies.Clear(w, r, preLoginCookie, http.SameSiteStrictMode)
	http.Redirect(w, r, v.Data.(loginData).Next, http.StatusSeeOther)
}

func (p *Portal) logout(w http.ResponseWriter, r *http.Request, s *Session) {
	if err := p.Auth.Logout(r.Context(), s.principal, p.clientIP(r)); err != nil {
		p.internal(w, r, s, err)
		return
	}
	p.cookies.Clear(w, r, sessionCookie, http.SameSiteLaxMode)
	http.Redirect(w, r, "/connexion?fait=bye", http.StatusSeeOther)
}

// setLang remembers the language for a year and goes back to the page it
// was chosen on (a local path only).
func (p *Portal) setLang(w http.ResponseWriter, r *http.Request) {
	l := web.FR
	if r.URL.Query().Get("l") == string(web.AR) {
		l = web.AR
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: p.cookies.SecureRequest(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, web.LocalPath(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// afterLogin is where a login leads: next when it is a local path, never
// back to the login page.
func afterLogin(next string) string {
	if p := web.LocalPath(next); p != "/" && !strings.HasPrefix(p, "/connexion") && !strings.HasPrefix(p, "/mot-de-passe") {
		return p
	}
	return "/services"
}

// retryWhen says when a refused try may be made again, as the app does.
func retryWhen(t web.Tr, seconds int) string {
	app := t.App()
	switch {
	case seconds <= 0:
		return app.T("retry.later")
	case seconds < 90:
		return app.Count("retry.seconds", seconds)
	}
	return app.Count("retry.minutes", (seconds+59)/60)
}
