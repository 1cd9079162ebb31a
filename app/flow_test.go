package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/screens"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testserver"
	"github.com/fos-mobile/fos/translations"
)

// flow drives the whole app against the real reference server.
type flow struct {
	t        *testing.T
	srv      *testserver.Server
	backend  Backend
	app      *App
	q        *screens.UIQueue
	tr       *translations.Translator
	notified chan *fyne.Notification
	arabic   bool
	left     int // times the back key left the app
}

func newFlow(t *testing.T, locale string) *flow {
	t.Helper()
	srv := testserver.New(t)
	return startFlow(t, srv, locale, Config{API: newTestBackend(t, srv.URL, t.TempDir())})
}

// startFlow starts the app with cfg (its API, and the cache, refresher and
// clock when set; see startOn), as Run does, with a test app, a UI queue
// and a fast poll.
func startFlow(t *testing.T, srv *testserver.Server, locale string, cfg Config) *flow {
	t.Helper()
	f := &flow{t: t, srv: srv, backend: cfg.API, notified: make(chan *fyne.Notification, 16)}
	fa := test.NewTempApp(t)
	f.q = &screens.UIQueue{}
	cfg.App, cfg.Locale, cfg.Do, cfg.PollEvery = fa, locale, f.q.Do, 20*time.Millisecond
	cfg.Leave = func() { f.left++ }
	cfg.Notify = func(n *fyne.Notification) {
		fa.SendNotification(n)
		f.notified <- n
	}
	f.app = New(cfg)
	f.tr = f.app.Translator()
	f.arabic = f.tr.Lang() == translations.AR
	f.app.Start()
	f.settle()
	t.Cleanup(func() { f.app.Close(); f.app.Current().Stop() })
	return f
}

func (f *flow) settle() {
	f.q.Settle(f.app.env.Tasks)
	if f.arabic {
		assertAllArabic(f.t, f.app.Window())
	}
}

// tap taps the button labelled with key's text and lets the app settle.
func (f *flow) tap(key string, args ...any) {
	f.t.Helper()
	test.Tap(button(f.t, f.app.Window(), f.tr.T(key, args...)))
	f.settle()
}

// see fails unless the screen shows key's text.
func (f *flow) see(key string, args ...any) {
	f.t.Helper()
	if want := f.tr.T(key, args...); !shows(f.app.Window(), want) {
		f.t.Fatalf("the screen does not show %q; it shows %q", want, visible(f.app.Window()))
	}
}

// seeSoon waits until the screen shows key's text, then lets the app
// settle. The watch tells of a change before the screen that asked shows
// it (both through the UI queue), so a notification alone does not mean
// that the screen is up to date.
func (f *flow) seeSoon(key string, args ...any) {
	f.t.Helper()
	want := f.tr.T(key, args...)
	f.waitFor(want, func() bool { return shows(f.app.Window(), want) })
	f.settle()
}

// waitNotified runs the UI until a notification comes.
func (f *flow) waitNotified() *fyne.Notification {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		f.q.Drain()
		select {
		case n := <-f.notified:
			return n
		default:
			time.Sleep(5 * time.Millisecond)
		}
	}
	f.t.Fatal("no notification")
	return nil
}

func (f *flow) login(id, pw string) {
	f.t.Helper()
	e := entries(f.app.Window())
	e[0].SetText("")
	test.Type(e[0], id)
	test.Type(e[1], pw)
	f.tap("login.submit")
}

func TestFlow(t *testing.T) {
	for _, locale := range []string{"fr_MA.UTF-8", "ar_MA.UTF-8"} {
		t.Run(locale, func(t *testing.T) { walk(t, newFlow(t, locale)) })
	}
}

