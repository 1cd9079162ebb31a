package screens

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/uikit"
)

// Polling after failures: the wait doubles from PollEvery (PollWait), and
// after staleAfter failures in a row the screen says how old its data are.
const staleAfter = 3

// request is the tracked request: the agents' answer on the photos of the
// originals first, once there is one, then status, timeline, deadline,
// documents to deposit while awaited (and a way to send their photos), amount once approved, reason once rejected, a
// refresh action, and polling with If-None-Match while the screen is open.
type request struct {
	base
	tr      Tracker
	id      int64
	current *api.Reimbursement
	// polling is true while pollLoop runs; only the UI goroutine uses it.
	polling bool
	// jitter returns a random duration in [0, n); rand.Int64N by default.
	jitter func(n int64) int64

	mu     sync.Mutex
	etag   string
	lastOK time.Time // when the server last confirmed the data shown

	title    *uikit.Text
	answer   *uikit.Text // the agents' pre-check of the photos, first
	status   *uikit.Text
	next     *uikit.Text // the next step, in a sentence
	refLine  *uikit.Text
	copyRef  *widget.Button
	stale    *uikit.Text
	details  *fyne.Container
	timeline *fyne.Container
	refresh  *widget.Button
	cancelB  *widget.Button
	photosB  *widget.Button // "Ajouter des photos de vos justificatifs"
	content  fyne.CanvasObject
}

// Request is the route to the tracked request id.
func Request(id int64) Route {
	return Route{fmt.Sprintf("request:%d", id), func(env *Env) Screen { return NewRequest(env, env.API, id) }}
}

// NewRequest builds the tracked request screen for id, loads it and then
// polls it every env.PollEvery until it is left or the request is final.
// It leads with the status and what the member has to do next; the
// reference can be copied; cancelling is a plain action at the bottom,
// with a confirmation.
func NewRequest(env *Env, tr Tracker, id int64) Screen {
	s := &request{base: newBase(env), tr: tr, id: id, jitter: rand.Int64N}
	s.initRetry()
	s.title = bold(env, "")
	s.answer = heading(env, "")
	s.answer.Hide()
	s.status = heading(env, "")
	s.next = text(env, "")
	s.refLine = text(env, "")
	s.copyRef = widget.NewButtonWithIcon("", theme.ContentCopyIcon(), s.onCopy)
	s.stale = text(env, "")
	s.stale.Hide()
	s.details = container.NewVBox()
	s.timeline = container.NewVBox()
	s.refresh = refreshButton(s.load)
	s.cancelB = widget.NewButton(env.T("request.cancel"), s.onCancel)
	s.cancelB.Importance = widget.LowImportance
	s.cancelB.Hide()
	s.photosB = widget.NewButtonWithIcon(env.T("photos.open"), theme.MediaPhotoIcon(), func() { env.Go(Photos(id)) })
	s.photosB.Importance = widget.HighImportance
	s.photosB.Hide()
	s.guard(s.refresh, s.cancelB)
	s.content = page(
		s.header(env.T("request.title"), func() { env.Go(Requests(false)) }, s.refresh),
		s.answer,
		s.status, s.next, s.stale,
		s.base.status(),
		s.title,
		uikit.Border(env.Tr, nil, nil, nil, s.copyRef, s.refLine),
		s.details,
		s.photosB,
		widget.NewSeparator(),
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

// fresh records an answer of the server: its ETag, and now as the time the
// data shown were last confirmed.
func (s *request) fresh(etag string) {
	now := s.env.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.etag, s.lastOK = etag, now
}

func (s *request) getETag() string { s.mu.Lock(); defer s.mu.Unlock(); return s.etag }

func (s *request) lastConfirmed() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.lastOK }

// load fetches the whole request (no If-None-Match, so the member's
// refresh always redraws) and starts polling after a success, unless it
// already runs or the request is final.
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
		s.fresh(etag)
		s.stale.Hide()
		s.update(r, true)
		if !s.polling && !r.Status.Final() {
			s.polling = true
			go s.pollLoop() // not a Task: it lives as long as the screen
		}
	})
}

