package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// services is the Espace de gestion: the member's name, the services of
// GET /services (those not built yet shown as unavailable), the language
// switch and logout.
type services struct {
	base
	auth    Authenticator
	me      Profiler
	list    ServiceLister
	name    *uikit.Text
	items   *fyne.Container
	entries map[string]*widget.Button
	logout  *widget.Button
	lang    *widget.Select
	content fyne.CanvasObject
}

// ServicesDeps is what the Espace de gestion needs.
type ServicesDeps interface {
	Authenticator
	Profiler
	ServiceLister
}

// NewServices builds the Espace de gestion and starts loading it.
func NewServices(env *Env, deps ServicesDeps) Screen {
	s := &services{base: newBase(env), auth: deps, me: deps, list: deps, entries: map[string]*widget.Button{}}
	s.initRetry()
	s.name = text(env, "")
	s.items = container.NewVBox()
	s.logout = widget.NewButton(env.T("services.logout"), s.onLogout)
	s.lang = langSelect(env)
	s.guard(s.logout)
	s.content = page(
		header(env, env.T("services.title"), nil, s.lang),
		s.name,
		s.items,
		s.status(),
		widget.NewSeparator(),
		s.logout,
	)
	s.load()
	return s
}

// Content implements Screen.
func (s *services) Content() fyne.CanvasObject { return s.content }

func (s *services) load() {
	var p api.Profile
	var l api.ServiceList
	s.run(func(ctx context.Context) (err error) {
		if p, err = s.me.Me(ctx); err != nil {
			return err
		}
		l, err = s.list.Services(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.fail(err, s.load)
			return
		}
		s.name.SetText(s.env.T("services.hello", p.FirstName+" "+p.LastName))
		s.show(l)
	})
}

func (s *services) show(l api.ServiceList) {
	s.items.RemoveAll()
	var newer *widget.Button
	for _, sv := range l.Services {
		label := s.env.T("service." + sv.Code)
		if label == "service."+sv.Code {
			// A service newer than this app: its code means nothing to a
			// member, so one line for all of them says to update the app.
			if newer == nil {
				newer = widget.NewButton(s.env.T("services.newer"), nil)
				newer.Disable()
			}
			s.entries[sv.Code] = newer
			continue
		}
		b := widget.NewButton(label, nil)
		if sv.Available && sv.Code == api.ServiceEstivage {
			b.OnTapped = s.env.Nav.ToEstivage
			b.Importance = widget.HighImportance
		} else {
			// Not built in the app yet: say so rather than fail silently.
			b.SetText(s.env.T("services.unavailable", label))
			b.Disable()
		}
		s.entries[sv.Code] = b
		s.items.Add(b)
	}
	if newer != nil {
		s.items.Add(newer)
	}
}

func (s *services) onLogout() {
	s.run(func(ctx context.Context) error {
		return s.auth.Logout(ctx)
	}, func(error) {
		// The client forgets the token even when the server is unreachable,
		// so logging out always succeeds locally.
		s.env.Nav.ToLogin(s.env.T("services.logged_out"), "")
	})
}