func walk(t *testing.T, f *flow) {
	f.see("login.recover")
	f.login(f.srv.Member.Identifier, f.srv.Member.Password)

	// Espace de gestion.
	f.see("services.title")
	f.see("services.hello", f.srv.Member.Name)
	if dead := disabledButtons(f.app.Window()); len(dead) > 0 {
		t.Fatalf("dead buttons on the service list: %q", dead)
	}
	// The server lists Prêt as not available: nothing of it is shown, not
	// even the line saying that the app is older than a service.
	for _, v := range visible(f.app.Window()) {
		if v == api.ServicePret || strings.Contains(v, "service."+api.ServicePret) || v == f.tr.T("services.newer") {
			t.Fatalf("the service list shows %q for Prêt, which the server says is not available", v)
		}
	}
	f.tap("service.estivage")

	// Estivage menu: both windows open today, no request yet.
	f.see("estivage.window.summer")
	f.see("estivage.window.off_season")
	f.tap("estivage.ask")

	// Confirmer.
	f.see("profile.echelle")
	f.see("profile.children_count")
	f.tap("confirm.submit")

	// Deposit instructions.
	list, err := f.backend.Reimbursements(t.Context())
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("requests on the server: %v, %v", list.Items, err)
	}
	r := list.Items[0]
	if r.Kind != api.KindSummer || r.Status != api.StatusAwaitingDocuments {
		t.Fatalf("created %+v", r)
	}
	f.see("instructions.reference", r.Reference)
	f.see("instructions.documents")
	test.AssertNotificationSent(t, fyne.NewNotification(f.tr.T("notify.opened.title"), f.tr.T("notify.opened.body", r.Reference)), func() {
		f.tap("action.close")
	})
	<-f.notified

	// The tracked request, then the agent's moves, picked up by the poll.
	status := func(s api.Status) string { return f.tr.T("status." + string(s)) }
	f.see("status.awaiting_documents")
	f.see("next.awaiting_documents", f.tr.Date(r.DepositDeadline), f.tr.InDays(api.DateOf(time.Now().In(api.Casablanca)).DaysUntil(r.DepositDeadline)))
	f.see("instructions.reference", r.Reference)

	// At the counter, an agent finds the proof of payment missing
	// ("Documents incomplets" in the console): the request stays awaited,
	// and the member reads which original to bring, in their language.
	f.agentAct(r.ID, store.Action{Kind: store.ActMissing, Missing: []int{1}})
	if n := f.waitNotified(); n.Title != f.tr.T("event.missing_documents") ||
		n.Content != f.tr.T("notify.missing_documents", r.Reference, f.tr.Date(r.DepositDeadline)) {
		t.Fatalf("notification %q / %q", n.Title, n.Content)
	}
	docs := demo.DefaultDocuments.FR
	if f.arabic {
		docs = demo.DefaultDocuments.AR
	}
	f.waitFor("the missing documents", func() bool {
		return shows(f.app.Window(), f.tr.T("next.missing_documents", f.tr.Date(r.DepositDeadline),
			f.tr.InDays(api.DateOf(time.Now().In(api.Casablanca)).DaysUntil(r.DepositDeadline))))
	})
	f.settle()
	f.see("request.missing")
	f.see("instructions.bullet", docs[1])
	if shows(f.app.Window(), f.tr.T("instructions.bullet", docs[0])) {
		t.Fatalf("a document the agent received is still asked for: %q", visible(f.app.Window()))
	}
	if !endsWith(f.app.Window(), " — "+f.tr.T("event.missing_documents")) {
		t.Fatalf("the timeline does not say %q: %q", f.tr.T("event.missing_documents"), visible(f.app.Window()))
	}
	f.see("status.awaiting_documents")
	f.srv.AgentDo(t, r.ID, "receive", api.NoteRequest{Note: "Dossier complet"})
	n := f.waitNotified()
	if n.Title != f.tr.T("notify.status.title") || n.Content != f.tr.T("notify.status.body", r.Reference, status(api.StatusDocumentsReceived)) {
		t.Fatalf("notification %q / %q", n.Title, n.Content)
	}
	f.seeSoon("status.documents_received")
	if shows(f.app.Window(), f.tr.T("request.missing")) {
		t.Fatal("the missing documents are still shown once the originals were received")
	}
	f.srv.AgentDo(t, r.ID, "approve", api.ApproveRequest{AmountCentimes: 150050})
	if n := f.waitNotified(); n.Content != f.tr.T("notify.status.body", r.Reference, status(api.StatusApproved)) {
		t.Fatalf("notification %q", n.Content)
	}
	f.seeSoon("status.approved")
	f.see("request.amount", f.tr.Money(150050))
	f.settle()

	// Android's back key walks back up: Mes estivages (titled like the
	// button that opens it), the Estivage menu, the service list, and
	// only there leaves the app.
	back(f)
	f.see("estivage.mine")
	if !shows(f.app.Window(), r.Reference) || !shows(f.app.Window(), status(api.StatusApproved)) {
		t.Fatalf("Mes estivages lacks the request's row; it shows %q", visible(f.app.Window()))
	}
	back(f)
	f.see("estivage.window.summer")
	back(f)
	f.see("services.title")
	if f.left != 0 {
		t.Fatal("the back key left the app before the service list")
	}
	back(f)
	if f.left != 1 {
		t.Fatal("the back key at the service list did not leave the app")
	}
}

