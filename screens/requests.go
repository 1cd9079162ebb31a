package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
)

// requests is "Mes demandes": the member's requests, newest first, each
// opening its tracked request. With history, only past seasons are shown
// ("Historique des estivages").
type requests struct {
	base
	tr      Tracker
	history bool
	list    *fyne.Container
	items   []*widget.Button
	refresh *widget.Button
	content fyne.CanvasObject
}

// NewRequests builds "Mes demandes" and loads it.
func NewRequests(env *Env, tr Tracker, history bool) Screen {
	s := &requests{base: newBase(env), tr: tr, history: history}
	s.initRetry()
	s.list = container.NewVBox()
	s.refresh = widget.NewButtonWithIcon(env.T("action.refresh"), theme.ViewRefreshIcon(), s.load)
	s.guard(s.refresh)
	title := env.T("requests.title")
	if history {
		title = env.T("estivage.history")
	}
	s.content = page(header(env, title, env.Nav.ToEstivage, s.refresh), s.list, s.status())
	s.load()
	return s
}

// Content implements Screen.
func (s *requests) Content() fyne.CanvasObject { return s.content }

func (s *requests) load() {
	var l api.ReimbursementList
	s.run(func(ctx context.Context) (err error) {
		l, err = s.tr.Reimbursements(ctx)
		return err
	}, func(err error) {
		if err != nil {
			s.fail(err, s.load)
			return
		}
		s.show(l.Items)
	})
}

func (s *requests) show(items []api.Reimbursement) {
	env := s.env
	s.list.RemoveAll()
	s.items = nil
	season := today(env).Year
	for _, r := range items {
		if s.history != (r.Season < season) {
			continue
		}
		id := r.ID
		line := env.T("requests.item", r.Reference, env.T("estivage.window."+string(r.Kind)), env.T("status."+string(r.Status)))
		b, row := tapRow(env, line, func() { env.Nav.ToRequest(id) })
		s.items = append(s.items, b)
		s.list.Add(row)
	}
	if len(s.items) == 0 {
		s.list.Add(text(env, env.T("requests.empty")))
	}
}