// pollLoop asks with If-None-Match; a 304 costs nothing and changes
// nothing. After a failure it waits longer (PollWait), and after staleAfter
// failures in a row it says how old the data are. It ends with the screen,
// once the request is final, or on an error that trying again cannot help
// (not_found, …), which it shows; an ended session goes back to login.
func (s *request) pollLoop() {
	ctx := s.ctx
	every := s.env.pollEvery()
	wait, fails := every, 0
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		r, etag, notModified, err := s.tr.Reimbursement(ctx, s.id, s.getETag())
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			fails++
			if !s.env.retryable(err) {
				s.env.do(func() { s.pollStopped(ctx, err) })
				return
			}
			wait = PollWait(every, fails, err, s.jitter)
			if fails >= staleAfter {
				s.env.do(func() { s.showStale(ctx) })
			}
			continue
		}
		recovered := fails >= staleAfter
		wait, fails = every, 0
		s.fresh(etag)
		if notModified && !recovered {
			continue
		}
		s.env.do(func() {
			if ctx.Err() != nil {
				return
			}
			s.stale.Hide()
			if !notModified {
				s.update(r, true)
			}
		})
		if !notModified && r.Status.Final() {
			s.env.do(func() { s.polling = false })
			return
		}
	}
}

// pollStopped shows why polling ended, on the UI goroutine.
func (s *request) pollStopped(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	s.polling = false // "Actualiser" starts it again after a success
	if s.env.sessionExpired(err) {
		s.fail(err, nil)
		return
	}
	s.stale.Hide()
	s.say(s.env.T("request.poll_stopped", s.env.Describe(err)))
}

// showStale says since when the data shown were not confirmed, on the UI
// goroutine.
func (s *request) showStale(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	s.stale.SetText(s.env.T("request.stale", s.env.Tr.DateTime(s.lastConfirmed())))
	s.stale.Show()
}

// update shows r and, with notify, sends a notification when its status
// changed since last shown.
func (s *request) update(r api.Reimbursement, notify bool) {
	env := s.env
	changed := notify && !env.Watched && s.current != nil && s.current.Status != r.Status
	s.current = &r
	status := env.T("status." + string(r.Status))
	s.status.SetText(status)
	s.next.SetText(nextStep(env, r))
	if a := env.Tr.PrecheckAnswer(r); a != "" {
		s.answer.SetText(a)
		s.answer.Show()
	} else {
		s.answer.Hide()
	}
	s.title.SetText(env.T("request.heading", env.T("estivage.window."+string(r.Kind)), r.Season))
	s.refLine.SetText(env.T("instructions.reference", r.Reference))

	s.details.RemoveAll()
	if r.Status == api.StatusAwaitingDocuments {
		// What the deposit sheet said once, for a member who closed it,
		// never saw it, or wants to check which papers to bring; once an
		// agent found originals missing at the counter, only those.
		if missing := missingDocuments(env, r); len(missing) > 0 {
			bullets(env, s.details, env.T("request.missing"), missing)
		} else {
			documents(env, s.details, r)
		}
		s.details.Add(text(env, env.T("request.deposit_at", localized(env, r.DepositLocation))))
	}
	if r.AmountCentimes != nil {
		s.details.Add(text(env, env.T("request.amount", env.Tr.Money(*r.AmountCentimes))))
	}
	for _, o := range counterDetails(env, r) { // estimate, QR code: countercode.go
		s.details.Add(o)
	}

	s.timeline.RemoveAll()
	for _, e := range r.Events {
		line := env.T("request.event", env.Tr.DateTime(e.At), eventLine(env, e))
		s.timeline.Add(text(env, line))
		if e.Note != "" {
			s.timeline.Add(text(env, env.T("request.note", e.Note)))
		}
	}
	if r.Status == api.StatusAwaitingDocuments {
		s.cancelB.Show()
		s.photosB.Show()
	} else {
		s.cancelB.Hide()
		s.photosB.Hide()
	}
	if changed {
		env.notify(env.T("notify.status.title"), env.T("notify.status.body", r.Reference, status))
	}
}

// onCopy puts the reference on the clipboard, to paste in a message to the
// foundation.
func (s *request) onCopy() {
	if s.current == nil {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(s.current.Reference)
	s.say(s.env.T("request.copied", s.current.Reference))
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
