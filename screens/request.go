package screens

import (
	"context"
	"errors"
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

// Polling after failures: the wait doubles from PollEvery up to
// maxPollWait, and after staleAfter failures in a row the screen says how
// old its data are.
const (
	maxPollWait = 10 * time.Minute
	staleAfter  = 3
)

// request is the tracked request: status, timeline, deadline, documents to
// deposit while awaited, amount once approved, reason once rejected, a
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
	status   *uikit.Text
	stale    *uikit.Text
	details  *fyne.Container
	timeline *fyne.Container
	refresh  *widget.Button
	cancelB  *widget.Button
	content  fyne.CanvasObject
}

// NewRequest builds the tracked request screen for id, loads it and then
// polls it every env.PollEvery until it is left or the request is final.
func NewRequest(env *Env, tr Tracker, id int64) Screen {
	s := &request{base: newBase(env), tr: tr, id: id, jitter: rand.Int64N}
	s.initRetry()
	s.title = heading(env, "")
	s.status = uikit.NewTextStyle(env.Tr, "", fyne.TextStyle{Bold: true}, theme.SizeNameText)
	s.stale = text(env, "")
	s.stale.Hide()
	s.details = container.NewVBox()
	s.timeline = container.NewVBox()
	s.refresh = widget.NewButtonWithIcon(env.T("action.refresh"), theme.ViewRefreshIcon(), s.load)
	s.cancelB = widget.NewButton(env.T("request.cancel"), s.onCancel)
	s.cancelB.Importance = widget.DangerImportance
	s.cancelB.Hide()
	s.guard(s.refresh, s.cancelB)
	s.content = page(
		header(env, env.T("request.title"), func() { env.Nav.ToRequests(false) }, s.refresh),
		s.title, s.status, s.stale, s.details,
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
// nothing. After a failure it waits longer (pollWait), and after staleAfter
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
			wait = pollWait(every, fails, retryAfter(err), s.jitter)
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

// pollWait is the wait before the next poll after fails failures in a row:
// every doubled per failure up to maxPollWait (or every, if longer), drawn
// at random in its upper half so that phones that lost the server together
// do not come back together, and never less than the server's Retry-After.
func pollWait(every time.Duration, fails int, retryAfter time.Duration, jitter func(int64) int64) time.Duration {
	ceiling := max(maxPollWait, every)
	d := every
	for i := 0; i < fails && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	if half := int64(d / 2); half > 0 {
		d = time.Duration(half + jitter(half+1))
	}
	return max(d, retryAfter)
}

// retryAfter is the server's Retry-After of a rate_limited error, else 0.
func retryAfter(err error) time.Duration {
	var ae *api.Error
	if errors.As(err, &ae) && ae.Code == api.CodeRateLimited {
		return time.Duration(ae.RetryAfterSeconds) * time.Second
	}
	return 0
}

// update shows r and, with notify, sends a notification when its status
// changed since last shown.
func (s *request) update(r api.Reimbursement, notify bool) {
	env := s.env
	changed := notify && !env.Watched && s.current != nil && s.current.Status != r.Status
	s.current = &r
	status := env.T("status." + string(r.Status))
	s.title.SetText(env.T("request.heading", env.T("estivage.window."+string(r.Kind)), r.Season))
	s.status.SetText(env.T("request.status_line", r.Reference, status))

	s.details.RemoveAll()
	if r.Status == api.StatusAwaitingDocuments {
		// What the deposit dialog said once, for a member who closed it,
		// never saw it, or wants to check which papers to bring.
		s.details.Add(text(env, env.T("instructions.deadline", deadline(env, r.DepositDeadline))))
		s.details.Add(uikit.NewTextStyle(env.Tr, env.T("instructions.documents"), fyne.TextStyle{Bold: true}, theme.SizeNameText))
		for _, d := range localizedList(env, r.RequiredDocuments) {
			s.details.Add(text(env, env.T("instructions.bullet", d)))
		}
		s.details.Add(text(env, env.T("request.deposit_at", localized(env, r.DepositLocation))))
	}
	if r.AmountCentimes != nil {
		s.details.Add(text(env, env.T("request.amount", env.Tr.Money(*r.AmountCentimes))))
	}
	if r.Status == api.StatusRejected && r.Reason != "" {
		s.details.Add(text(env, env.T("request.reason", r.Reason)))
	}
	for _, o := range counterDetails(env, r) { // estimate, QR code: countercode.go
		s.details.Add(o)
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
