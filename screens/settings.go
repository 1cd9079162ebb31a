package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// settings is "Paramètres", reached from the Espace de gestion's header: a
// list of entries, each a few lines of its own, separated. Today it holds
// "Me prévenir par e-mail", kept on the server.
type settings struct {
	base
	deps  SettingsDeps
	list  *fyne.Container
	email *widget.Check
	// emailHint says what the mails are, or that the foundation has no
	// address for the member.
	emailHint *uikit.Text
	// shown is the preference as the server last said it, to put the box
	// back when a change fails.
	shown   bool
	content fyne.CanvasObject
}

// SettingsDeps is what "Paramètres" needs.
type SettingsDeps interface {
	Profiler
	Preferencer
}

// settingsEntries are the entries of "Paramètres", in order. An entry is
// built once with the screen; another one joins the list by being added
// here (its own file may hold its builder). A function, not a variable:
// an entry that leads to a screen whose back arrow returns here refers to
// Settings, which a variable's initialisation may not.
func settingsEntries() []func(s *settings) fyne.CanvasObject {
	return []func(s *settings) fyne.CanvasObject{
		(*settings).emailEntry,
		(*settings).myDataEntry, // settings_privacy.go
		(*settings).privacyEntry,
	}
}

// Settings is the route to "Paramètres".
func Settings() Route {
	return Route{"settings", func(env *Env) Screen { return NewSettings(env, env.API) }}
}

// NewSettings builds "Paramètres" and loads the member's preferences.
func NewSettings(env *Env, deps SettingsDeps) Screen {
	s := &settings{base: newBase(env), deps: deps}
	s.initRetry()
	s.list = container.NewVBox()
	for i, entry := range settingsEntries() {
		if i > 0 {
			s.list.Add(widget.NewSeparator())
		}
		s.list.Add(entry(s))
	}
	s.content = page(s.header(env.T("settings.title"), func() { env.Go(Services()) }, nil), s.list, s.status())
	s.load()
	return s
}

// Content implements Screen.
func (s *settings) Content() fyne.CanvasObject { return s.content }

// emailEntry is "Me prévenir par e-mail": the box on the reading side,
// then what the mails are. It stays disabled until the server has said
// how it is set.
func (s *settings) emailEntry() fyne.CanvasObject {
	s.email = widget.NewCheck("", nil)
	s.email.Disable()
	label := text(s.env, s.env.T("settings.email_notices"))
	s.emailHint = text(s.env, s.env.T("settings.email_notices.hint"))
	s.guard(s.email)
	return container.NewVBox(uikit.Border(s.env.Tr, nil, nil, s.email, nil, label), s.emailHint)
}

func (s *settings) load() {
	var p api.Profile
	s.run(func(ctx context.Context) (err error) {
		p, err = s.deps.Me(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.fail(err, s.load)
			return
		}
		s.show(p.Preferences)
	})
}

// show sets the box as the server says, without sending it back.
func (s *settings) show(p api.Preferences) {
	s.email.OnChanged = nil
	s.shown = p.EmailNotices
	s.email.SetChecked(p.EmailNotices)
	if !p.EmailOnFile {
		// Nothing can be mailed: the box would change nothing.
		s.email.Disable()
		s.emailHint.SetText(s.env.T("settings.no_email"))
		return
	}
	s.email.Enable()
	s.email.OnChanged = s.onEmail
}

// onEmail sends the new choice; when it fails, the box goes back to what
// the server keeps, and the message says why.
func (s *settings) onEmail(on bool) {
	var p api.Profile
	s.run(func(ctx context.Context) (err error) {
		p, err = s.deps.SetPreferences(ctx, api.PreferencesRequest{EmailNotices: &on})
		return err
	}, func(err error) {
		if err != nil {
			s.show(api.Preferences{EmailNotices: s.shown, EmailOnFile: true})
			s.fail(err, func() { s.email.SetChecked(on) })
			return
		}
		s.show(p.Preferences)
	})
}
