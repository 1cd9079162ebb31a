package screens

import (
	"errors"
	"time"
	"unicode/utf8"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
)

// The screens' one translation of errors: client.Code names every error
// (its one classification), and the code becomes the sentence
// "error.<code>" of the current language. A member never sees a Go error's
// own text.

// ErrorCode names err as client.Code does.
func (e *Env) ErrorCode(err error) string { return client.Code(err) }

// Describe turns err into a sentence in the current language.
func (e *Env) Describe(err error) string {
	code := client.Code(err)
	key := "error." + code
	if code == string(api.CodeRateLimited) {
		return e.T(key, e.retryWhen(err))
	}
	if s := e.T(key); s != key {
		return s
	}
	return e.T("error.server")
}

// invalidField reports whether err is the server's invalid_request about
// field ("" for any field).
func invalidField(err error, field string) bool {
	var ae *api.Error
	return errors.As(err, &ae) && ae.Code == api.CodeInvalidRequest && (field == "" || ae.Field == field)
}

// passwordRefused says why new password pw is refused, by the app before
// sending or by the server (invalid_request on new_password): the length
// rule when pw breaks it, else the policy's other rule, that it is too
// common (auth.ValidatePassword).
func (e *Env) passwordRefused(pw string) string {
	if n := utf8.RuneCountInString(pw); n < api.PasswordMinLen || n > api.PasswordMaxLen {
		return e.T("recover.policy", api.PasswordMinLen, api.PasswordMaxLen)
	}
	return e.T("recover.common")
}

// retryWhen says when a rate-limited call may be tried again.
func (e *Env) retryWhen(err error) string {
	d, _ := client.RetryAfter(err)
	n := int(d / time.Second)
	switch {
	case n <= 0:
		return e.T("retry.later")
	case n < 90:
		return e.Tr.Count("retry.seconds", n)
	default:
		return e.Tr.Count("retry.minutes", (n+59)/60)
	}
}

// sessionExpired reports an error that ends the session.
func (e *Env) sessionExpired(err error) bool { return client.IsSessionExpired(err) }

// retryable reports whether trying the same call again can help.
func (e *Env) retryable(err error) bool { return client.Retryable(err) }
