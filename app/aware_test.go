package app

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/screens"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestToldOnAnyScreenOnce: an agent records the documents through the real
// back-office API while the member is on the service list; one
// notification comes, on that screen, and Mes demandes marks the request
// new. Restarted, the app tells nothing again, and the mark goes once the
// member opens the request; a change made while it was closed is told at
// the next start.
func TestToldOnAnyScreenOnce(t *testing.T) {
	for _, locale := range []string{"fr_MA.UTF-8", "ar_MA.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			srv, d, f, r := withRequest(t, locale)

			srv.AgentDo(t, r.ID, "receive", api.NoteRequest{Note: "Dossier complet"})
			n := f.waitNotified()
			if n.Title != f.tr.T("notify.status.title") || n.Content != f.tr.T("notify.status.body", r.Reference, f.status(api.StatusDocumentsReceived)) {
				t.Fatalf("notification %q / %q", n.Title, n.Content)
			}
			f.see("services.title") // told where the member was
			f.quiet(5*refreshEvery, "the same change")
			f.stop()

			g := startOn(t, srv, srv.URL, d, locale)
			g.see("services.title")
			g.quiet(5*refreshEvery, "a change told before the restart")
			g.app.Go(screens.Requests(false))
			g.settle()
			item := r.Reference
			g.see("requests.new", item)
			g.app.Go(screens.Request(r.ID))
			g.settle()
			g.see(g.status(api.StatusDocumentsReceived))
			g.app.Go(screens.Requests(false))
			g.settle()
			if shows(g.app.Window(), g.tr.T("requests.new", item)) {
				t.Fatal("still marked new once opened")
			}
			g.see(r.Reference)
			g.see(g.status(api.StatusDocumentsReceived))

			// The next move is told once more, on this screen too, which
			// shows it at once, marked new.
			srv.AgentDo(t, r.ID, "approve", api.ApproveRequest{AmountCentimes: 120000})
			if n := g.waitNotified(); n.Content != g.tr.T("notify.status.body", r.Reference, g.status(api.StatusApproved)) {
				t.Fatalf("notification %q", n.Content)
			}
			g.settle()
			g.see("requests.new", r.Reference)
			g.see(g.status(api.StatusApproved))
			g.quiet(5*refreshEvery, "the approval again")
			g.stop()

			// A change made while the app is closed is told at the next
			// start, once.
			srv.AgentDo(t, r.ID, "pay", nil)
			h := startOn(t, srv, srv.URL, d, locale)
			if n := h.waitNotified(); n.Content != h.tr.T("notify.status.body", r.Reference, h.status(api.StatusPaid)) {
				t.Fatalf("notification %q", n.Content)
			}
			h.quiet(5*refreshEvery, "the payment again")
		})
	}
}

