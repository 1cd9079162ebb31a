package screens

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// request is the tracked request: status, timeline, deadline, amount once
// approved, reason once rejected, a refresh action, and polling with
// If-None-Match while the screen is open.
type request struct {
	base
	tr      Tracker
	id      int64
	current *api.Reimbursement

	mu   sync.Mutex
	etag string
	poll sync.Once

	title    *uikit.Text
	status   *uikit.Text
	details  *fyne.Container
	timeline *fyne.Container
	refresh  *widget.Button
	cancelB  *widget.Button
	content  fyne.CanvasObject
}

// NewRequest builds the tracked request screen for id, loads it and then
// polls it every env.PollEvery until it is left or the request is final.
func NewRequest(env *Env, tr Tracker, id int64) Screen {
	s := &request{base: newBase(env), tr: tr, id: id}
	s.initRetry()
	s.title = heading(env, "")
	s.status = uikit.NewTextStyle(env.Tr, "", fyne.TextStyle{Bold: true}, theme.SizeNameText)
	s.details = container.NewVBox()
	s.timeline = container.NewVBox()
	s.refresh = widget.NewButtonWithIcon(env.T("action.refresh"), theme.ViewRefreshIcon(), s.load)
	s.cancelB = widget.NewButton(env.T("request.cancel"), s.onCancel)
	s.cancelB.Importance = widget.DangerImportance
	s.cancelB.Hide()
	s.guard(s.refresh, s.cancelB)
	s.content = page(
		header(env, env.T("request.title"), func() { env.Nav.ToRequests(false) }, s.refresh),
		s.title, s.status, s.details,
		s.base.status(),
		heading(env, env.T("request.timeline")),
		s.timeline,
		widget.NewSeparator(),
		s.cancelB,
	)
	s.load()
	return s
}

// Content implements Screen.
func (s *request) Content() fyne.CanvasObject { return s.content }

func (s *request) setETag(e string) { s.mu.Lock(); s.etag = e; s.mu.Unlock() }
func (s *request) getETag() string  { s.mu.Lock(); defer s.mu.Unlock(); return s.etag }

// load fetches the whole request (no If-None-Match, so the member's
// refresh always redraws) and starts polling after the first success.
func (s *request) load() {
	var r api.Reimbursement
	var etag string
	s.run(func(ctx context.Context) (err error) {
		r, etag, _, err = s.tr.Reimbursement(ctx, s.id, "")
		return err
	}, func(err error) {
		if err != nil {
			s.fail(err, s.load)
			return
		}
		s.setETag(etag)
		s.update(r, true)
		s.poll.Do(func() { go s.pollLoop() }) // not a Task: it lives as long as the screen
	})
}

// pollLoop asks with If-None-Match; a 304 costs nothing and changes
// nothing. It ends with the screen or once the request is final.
func (s *request) pollLoop() {
	ctx := s.ctx
	t := time.NewTicker(s.env.pollEvery())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		r, etag, notModified, err := s.tr.Reimbursement(ctx, s.id, s.getETag())
		if ctx.Err() != nil {
			return
		}
		if err == nil && notModified {
			continue
		}
		s.env.do(func() {
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				if s.env.sessionExpired(err) {
					s.fail(err, nil)
				}
				return // a failed poll keeps the last data; the next tick tries again
			}
			s.setETag(etag)
			s.update(r, true)
		})
		final := err == nil && r.Status.Final()
		if final {
			return
		}
	}
}

// update shows r and, with notify, sends a notification when its status
// changed since last shown.
func (s *request) update(r api.Reimbursement, notify bool) {
	env := s.env
	changed := notify && s.current != nil && s.current.Status != r.Status
	s.current = &r
	status := env.T("status." + string(r.Status))
	s.title.SetText(env.T("request.heading", env.T("estivage.window."+string(r.Kind)), r.Season))
	s.status.SetText(env.T("request.status_line", r.Reference, status))

	s.details.RemoveAll()
	if r.Status == api.StatusAwaitingDocuments {
		s.details.Add(text(env, env.T("instructions.deadline", deadline(env, r.DepositDeadline))))
		s.details.Add(text(env, env.T("request.deposit_at", localized(env, r.DepositLocation))))
	}
	if r.AmountCentimes != nil {
		s.details.Add(text(env, env.T("request.amount", env.Tr.Money(*r.AmountCentimes))))
	}
	if r.Status == api.StatusRejected && r.Reason != "" {
		s.details.Add(text(env, env.T("request.reason", r.Reason)))
	}

	s.timeline.RemoveAll()
	for _, e := range r.Events {
		line := env.T("request.event", env.Tr.DateTime(e.At), env.T("status."+string(e.Status)))
		s.timeline.Add(text(env, line))
		if e.Note != "" {
			s.timeline.Add(text(env, env.T("request.note", e.Note)))
		}
	}
	if r.Status == api.StatusAwaitingDocuments {
		s.cancelB.Show()
	} else {
		s.cancelB.Hide()
	}
	if changed {
		env.notify(env.T("notify.status.title"), env.T("notify.status.body", r.Reference, status))
	}
}

func (s *request) onCancel() {
	env := s.env
	uikit.ShowConfirm(env.Tr, env.T("request.cancel"), env.T("request.cancel.question"),
		env.T("request.cancel.yes"), env.T("action.back"), func(ok bool) {
			if !ok {
				return
			}
			var r api.Reimbursement
			s.run(func(ctx context.Context) (err error) {
				r, err = s.tr.Cancel(ctx, s.id)
				return err
			}, func(err error) {
				if err != nil {
					s.fail(err, nil)
					return
				}
				s.update(r, false) // the member's own act needs no notification
			})
		}, env.Win)
}
