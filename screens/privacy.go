package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// privacy is the privacy notice (law 09-08): who processes the member's
// data and why, what data, how long they are kept, the member's rights and
// where to exercise them, the CNDP declaration, and that the app tracks
// nothing. The facts the operator configures (address, contact e-mail,
// declaration number, retention) come from GET /privacy, which needs no
// session, so the login screen can show the notice too.
type privacy struct {
	base
	api     PrivacyReader
	back    Route
	facts   *fyne.Container // the configured facts, once loaded
	content fyne.CanvasObject
}

// Privacy is the route to the privacy notice; back is where its back arrow
// goes (the login screen, or the screen it was opened from).
func Privacy(back Route) Route {
	return Route{"privacy", func(env *Env) Screen { return NewPrivacy(env, env.API, back) }}
}

// NewPrivacy builds the notice and loads the configured facts.
func NewPrivacy(env *Env, deps PrivacyReader, back Route) Screen {
	s := &privacy{base: newBase(env), api: deps, back: back}
	s.initRetry()
	s.facts = container.NewVBox()
	s.content = page(
		s.header(env.T("privacy.title"), func() { env.Go(back) }, nil),
		section(env, "privacy.purpose.title", env.T("privacy.purpose")),
		section(env, "privacy.data.title", env.T("privacy.data")),
		s.facts,
		s.status(),
		section(env, "privacy.rights.title", env.T("privacy.rights")),
		widget.NewSeparator(),
		text(env, env.T("privacy.tracking")),
	)
	s.load()
	return s
}

// Content implements Screen.
func (s *privacy) Content() fyne.CanvasObject { return s.content }

func (s *privacy) load() { s.loadPrivacy(s.api, s.show) }

// loadPrivacy reads the configured privacy facts (GET /privacy) off the
// UI goroutine and hands them to show; a failure is told with a retry.
// The notice and the rectification screen both show them.
func (b *base) loadPrivacy(r PrivacyReader, show func(api.Privacy)) {
	var p api.Privacy
	b.run(func(ctx context.Context) (err error) {
		p, err = r.Privacy(ctx)
		return err
	}, func(err error) {
		if err != nil {
			b.fail(err, func() { b.loadPrivacy(r, show) })
			return
		}
		show(p)
	})
}

// show lays out the configured facts: the controller and its address, the
// retention, then the contact and the declaration when there are some.
func (s *privacy) show(p api.Privacy) {
	env := s.env
	keep := env.Tr.Retention(p.RetentionDays)
	objs := []fyne.CanvasObject{
		section(env, "privacy.controller.title", localized(env, p.Controller)),
		text(env, localized(env, p.Address)),
		section(env, "privacy.retention.title", env.T("privacy.retention", keep, keep)),
	}
	if p.ContactEmail != "" {
		objs = append(objs, text(env, env.T("privacy.contact", p.ContactEmail)))
	}
	if p.CNDPRef != "" {
		objs = append(objs, text(env, env.T("privacy.cndp", p.CNDPRef)))
	}
	s.facts.Objects = objs
	s.facts.Refresh()
}

// section is a titled paragraph of a text page.
func section(env *Env, titleKey, body string) fyne.CanvasObject {
	return container.NewVBox(heading(env, env.T(titleKey)), uikit.NewText(env.Tr, body))
}
