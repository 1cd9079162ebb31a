package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// services is the Espace de gestion: the member's name, the services of
// GET /services that are available to the member, "Paramètres", the
// language switch and logout.
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
	// settings opens "Paramètres" (an icon beside the language switch).
	settings *widget.Button
	content  fyne.CanvasObject
}

// ServicesDeps is what the Espace de gestion needs.
type ServicesDeps interface {
	Authenticator
	Profiler
	ServiceLister
}

// Services is the route to the Espace de gestion, the app's first screen
// once logged in.
func Services() Route {
	return Route{"services", func(env *Env) Screen { return NewServices(env, env.API) }}
}

// NewServices builds the Espace de gestion and starts loading it.
func NewServices(env *Env, deps ServicesDeps) Screen {
	s := &services{base: newBase(env), auth: deps, me: deps, list: deps, entries: map[string]*widget.Button{}}
	s.initRetry()
	s.name = text(env, "")
	s.items = container.NewVBox()
	s.logout = widget.NewButton(env.T("services.logout"), s.onLogout)
	s.lang = langSelect(env)
	s.settings = widget.NewButtonWithIcon("", theme.SettingsIcon(), func() { env.Go(Settings()) })
	s.guard(s.logout)
	s.titleEms = headerTitleEms - 2 // the title wraps beside two buttons
	s.content = page(
		s.header(env.T("services.title"), nil, uikit.Row(env.Tr, s.settings, s.lang)),
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

// show lists the services GET /services says this member can use, each a
// button with the server's sentence under it. A service the server lists
// as unavailable is left out: a member has nothing to do with it. A
// service newer than this app gets one line saying to update the app.
func (s *services) show(l api.ServiceList) {
	s.items.RemoveAll()
	s.entries = map[string]*widget.Button{}
	newer := false
	for _, sv := range l.Services {
		if !sv.Available {
			continue
		}
		key := "service." + sv.Code
		route, ok := serviceRoute(sv.Code)
		if !ok || s.env.T(key) == key {
			newer = true
			continue
		}
		b := widget.NewButton(s.env.T(key), func() { s.env.Go(route) })
		b.Importance = widget.HighImportance
		s.entries[sv.Code] = b
		s.items.Add(b)
		if sv.Summary != nil {
			s.items.Add(text(s.env, localized(s.env, *sv.Summary)))
		}
	}
	if newer {
		s.items.Add(text(s.env, s.env.T("services.newer")))
	}
	if len(s.entries) == 0 && !newer {
		s.items.Add(text(s.env, s.env.T("services.none")))
	}
}

// serviceRoute is the screen of a service this app has screens for.
func serviceRoute(code string) (Route, bool) {
	switch code {
	case api.ServiceEstivage:
		return Estivage(), true
	}
	return Route{}, false
}

func (s *services) onLogout() {
	s.run(func(ctx context.Context) error {
		return s.auth.Logout(ctx)
	}, func(error) {
		// The client forgets the token even when the server is unreachable,
		// so logging out always succeeds locally.
		s.env.Go(Login(s.env.T("services.logged_out"), ""))
	})
}
