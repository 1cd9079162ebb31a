package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/fos-mobile/fos/api"
)

// rectify answers "Ces informations sont inexactes" on the Confirmer
// screen: the data come from the ministry's HR files, which the foundation
// cannot change in the app, so it tells the member where to have them
// corrected (the foundation's address and, when configured, its contact
// e-mail, from GET /privacy) and what to bring.
type rectify struct {
	base
	api     PrivacyReader
	where   *fyne.Container
	content fyne.CanvasObject
}

// Rectify is the route to the answer, from the Confirmer screen of kind,
// where its back arrow returns.
func Rectify(kind api.Kind) Route {
	return Route{"rectify:" + string(kind), func(env *Env) Screen { return NewRectify(env, env.API, kind) }}
}

// NewRectify builds the answer and loads the address.
func NewRectify(env *Env, deps PrivacyReader, kind api.Kind) Screen {
	s := &rectify{base: newBase(env), api: deps}
	s.initRetry()
	s.where = container.NewVBox()
	s.content = page(
		s.header(env.T("rectify.title"), func() { env.Go(Confirm(kind)) }, nil),
		text(env, env.T("rectify.why")),
		s.where,
		s.status(),
		text(env, env.T("rectify.after")),
	)
	s.load()
	return s
}

// Content implements Screen.
func (s *rectify) Content() fyne.CanvasObject { return s.content }

func (s *rectify) load() { s.loadPrivacy(s.api, s.show) }

// show lays out where to have the data corrected.
func (s *rectify) show(p api.Privacy) {
	env := s.env
	objs := []fyne.CanvasObject{heading(env, localized(env, p.Address))}
	if p.ContactEmail != "" {
		objs = append(objs, text(env, env.T("rectify.email")), heading(env, p.ContactEmail))
	}
	s.where.Objects = objs
	s.where.Refresh()
}