// TestRefreshCostsA304: in the foreground, an unchanged refresh is one
// GET of the list with If-None-Match, answered 304 with an empty body; in
// the background nothing is asked; back in the foreground the list is
// asked at once.
func TestRefreshCostsA304(t *testing.T) {
	srv := testserver.New(t)
	rec := newRecorder(t, srv)
	f := startOn(t, srv, rec.URL, device{dir: t.TempDir()}, "fr_MA.UTF-8")
	f.login(srv.Member.Identifier, srv.Member.Password)
	ask(t, f.backend)
	f.see("services.title")
	rec.waitLast(t, func(h hit) bool { return h.status == http.StatusNotModified }) // the new list was read

	from := rec.count()
	time.Sleep(10 * refreshEvery)
	hits := rec.since(from)
	if len(hits) < 3 {
		t.Fatalf("%d requests in 10 periods: the refresher does not run", len(hits))
	}
	for _, h := range hits {
		if h.method != "GET" || h.path != api.BasePath+"/reimbursements" || h.ifNoneMatch == "" || h.status != 304 || h.bodyLen != 0 {
			t.Fatalf("an unchanged refresh cost %+v; want only GET /reimbursements with If-None-Match, 304, no body", h)
		}
	}
	t.Logf("%d unchanged refreshes, each one 304 with an empty body", len(hits))

	lc := f.app.cfg.App.Lifecycle().(interface {
		OnExitedForeground() func()
		OnEnteredForeground() func()
	})
	lc.OnExitedForeground()()
	rec.waitQuiet(t) // a refresh in flight ends
	from = rec.count()
	time.Sleep(10 * refreshEvery)
	if n := rec.count() - from; n != 0 {
		t.Fatalf("%d requests in the background", n)
	}
	lc.OnEnteredForeground()()
	start := time.Now()
	for rec.count() == from {
		if time.Since(start) > 5*time.Second {
			t.Fatal("no refresh on coming back to the foreground")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestDesktopRefreshesUnfocused: on a desktop, a window that lost the focus
// is still in sight and keeps refreshing, so that the member is told.
func TestDesktopRefreshesUnfocused(t *testing.T) {
	srv := testserver.New(t)
	f := startOn(t, srv, srv.URL, device{dir: t.TempDir(), desktop: true}, "fr_MA.UTF-8")
	f.login(srv.Member.Identifier, srv.Member.Password)
	r := ask(t, f.backend)
	f.quiet(5*refreshEvery, "a request the member made")
	if exited := f.app.cfg.App.Lifecycle().(interface{ OnExitedForeground() func() }).OnExitedForeground(); exited != nil {
		exited() // what fyne's desktop driver does when the window loses the focus
	}
	srv.AgentDo(t, r.ID, "receive", nil)
	if n := f.waitNotified(); n.Content != f.tr.T("notify.status.body", r.Reference, f.status(api.StatusDocumentsReceived)) {
		t.Fatalf("notification %q", n.Content)
	}
}

// TestOfflineRestart: the member has seen a request; the server stops; the
// app restarted on the stored session shows the services, Mes demandes and
// the request with their last known status and since when, and keeps
// trying quietly until the server is back. Logout wipes it all.
func TestOfflineRestart(t *testing.T) {
	for _, locale := range []string{"fr_MA.UTF-8", "ar_MA.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			srv := testserver.New(t)
			rec := newRecorder(t, srv)
			d := device{dir: t.TempDir()}
			f := startOn(t, srv, rec.URL, d, locale)
			f.login(srv.Member.Identifier, srv.Member.Password)
			r := ask(t, f.backend)
			srv.AgentDo(t, r.ID, "receive", nil)
			f.tap("service.estivage")
			f.tap("estivage.mine")
			f.app.Go(screens.Request(r.ID))
			f.settle()
			f.see(f.status(api.StatusDocumentsReceived))
			f.stop()
			confirmed := time.Now()

			rec.down.Store(true) // the server is gone: every connection is cut
			g := startOn(t, srv, rec.URL, d, locale)
			g.waitFor("offline", func() bool { off, _ := g.app.watch.Offline(); return off })
			off, at := g.app.watch.Offline()
			if !off || at.After(confirmed) || confirmed.Sub(at) > time.Minute {
				t.Fatalf("offline %v since %v, want the last answer before %v", off, at, confirmed)
			}
			g.see("offline.since", g.tr.DateTime(at))
			g.see("services.title")
			g.tap("service.estivage")
			g.tap("estivage.mine")
			g.see(r.Reference)
			g.see(g.status(api.StatusDocumentsReceived))
			g.app.Go(screens.Request(r.ID))
			g.settle()
			g.see(g.status(api.StatusDocumentsReceived))
			g.see("offline.since", g.tr.DateTime(at))

			// Quietly trying again: no error shown, and the server is
			// asked again, with backoff, until it answers.
			g.app.Go(screens.Services())
			g.settle()
			if shows(g.app.Window(), g.tr.T("error.network")) {
				t.Fatal("an error is shown, though the last known data are")
			}
			g.waitFor("a refresh while the server is down", func() bool { return rec.cut.Load() > 0 })
			t.Logf("%d connections cut while the server was down", rec.cut.Load())
			rec.down.Store(false)
			srv.AgentDo(t, r.ID, "approve", api.ApproveRequest{AmountCentimes: 99900})
			g.waitNotified()
			g.waitFor("the offline line goes", func() bool { off, _ := g.app.watch.Offline(); return !off })
			g.tap("services.logout")
			g.see("login.recover")
			if s, err := client.NewCache(d.dir).Load(); err != nil || len(s.Answers) != 0 || len(s.Seen) != 0 {
				t.Fatalf("after logout the cache holds %+v (%v)", s, err)
			}
		})
	}
}

// TestDeadlineReminder: within 3 days of an unmet deposit deadline the app
// reminds the member when it opens, once a day at most.
func TestDeadlineReminder(t *testing.T) {
	srv := testserver.New(t)
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	d := device{dir: t.TempDir(), now: func() time.Time { return time.Unix(0, clock.Load()) }}
	f := startOn(t, srv, srv.URL, d, "fr_MA.UTF-8")
	f.login(srv.Member.Identifier, srv.Member.Password)
	r := ask(t, f.backend)
	f.quiet(5*refreshEvery, "a deadline 15 days away")
	f.stop()

	due := api.DateOf(time.Now().In(api.Casablanca)).AddDays(2)
	if _, err := srv.Store.DB().Exec(`UPDATE reimbursements SET deposit_deadline = $1, updated_at = updated_at + 1 WHERE id = $2`, due.String(), r.ID); err != nil {
		t.Fatal(err)
	}
	g := startOn(t, srv, srv.URL, d, "fr_MA.UTF-8")
	n := g.waitNotified()
	if n.Title != g.tr.T("notify.deadline.title") || n.Content != g.tr.T("notify.deadline.body", r.Reference, g.tr.Date(due)) {
		t.Fatalf("reminder %q / %q", n.Title, n.Content)
	}
	g.quiet(5*refreshEvery, "a second reminder the same day")
	g.stop()
	h := startOn(t, srv, srv.URL, d, "fr_MA.UTF-8")
	h.quiet(5*refreshEvery, "a reminder after a restart the same day")
	h.stop()

	clock.Add(int64(24 * time.Hour))
	k := startOn(t, srv, srv.URL, d, "fr_MA.UTF-8")
	if n := k.waitNotified(); n.Title != k.tr.T("notify.deadline.title") {
		t.Fatalf("next day: %q", n.Title)
	}
	k.stop()

	// Documents deposited: nothing to remind of.
	srv.AgentDo(t, r.ID, "receive", nil)
	clock.Add(int64(24 * time.Hour))
	m := startOn(t, srv, srv.URL, d, "fr_MA.UTF-8")
	if n := m.waitNotified(); n.Title != m.tr.T("notify.status.title") {
		t.Fatalf("want the status change, got %q", n.Title)
	}
	m.quiet(5*refreshEvery, "a reminder once the documents are in")
}

// TestOwnCancelNotTold: the member's own cancel is seen, not told, neither
// by the request screen nor by the refresher afterwards.
func TestOwnCancelNotTold(t *testing.T) {
	srv := testserver.New(t)
	f := startOn(t, srv, srv.URL, device{dir: t.TempDir()}, "fr_MA.UTF-8")
	f.login(srv.Member.Identifier, srv.Member.Password)
	r := ask(t, f.backend)
	f.quiet(5*refreshEvery, "a request the member made")
	f.app.Go(screens.Request(r.ID))
	f.settle()
	f.tap("request.cancel")
	f.tap("request.cancel.yes")
	f.see(f.status(api.StatusCancelled))
	f.app.Go(screens.Services())
	f.settle()
	f.quiet(10*refreshEvery, "the member's own cancel")
}
