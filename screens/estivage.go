package screens

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
	"github.com/fos-mobile/fos/uikit"
)

// estivage is the Estivage menu: Mes estivages, Estivages disponibles,
// Historique des estivages, and the season's two reimbursement windows,
// each with "Demander", the reason why not, or "Suivre ma demande".
type estivage struct {
	base
	est     Estivager
	windows *fyne.Container
	// actions maps a window's kind to its button ("Demander" or "Suivre ma
	// demande"), and reasons to the line saying why it cannot be asked.
	actions map[api.Kind]*widget.Button
	reasons map[api.Kind]string
	mine    *widget.Button
	offers  *uikit.Text
	history *widget.Button
	refresh *widget.Button
	content fyne.CanvasObject
}

// Estivage is the route to the Estivage menu.
func Estivage() Route {
	return Route{"estivage", func(env *Env) Screen { return NewEstivage(env, env.API) }}
}

// NewEstivage builds the Estivage menu and starts loading the season.
func NewEstivage(env *Env, est Estivager) Screen {
	s := &estivage{base: newBase(env), est: est}
	s.initRetry()
	s.mine = widget.NewButton(env.T("estivage.mine"), func() { env.Go(Requests(false)) })
	// Holiday centres are not offered this season: the foundation's guide
	// says the service is the two reimbursements, so the menu says so
	// rather than show a button that leads nowhere.
	s.offers = text(env, env.T("estivage.offers"))
	s.history = widget.NewButton(env.T("estivage.history"), func() { env.Go(Requests(true)) })
	s.refresh = refreshButton(s.load)
	s.windows = container.NewVBox()
	s.guard(s.refresh)
	s.content = page(
		s.header(env.T("service.estivage"), func() { env.Go(Services()) }, s.refresh),
		s.mine, s.history,
		s.offers,
		widget.NewSeparator(),
		s.windows,
		s.status(),
	)
	s.load()
	return s
}

// Content implements Screen.
func (s *estivage) Content() fyne.CanvasObject { return s.content }

func (s *estivage) load() {
	var e api.Estivage
	s.run(func(ctx context.Context) (err error) {
		e, err = s.est.Estivage(ctx)
		return err
	}, func(err error) {
		if err != nil && s.env.ErrorCode(err) == string(api.CodeNotFound) {
			// No season set up yet: not an error the member can fix.
			s.say(s.env.T("estivage.no_season"))
			return
		}
		if err != nil {
			s.fail(err, s.load)
			return
		}
		if len(e.Windows) == 0 {
			s.say(s.env.T("estivage.no_season"))
		}
		s.show(e)
	})
}

func (s *estivage) show(e api.Estivage) {
	s.windows.RemoveAll()
	s.actions = map[api.Kind]*widget.Button{}
	s.reasons = map[api.Kind]string{}
	for _, w := range e.Windows {
		s.windows.Add(widget.NewCard("", "", s.window(w)))
	}
}

// window is one reimbursement window's card.
func (s *estivage) window(w api.Window) fyne.CanvasObject {
	env := s.env
	box := container.NewVBox(
		heading(env, env.T("estivage.window."+string(w.Kind))),
		text(env, env.T("estivage.invoice_dates", env.Tr.Date(w.InvoiceFrom), env.Tr.Date(w.InvoiceTo))),
	)
	now := env.now()
	switch {
	case w.MyRequest != nil:
		id := w.MyRequest.ID
		box.Add(text(env, env.T("request.status_line", w.MyRequest.Reference, env.T("status."+string(w.MyRequest.Status)))))
		b := widget.NewButton(env.T("estivage.track"), func() { env.Go(Request(id)) })
		s.actions[w.Kind] = b
		box.Add(b)
	case w.Open:
		kind := w.Kind
		box.Add(text(env, env.T("estivage.open_until", env.Tr.Closing(w.ClosesAt))))
		b := widget.NewButton(env.T("estivage.ask"), func() { env.Go(Confirm(kind)) })
		b.Importance = widget.HighImportance
		s.actions[w.Kind] = b
		box.Add(b)
	case now.Before(w.OpensAt):
		s.reasons[w.Kind] = env.T("estivage.opens", env.Tr.Opening(w.OpensAt))
		box.Add(text(env, s.reasons[w.Kind]))
	default:
		s.reasons[w.Kind] = closed(env, w.ClosesAt)
		box.Add(text(env, s.reasons[w.Kind]))
	}
	return box
}

// closed says since when a window is closed: after its last day when it
// ended at midnight (the server's convention), else since the instant.
func closed(env *Env, end time.Time) string {
	if d, ok := translations.LastDay(end); ok {
		return env.T("estivage.closed_after", env.Tr.Date(d))
	}
	return env.T("estivage.closed", env.Tr.DateTime(end))
}
