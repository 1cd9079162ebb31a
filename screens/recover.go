package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/uikit"
)

// recoverID is the first step of "Récupérer mot de passe": the identifier
// and the CIN. Its answer never says whether the account exists.
type recoverID struct {
	base
	rec        Recoverer
	identifier *uikit.Entry
	cin        *uikit.Entry
	submit     *widget.Button
	content    fyne.CanvasObject
}

// Recover is the route to the first step of "Récupérer mot de passe".
func Recover(identifier string) Route {
	return Route{"recover:" + identifier, func(env *Env) Screen { return NewRecover(env, env.API, identifier) }}
}

// NewRecover builds the first recovery step.
func NewRecover(env *Env, rec Recoverer, identifier string) Screen {
	s := &recoverID{base: newBase(env), rec: rec}
	s.initRetry()
	s.identifier = uikit.NewEntry(uikit.KeyboardText)
	s.identifier.SetText(identifier)
	s.identifier.SetHint(env.Tr, env.T("login.identifier.hint"))
	s.cin = uikit.NewEntry(uikit.KeyboardText)
	s.cin.SetHint(env.Tr, env.T("recover.cin.hint"))
	s.cin.OnSubmitted = func(string) { s.onSubmit() }
	s.submit = widget.NewButton(env.T("recover.send"), s.onSubmit)
	s.submit.Importance = widget.HighImportance
	s.guard(s.identifier, s.cin, s.submit)
	s.content = page(
		s.header(env.T("recover.title"), func() { env.Go(Login("", latinField(s.identifier.Text, false))) }, nil),
		text(env, env.T("recover.intro")),
		uikit.Form(env.Tr,
			uikit.Field{Label: env.T("login.identifier"), Value: s.identifier},
			uikit.Field{Label: env.T("recover.cin"), Value: s.cin}),
		s.submit,
		s.status(),
	)
	return s
}

// Content implements Screen.
func (s *recoverID) Content() fyne.CanvasObject { return s.content }

func (s *recoverID) onSubmit() {
	id := latinField(s.identifier.Text, false)
	cin := strings.ToUpper(latinField(s.cin.Text, true))
	if id == "" || cin == "" {
		s.say(s.env.T("recover.missing"))
		return
	}
	s.run(func(ctx context.Context) error {
		return s.rec.Recover(ctx, id, cin)
	}, func(err error) {
		if err != nil {
			s.fail(err, s.onSubmit)
			return
		}
		s.env.Go(RecoverCode(id))
	})
}
