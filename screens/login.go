package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// login is the first screen: identifier, password with fyne's show/hide
// toggle (the eye at the end of the field),
// "Se connecter", "Récupérer mot de passe", the language switch and the
// link to the privacy notice.
type login struct {
	base
	auth       Authenticator
	identifier *uikit.Entry
	password   *uikit.Entry
	submit     *widget.Button
	recover    *widget.Button
	privacy    *widget.Button
	lang       *widget.Select
	content    fyne.CanvasObject
}

// Login is the route to the login screen, with an optional notice and a
// pre-filled identifier.
func Login(notice, identifier string) Route {
	return Route{"login:" + notice + ":" + identifier, func(env *Env) Screen { return NewLogin(env, env.API, notice, identifier) }}
}

// Rebuild implements Rebuilder: a language switch drops the notice, which
// was written in the old language, and keeps the identifier typed so far.
func (s *login) Rebuild() Route { return Login("", s.Identifier()) }

// NewLogin builds the login screen. notice is shown above the form (for
// example after an expired session); identifier pre-fills the field.
func NewLogin(env *Env, auth Authenticator, notice, identifier string) Screen {
	s := &login{base: newBase(env), auth: auth}
	s.initRetry()
	s.identifier = uikit.NewEntry(uikit.KeyboardText)
	s.identifier.SetHint(env.Tr, env.T("login.identifier.hint"))
	s.identifier.SetText(identifier)
	s.password = uikit.NewEntry(uikit.KeyboardPassword)
	s.password.SetHint(env.Tr, env.T("login.password.hint"))
	s.password.OnSubmitted = func(string) { s.onSubmit() }
	s.submit = widget.NewButton(env.T("login.submit"), s.onSubmit)
	s.submit.Importance = widget.HighImportance
	s.recover = widget.NewButton(env.T("login.recover"), s.onRecover)
	s.recover.Importance = widget.LowImportance
	// The privacy notice is readable before logging in, as the law asks of
	// a notice given when the data are collected.
	s.privacy = widget.NewButton(env.T("privacy.link"), func() { env.Go(Privacy(Login("", s.Identifier()))) })
	s.privacy.Importance = widget.LowImportance
	s.lang = langSelect(env)
	s.guard(s.identifier, s.password, s.submit, s.recover, s.lang)

	s.content = page(
		s.header(env.T("app.title"), nil, s.lang),
		text(env, env.T("login.welcome")),
		uikit.Form(env.Tr,
			uikit.Field{Label: env.T("login.identifier"), Value: s.identifier},
			uikit.Field{Label: env.T("login.password"), Value: s.password}),
		s.submit,
		s.status(),
		container.NewCenter(s.recover),
		container.NewCenter(s.privacy),
	)
	if notice != "" {
		s.say(notice)
	}
	return s
}

// Content implements Screen.
func (s *login) Content() fyne.CanvasObject { return s.content }

func (s *login) onRecover() { s.env.Go(Recover(latinField(s.identifier.Text, false))) }

func (s *login) onSubmit() {
	id, pw := latinField(s.identifier.Text, false), s.password.Text
	if id == "" || pw == "" {
		s.say(s.env.T("login.missing"))
		return
	}
	var resp api.LoginResponse
	s.run(func(ctx context.Context) (err error) {
		resp, err = s.auth.Login(ctx, id, pw)
		return err
	}, func(err error) {
		if err != nil {
			s.fail(err, s.onSubmit)
			return
		}
		s.password.SetText("")
		if resp.Role != api.RoleMember {
			// The app is for members; an agent uses the back office. The
			// client has already revoked the agent's token and kept nothing.
			s.say(s.env.T("login.not_member"))
			return
		}
		s.env.Go(Services())
	})
}

// Identifier is what the member has typed as identifier so far, so that a
// rebuild of the screen (a language switch) keeps it.
func (s *login) Identifier() string { return latinField(s.identifier.Text, false) }
