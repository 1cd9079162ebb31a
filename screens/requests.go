package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
)

// RequestLister is what "Mes demandes" reads: the member's requests, and
// the current season (GET /estivage), which tells current from history.
type RequestLister interface {
	Tracker
	Estivager
}

// requests is "Mes demandes": the member's current requests, newest first,
// each opening its tracked request. A request is current while it is not
// final or while its season is the server's current one; with history,
// only the others are shown ("Historique des estivages"). The phone's
// calendar plays no part: a request of the off-season window stays current
// in January while its documents are awaited.
type requests struct {
	base
	tr      RequestLister
	history bool
	list    *fyne.Container
	items   []*widget.Button
	refresh *widget.Button
	content fyne.CanvasObject
}

// NewRequests builds "Mes demandes" and loads it.
func NewRequests(env *Env, tr RequestLister, history bool) Screen {
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

// load reads the list and, only when a final request must be placed, the
// current season. With no season at all (not_found), every final request
// is history.
func (s *requests) load() {
	var l api.ReimbursementList
	season := 0
	s.run(func(ctx context.Context) (err error) {
		if l, err = s.tr.Reimbursements(ctx); err != nil || !anyFinal(l.Items) {
			return err
		}
		e, err := s.tr.Estivage(ctx)
		if err != nil && s.env.ErrorCode(err) != string(api.CodeNotFound) {
			return err
		}
		season = e.Season
		return nil
	}, func(err error) {
		if err != nil {
			s.fail(err, s.load)
			return
		}
		s.show(l.Items, season)
	})
}

func anyFinal(items []api.Reimbursement) bool {
	for _, r := range items {
		if r.Status.Final() {
			return true
		}
	}
	return false
}

// isCurrent reports whether r belongs in "Mes demandes" when the server's
// current season is season (0 when there is none).
func isCurrent(r api.Reimbursement, season int) bool {
	return !r.Status.Final() || (season > 0 && r.Season >= season)
}

func (s *requests) show(items []api.Reimbursement, season int) {
	env := s.env
	s.list.RemoveAll()
	s.items = nil
	for _, r := range items {
		if s.history == isCurrent(r, season) {
			continue
		}
		id := r.ID
		line := env.T("requests.item", r.Reference, env.T("estivage.window."+string(r.Kind)), env.T("status."+string(r.Status)))
		if env.isNew(id) {
			line = env.T("requests.new", line)
		}
		b, row := tapRow(env, line, func() { env.Nav.ToRequest(id) })
		s.items = append(s.items, b)
		s.list.Add(row)
	}
	if len(s.items) == 0 {
		s.list.Add(text(env, env.T("requests.empty")))
	}
}

// Reload reads the list again, for the app to call when it has told the
// member of a change while the list is shown.
func (s *requests) Reload() { s.load() }