// agentAct does a on request id, at its current version, through the
// store's console action, as an agent does in the console: "Documents
// incomplets" (store.ActMissing, with indexes into the request's
// documents), a note (store.ActNote)…
func (f *flow) agentAct(id int64, a store.Action) {
	f.t.Helper()
	ctx := f.t.Context()
	agent, err := f.srv.Store.AgentByEmail(ctx, f.srv.AgentCreds.Identifier)
	if err != nil {
		f.t.Fatal(err)
	}
	r, _, _, err := f.backend.Reimbursement(ctx, id, "")
	if err != nil {
		f.t.Fatal(err)
	}
	a.Version, a.AgentID = r.Version, agent.ID
	if _, _, err := f.srv.Store.Act(ctx, id, a); err != nil {
		f.t.Fatal(err)
	}
}

// endsWith reports whether one of w's visible texts ends with s.
func endsWith(w fyne.Window, s string) bool {
	for _, v := range visible(w) {
		if strings.HasSuffix(v, s) {
			return true
		}
	}
	return false
}

func TestRecoveryFlow(t *testing.T) {
	for _, locale := range []string{"fr_MA.UTF-8", "ar_MA.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			f := newFlow(t, locale)
			who := f.srv.FirstLogin
			e := entries(f.app.Window())
			test.Type(e[0], who.Identifier)
			f.tap("login.recover")

			f.see("recover.intro")
			e = entries(f.app.Window())
			if e[0].Text != who.Identifier {
				t.Fatalf("identifier not carried over: %q", e[0].Text)
			}
			test.Type(e[1], who.CIN)
			f.tap("recover.send")

			f.see("recover.sent", int(api.RecoveryCodeTTL.Minutes()))
			f.see("recover.policy", api.PasswordMinLen, api.PasswordMaxLen)
			// A password of a valid length that the server refuses as
			// too common: the member reads why, not the length rule.
			e = entries(f.app.Window())
			test.Type(e[0], "000000")
			test.Type(e[1], "Estivage2026!")
			test.Type(e[2], "Estivage2026!")
			f.tap("recover.change")
			f.see("recover.common")
			if shows(f.app.Window(), f.tr.T("recover.bad_code")) {
				t.Fatal("a refused password was told as a bad code")
			}

			const pw = "une phrase assez longue"
			e = entries(f.app.Window())
			for _, x := range e {
				x.SetText("")
			}
			test.Type(e[0], "000000")
			test.Type(e[1], pw)
			test.Type(e[2], pw)
			f.tap("recover.change")
			f.see("recover.bad_code")

			e = entries(f.app.Window())
			e[0].SetText("")
			test.Type(e[0], f.srv.LastCode(t, who.Email))
			f.tap("recover.change")

			f.see("recover.done")
			if got := entries(f.app.Window())[0].Text; got != who.Identifier {
				t.Fatalf("identifier not filled in on login: %q", got)
			}
			test.Type(entries(f.app.Window())[1], pw)
			f.tap("login.submit")
			f.see("services.title")
		})
	}
}

