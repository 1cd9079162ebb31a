package app

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/screens"
	"github.com/fos-mobile/fos/uikit"
)

// DefaultRefreshEvery is how often the member's requests are refreshed
// while the app is in the foreground, whatever the screen.
const DefaultRefreshEvery = time.Minute

// refresher reads the member's requests (through the watch, which tells
// each change) at start, on coming back to the foreground, and every
// period while in the foreground, never in the background. The list is
// asked with If-None-Match, so an unchanged refresh costs a 304, and once
// (client.WithoutRetries: the refresher backs off by itself); after a
// change, the live requests' details are read too, so that they can be
// read offline. Failures back off like the request screen's polling, and
// the deposit deadlines are checked after each refresh.
type refresher struct {
	w      *watch
	has    func(context.Context) bool
	every  time.Duration
	jitter func(n int64) int64

	mu     sync.Mutex
	fg     bool
	wake   chan struct{}
	stop   context.CancelFunc
	done   chan struct{}
	closed bool
}

func newRefresher(w *watch, has func(context.Context) bool, every time.Duration) *refresher {
	if every <= 0 {
		every = DefaultRefreshEvery
	}
	return &refresher{w: w, has: has, every: every, jitter: rand.Int64N, fg: true, wake: make(chan struct{}, 1)}
}

// start runs the loop until close; the app starts it with the first
// screen (App.first). Once closed, before or after, it does not start.
func (r *refresher) start() {
	ctx, cancel := context.WithCancel(background(client.WithoutRetries(context.Background())))
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		cancel()
		return
	}
	r.stop, r.done = cancel, make(chan struct{})
	r.mu.Unlock()
	go func() {
		defer close(r.done)
		r.loop(ctx)
	}()
}

// close stops the loop and waits for it.
func (r *refresher) close() {
	r.mu.Lock()
	r.closed = true
	stop, done := r.stop, r.done
	r.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// foreground is fyne's lifecycle: back in the foreground, the requests are
// refreshed at once; in the background, nothing is asked (on desktops, an
// unfocused window is not in the background: see Config.PauseUnfocused).
func (r *refresher) foreground(on bool) {
	r.mu.Lock()
	was := r.fg
	r.fg = on
	r.mu.Unlock()
	if on && !was {
		r.kick()
	}
}

// kick asks for a refresh now (a login, the foreground).
func (r *refresher) kick() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *refresher) inForeground() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.fg }

func (r *refresher) loop(ctx context.Context) {
	var wait time.Duration // the first refresh is at once
	fails := 0
	for {
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			case <-r.wake:
				t.Stop()
			}
		}
		for !r.inForeground() {
			select {
			case <-ctx.Done():
				return
			case <-r.wake:
			}
		}
		if ctx.Err() != nil {
			return
		}
		wait = r.every
		if !r.has(ctx) {
			fails = 0
			continue
		}
		if err := r.once(ctx); err != nil && ctx.Err() == nil {
			fails++
			wait = screens.PollWait(r.every, fails, err, r.jitter)
		} else {
			fails = 0
		}
	}
}

// once refreshes the list (with the cached list's ETag), and after a
// change each live request's details, then checks the deadlines (of the
// cached list, when unchanged).
func (r *refresher) once(ctx context.Context) error {
	etag, _ := r.w.etag("/reimbursements")
	l, _, nm, err := r.w.ReimbursementsIfChanged(ctx, etag)
	if err != nil {
		return err
	}
	if nm {
		r.w.recall("/reimbursements", &l)
	} else {
		for _, it := range l.Items {
			if it.Status.Final() {
				continue
			}
			detETag, _ := r.w.etag(reimbursementPath(it.ID))
			if _, _, _, err := r.w.Reimbursement(ctx, it.ID, detETag); err != nil {
				return err
			}
		}
	}
	r.w.remind(l.Items)
	return nil
}

// offlineBanner is the line above every screen that says, while the
// server cannot be reached, since when what is shown is known.
type offlineBanner struct {
	text *uikit.Text
	box  fyne.CanvasObject
}

func newOfflineBanner(a *App) *offlineBanner {
	b := &offlineBanner{text: uikit.NewText(a.tr, "")}
	tint := canvas.NewRectangle(uikit.Tint(theme.Color(theme.ColorNameWarning), 0x50))
	b.box = container.NewStack(tint, container.NewPadded(b.text))
	b.box.Hide()
	return b
}

// update shows or hides the banner; on the UI goroutine.
func (b *offlineBanner) update(a *App) {
	off, at := a.watch.Offline()
	if !off || at.IsZero() {
		b.box.Hide()
		return
	}
	b.text.SetText(a.tr.T("offline.since", a.tr.DateTime(at)))
	b.box.Show()
}

// framed puts the banner above a screen's content.
func (a *App) framed(content fyne.CanvasObject) fyne.CanvasObject {
	a.banner.update(a)
	return container.NewBorder(a.banner.box, nil, nil, nil, content)
}

// startWatching wraps the API in the watch, which New hands to the
// screens, and hooks the refresher to fyne's lifecycle. Called once by
// New; Start loads the sealed cache, and the first screen starts the
// refresher.
func (a *App) startWatching() {
	now := a.cfg.Now
	if now == nil {
		now = time.Now
	}
	tell := func(title, body string) { a.do(func() { a.notify(title, body) }) }
	a.watch = &watch{Backend: a.cfg.API, cache: a.cfg.Cache, now: now, tell: tell, t: a.tr.T, date: a.tr.Date,
		changed: func() { a.do(func() { a.banner.update(a) }) }, told: func() { a.do(a.reloadList) }}
	a.cfg.API = a.watch
	a.refresh = newRefresher(a.watch, a.watch.Backend.HasSession, a.cfg.RefreshEvery)
	a.watch.loggedIn = a.refresh.kick
	a.watch.serverLang = a.checkServerLang
	a.banner = newOfflineBanner(a)
	lc := a.cfg.App.Lifecycle()
	lc.SetOnEnteredForeground(func() { a.refresh.foreground(true) })
	if a.cfg.PauseUnfocused || a.cfg.App.Driver().Device().IsMobile() {
		lc.SetOnExitedForeground(func() { a.refresh.foreground(false) })
	}
}

// reloadList reads Mes demandes again when it is shown, so that a change
// just told shows there at once, marked new; on the UI goroutine.
func (a *App) reloadList() {
	if l, ok := a.current.(interface{ Reload() }); ok {
		l.Reload()
	}
}

// Close stops the refresher; the window's closing does it too.
func (a *App) Close() { a.refresh.close() }
