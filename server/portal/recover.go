package portal

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/web"
)

// recoverData is the recovery pages'.
type recoverData struct {
	// Sent says the code was asked for (the answer names no account).
	Sent bool
	// Digits and Minutes describe the code; Min and Max the password.
	Digits, Minutes, Min, Max int
}

func newRecoverData(sent bool) recoverData {
	return recoverData{Sent: sent, Digits: api.RecoveryCodeDigits, Minutes: int(api.RecoveryCodeTTL.Minutes()),
		Min: api.PasswordMinLen, Max: api.PasswordMaxLen}
}

// recoverPage asks for the matricule or e-mail and the CIN (first login or
// forgotten password), as the app's "Récupérer mot de passe".
func (p *Portal) recoverPage(w http.ResponseWriter, r *http.Request) {
	v := guest(r, "recover.title")
	v.Data = newRecoverData(false)
	p.renderGuest(w, r, http.StatusOK, "recover", v)
}

// recover asks the auth service for a code; whatever the identifier, the
// answer is the same (auth.Service.Recover), and the code page follows.
func (p *Portal) recover(w http.ResponseWriter, r *http.Request) {
	if !p.preLoginPost(w, r) {
		return
	}
	f := web.NewForm(r)
	v := guest(r, "recover.title")
	v.Form, v.Data = f, newRecoverData(false)
	app := v.App()
	id, cin := strings.TrimSpace(f.Get("identifier")), strings.TrimSpace(f.Get("cin"))
	if id == "" {
		f.Fail("identifier", app.T("recover.missing"))
	} else if cin == "" {
		f.Fail("cin", app.T("recover.missing"))
	}
	if !f.OK() {
		p.renderGuest(w, r, http.StatusUnprocessableEntity, "recover", v)
		return
	}
	err := p.Auth.Recover(r.Context(), id, cin, p.clientIP(r))
	var ae *api.Error
	switch {
	case errors.As(err, &ae) && ae.Code == api.CodeRateLimited:
		v.Error = app.T("error.rate_limited", retryWhen(v.Tr, ae.RetryAfterSeconds))
		p.renderGuest(w, r, http.StatusTooManyRequests, "recover", v)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeInvalidRequest:
		f.Fail("identifier", app.T("error.invalid_request"))
		p.renderGuest(w, r, http.StatusUnprocessableEntity, "recover", v)
		return
	case err != nil:
		p.internal(w, r, nil, err)
		return
	}
	v = guest(r, "recover.code.title")
	v.Form = web.NewForm(nil)
	v.Form.Values.Set("identifier", id)
	v.Data = newRecoverData(true)
	p.renderGuest(w, r, http.StatusOK, "code", v)
}

// codePage is the code form for a member who already has a code.
func (p *Portal) codePage(w http.ResponseWriter, r *http.Request) {
	v := guest(r, "recover.code.title")
	v.Data = newRecoverData(false)
	p.renderGuest(w, r, http.StatusOK, "code", v)
}

// confirmCode sets the new password with the code (auth.Service.
// ConfirmRecovery: every session of the member is revoked) and leads to
// the login page.
func (p *Portal) confirmCode(w http.ResponseWriter, r *http.Request) {
	if !p.preLoginPost(w, r) {
		return
	}
	f := web.NewForm(r)
	v := guest(r, "recover.code.title")
	v.Form, v.Data = f, newRecoverData(false)
	app := v.App()
	id, code, pw := strings.TrimSpace(f.Get("identifier")), strings.TrimSpace(f.Get("code")), f.Get("new_password")
	if id == "" {
		f.Fail("identifier", app.T("login.missing"))
	}
	if len(code) != api.RecoveryCodeDigits || strings.Trim(code, "0123456789") != "" {
		f.Fail("code", app.T("recover.code.bad_format", api.RecoveryCodeDigits))
	}
	if n := utf8.RuneCountInString(pw); n < api.PasswordMinLen || n > api.PasswordMaxLen {
		f.Fail("new_password", app.T("recover.policy", api.PasswordMinLen, api.PasswordMaxLen))
	} else if pw != f.Get("again") {
		f.Fail("again", app.T("recover.mismatch"))
	}
	if !f.OK() {
		p.renderGuest(w, r, http.StatusUnprocessableEntity, "code", v)
		return
	}
	err := p.Auth.ConfirmRecovery(r.Context(), id, code, pw, p.clientIP(r))
	var ae *api.Error
	switch {
	case err == nil:
		http.Redirect(w, r, "/connexion?fait=reset", http.StatusSeeOther)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeRateLimited:
		v.Error = app.T("error.rate_limited", retryWhen(v.Tr, ae.RetryAfterSeconds))
		p.renderGuest(w, r, http.StatusTooManyRequests, "code", v)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeInvalidRequest && ae.Field == "new_password":
		f.Fail("new_password", app.T("recover.common"))
	case errors.As(err, &ae) && ae.Code == api.CodeInvalidRequest && ae.Field == "identifier":
		f.Fail("identifier", app.T("error.invalid_request"))
	case errors.As(err, &ae) && ae.Code == api.CodeInvalidRequest:
		f.Fail("code", app.T("recover.bad_code"))
	case errors.As(err, &ae) && ae.Code == api.CodeUnavailable:
		v.Error = app.T("error.unavailable")
	default:
		p.internal(w, r, nil, err)
		return
	}
	p.renderGuest(w, r, http.StatusUnprocessableEntity, "code", v)
}