func TestRecoveryDoesNotRevealUnknownAccounts(t *testing.T) {
	f := newFlow(t, "fr_MA.UTF-8")
	f.tap("login.recover")
	e := entries(f.app.Window())
	test.Type(e[0], "9999999")
	test.Type(e[1], "ZZ999999")
	f.tap("recover.send")
	f.see("recover.sent", int(api.RecoveryCodeTTL.Minutes()))
}

func TestSessionExpiredGoesBackToLogin(t *testing.T) {
	f := newFlow(t, "fr_MA.UTF-8")
	f.login(f.srv.Member.Identifier, f.srv.Member.Password)
	f.see("services.title")
	// The session ends behind the screen's back; the next call is a 401.
	if err := f.backend.Logout(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.tap("service.estivage")
	f.see("error.unauthorized")
	f.see("login.recover")
}

// TestReturningMemberSkipsLogin restarts the app on the same token store:
// the stored session opens the service list, and after logout the next
// start asks to log in again.
func TestReturningMemberSkipsLogin(t *testing.T) {
	srv := testserver.New(t)
	dir := t.TempDir()
	f := startFlow(t, srv, "fr_MA.UTF-8", Config{API: newTestBackend(t, srv.URL, dir)})
	f.login(srv.Member.Identifier, srv.Member.Password)
	f.see("services.title")
	f.app.Current().Stop()

	g := startFlow(t, srv, "fr_MA.UTF-8", Config{API: newTestBackend(t, srv.URL, dir)})
	g.see("services.title")
	g.see("services.hello", srv.Member.Name)
	g.tap("services.logout")
	g.see("login.recover")
	g.app.Current().Stop()

	h := startFlow(t, srv, "fr_MA.UTF-8", Config{API: newTestBackend(t, srv.URL, dir)})
	h.see("login.recover")
}

// TestDeadNetwork points the app at a port where nothing listens: the
// member reads that there is no network, and can try again.
func TestDeadNetwork(t *testing.T) {
	srv := testserver.New(t)
	f := startFlow(t, srv, "fr_MA.UTF-8", Config{API: newTestBackend(t, "http://127.0.0.1:1", t.TempDir())})
	f.login(srv.Member.Identifier, srv.Member.Password)
	f.see("error.network")
	f.see("login.recover")
}

// TestLoginLockoutSaysWhen makes wrong logins until the server's lockout
// answers 429: the member reads when to try again, from Retry-After.
func TestLoginLockoutSaysWhen(t *testing.T) {
	f := newFlow(t, "fr_MA.UTF-8")
	for range 5 {
		f.login(f.srv.Member.Identifier, "not the password")
		f.see("error.invalid_credentials")
	}
	f.login(f.srv.Member.Identifier, f.srv.Member.Password)
	for n := 30; n >= 25; n-- {
		if shows(f.app.Window(), f.tr.T("error.rate_limited", f.tr.T("retry.seconds", n))) {
			return
		}
	}
	t.Fatalf("no rate-limit sentence with a delay; the screen shows %q", visible(f.app.Window()))
}

// TestLoginWithArabicDigits: a matricule typed on an Arabic keyboard
// (١٢٣٤٥٦٧) logs in like 1234567.
func TestLoginWithArabicDigits(t *testing.T) {
	f := newFlow(t, "ar_MA.UTF-8")
	arabic := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '٠' + (r - '0')
		}
		return r
	}, f.srv.Member.Identifier)
	f.login(arabic, f.srv.Member.Password)
	f.see("services.title")
}
