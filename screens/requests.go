package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
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

// Requests is the route to "Mes estivages"; history restricts it to past
// seasons ("Historique des estivages").
func Requests(history bool) Route {
	return Route{fmt.Sprintf("requests:%v", history), func(env *Env) Screen { return NewRequests(env, env.API, history) }}
}

// NewRequests builds "Mes demandes" and loads it.
func NewRequests(env *Env, tr RequestLister, history bool) Screen {
	s := &requests{base: newBase(env), tr: tr, history: history}
	s.initRetry()
	s.list = container.NewVBox()
	s.refresh = refreshButton(s.load)
	s.guard(s.refresh)
	title := env.T("estivage.mine") // the button that opens it
	if history {
		title = env.T("estivage.history")
	}
	s.content = page(s.header(title, func() { env.Go(Estivage()) }, s.refresh), s.list, s.status())
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
func isCurrent(r api.Reimbursement, season int) bool { return r.Current(season) }

func (s *requests) show(items []api.Reimbursement, season int) {
	env := s.env
	s.list.RemoveAll()
	s.items = nil
	for _, r := range items {
		if s.history == isCurrent(r, season) {
			continue
		}
		id := r.ID
		b, row := tapRow(requestRow(env, r, env.isNew(id)), func() { env.Go(Request(id)) })
		s.items = append(s.items, b)
		s.list.Add(row)
	}
	if len(s.items) == 0 {
		s.list.Add(text(env, env.T("requests.empty")))
	}
}

// requestRow is one request in the list: its reference and a status
// badge, the window, and the deposit deadline while the originals are
// awaited, else the date of the last change, and "Documents incomplets"
// once an agent found originals missing; fresh marks a change the app has
// just told of ("Nouveau · …").
func requestRow(env *Env, r api.Reimbursement, fresh bool) fyne.CanvasObject {
	when := env.T("requests.updated", env.Tr.Date(api.DateOf(r.UpdatedAt.In(api.Casablanca))))
	if r.Status == api.StatusAwaitingDocuments {
		when = env.T("instructions.deadline", deadline(env, r.DepositDeadline))
	}
	ref := r.Reference
	if fresh {
		ref = env.T("requests.new", ref)
	}
	row := container.NewVBox(
		uikit.Border(env.Tr, nil, nil, bold(env, ref), badge(env, r.Status)),
		text(env, env.T("estivage.window."+string(r.Kind))),
		text(env, when),
	)
	if len(missingDocuments(env, r)) > 0 {
		row.Add(bold(env, env.T("event."+string(api.EventMissingDocuments))))
	}
	return row
}

// badge is a request's status on a coloured, rounded background: the
// theme's primary colour while the member or the foundation has something
// to do, success once approved or paid, error once rejected, grey once
// cancelled or expired.
func badge(env *Env, st api.Status) fyne.CanvasObject {
	name := theme.ColorNamePrimary
	switch st {
	case api.StatusApproved, api.StatusPaid:
		name = theme.ColorNameSuccess
	case api.StatusRejected:
		name = theme.ColorNameError
	case api.StatusCancelled, api.StatusExpired:
		name = theme.ColorNameDisabled
	}
	c := theme.Color(name)
	bg := canvas.NewRectangle(uikit.Tint(c, 0x55))
	bg.CornerRadius = theme.InputRadiusSize()
	bg.StrokeColor, bg.StrokeWidth = c, 1
	label := uikit.NewTextStyle(env.Tr, env.T("status."+string(st)), fyne.TextStyle{Bold: true}, theme.SizeNameCaptionText)
	return container.NewCenter(container.NewStack(bg, label))
}

// Reload reads the list again, for the app to call when it has told the
// member of a change while the list is shown.
func (s *requests) Reload() { s.load() }
