package screens

import (
	"context"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// recoverCode is the second step of "Récupérer mot de passe": the code
// that was mailed if the data matched, the new password twice, and the
// password policy, shown before submitting.
type recoverCode struct {
	base
	rec        Recoverer
	identifier string
	code       *uikit.Entry
	password   *uikit.Entry
	again      *uikit.Entry
	submit     *widget.Button
	content    fyne.CanvasObject
}

// RecoverCode is the route to the second step of "Récupérer mot de passe".
func RecoverCode(identifier string) Route {
	return Route{"recover-code:" + identifier, func(env *Env) Screen { return NewRecoverCode(env, env.API, identifier) }}
}

// NewRecoverCode builds the second recovery step for identifier.
func NewRecoverCode(env *Env, rec Recoverer, identifier string) Screen {
	s := &recoverCode{base: newBase(env), rec: rec, identifier: identifier}
	s.initRetry()
	s.code = uikit.NewEntry(uikit.KeyboardDigits)
	s.code.SetHint(env.Tr, env.T("recover.code.hint", api.RecoveryCodeDigits))
	s.password = uikit.NewEntry(uikit.KeyboardPassword)
	s.again = uikit.NewEntry(uikit.KeyboardPassword)
	s.again.OnSubmitted = func(string) { s.onSubmit() }
	s.submit = widget.NewButton(env.T("recover.change"), s.onSubmit)
	s.submit.Importance = widget.HighImportance
	s.guard(s.code, s.password, s.again, s.submit)
	s.content = page(
		s.header(env.T("recover.title"), func() { env.Go(Recover(identifier)) }, nil),
		text(env, env.T("recover.sent", int(api.RecoveryCodeTTL.Minutes()))),
		uikit.Form(env.Tr,
			uikit.Field{Label: env.T("recover.code"), Value: s.code},
			uikit.Field{Label: env.T("recover.new_password"), Value: s.password},
			uikit.Field{Label: env.T("recover.confirm_password"), Value: s.again}),
		text(env, env.T("recover.policy", api.PasswordMinLen, api.PasswordMaxLen)),
		s.submit,
		s.status(),
	)
	return s
}

// Content implements Screen.
func (s *recoverCode) Content() fyne.CanvasObject { return s.content }

// check applies the password policy before anything is sent.
func (s *recoverCode) check() string {
	n := utf8.RuneCountInString(s.password.Text)
	switch {
	case !allDigits(latinField(s.code.Text, true), api.RecoveryCodeDigits):
		return s.env.T("recover.code.bad_format", api.RecoveryCodeDigits)
	case n < api.PasswordMinLen || n > api.PasswordMaxLen:
		return s.env.passwordRefused(s.password.Text)
	case s.password.Text != s.again.Text:
		return s.env.T("recover.mismatch")
	}
	return ""
}

func (s *recoverCode) onSubmit() {
	if msg := s.check(); msg != "" {
		s.say(msg)
		return
	}
	code, pw := latinField(s.code.Text, true), s.password.Text
	s.run(func(ctx context.Context) error {
		return s.rec.RecoverConfirm(ctx, s.identifier, code, pw)
	}, func(err error) {
		switch {
		case err == nil:
			s.password.SetText("")
			s.again.SetText("")
			s.env.Go(Login(s.env.T("recover.done"), s.identifier))
		case invalidField(err, "new_password"):
			s.say(s.env.passwordRefused(pw))
		case invalidField(err, ""):
			s.say(s.env.T("recover.bad_code"))
		default:
			s.fail(err, s.onSubmit)
		}
	})
}
