package screens

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
	"github.com/fos-mobile/fos/uikit"
)

// fixedNow is the tests' clock: 2026-07-20 10:00 in Casablanca (UTC+1).
var fixedNow = time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC)

// fake stages the API's answers for the screens' unit tests; the flow test
// in app/ runs against the real server instead.
type fake struct {
	mu      sync.Mutex
	calls   map[string]int
	keys    []string // Idempotency-Keys received
	nextKey int

	login    func(id, pw string) (api.LoginResponse, error)
	recover  func(id, cin string) error
	confirm  func(id, code, pw string) error
	me       func() (api.Profile, error)
	prefs    func(p api.PreferencesRequest) (api.Profile, error)
	services func() (api.ServiceList, error)
	estivage func() (api.Estivage, error)
	create   func(key string, req api.CreateReimbursementRequest) (api.Reimbursement, error)
	list     func() (api.ReimbursementList, error)
	get      func(etag string) (api.Reimbursement, string, bool, error)
	cancel   func() (api.Reimbursement, error)
	pages    func() (api.PageList, error)
	thumb    func(page int64) ([]byte, error)
	upload   func(doc int, name, key string, data []byte, progress func(sent, total int64)) (api.Page, error)
	remove   func(page int64) error
	privacy  func() (api.Privacy, error)
	export   func(format, lang string) ([]byte, error)
}

func (f *fake) count(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[name]
}

func (f *fake) hit(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[name]++
}

func (f *fake) Login(_ context.Context, id, pw string) (api.LoginResponse, error) {
	f.hit("login")
	return f.login(id, pw)
}
func (f *fake) Logout(context.Context) error { f.hit("logout"); return nil }
func (f *fake) Recover(_ context.Context, id, cin string) error {
	f.hit("recover")
	return f.recover(id, cin)
}
func (f *fake) RecoverConfirm(_ context.Context, id, code, pw string) error {
	f.hit("confirm")
	return f.confirm(id, code, pw)
}
func (f *fake) Me(context.Context) (api.Profile, error) { f.hit("me"); return f.me() }
func (f *fake) SetPreferences(_ context.Context, p api.PreferencesRequest) (api.Profile, error) {
	f.hit("prefs")
	return f.prefs(p)
}
func (f *fake) Services(context.Context) (api.ServiceList, error) {
	f.hit("services")
	return f.services()
}
func (f *fake) Estivage(context.Context) (api.Estivage, error) {
	f.hit("estivage")
	return f.estivage()
}
func (f *fake) CreateReimbursement(_ context.Context, key string, req api.CreateReimbursementRequest) (api.Reimbursement, error) {
	f.hit("create")
	f.mu.Lock()
	f.keys = append(f.keys, key)
	f.mu.Unlock()
	return f.create(key, req)
}
func (f *fake) NewIdempotencyKey() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextKey++
	return fmt.Sprintf("key-%d", f.nextKey)
}
func (f *fake) Reimbursements(context.Context) (api.ReimbursementList, error) {
	f.hit("list")
	return f.list()
}
func (f *fake) Reimbursement(_ context.Context, _ int64, etag string) (api.Reimbursement, string, bool, error) {
	f.hit("get")
	return f.get(etag)
}
func (f *fake) Cancel(context.Context, int64) (api.Reimbursement, error) {
	f.hit("cancel")
	return f.cancel()
}

func (f *fake) Pages(context.Context, int64) (api.PageList, error) { f.hit("pages"); return f.pages() }
func (f *fake) PageThumbnail(_ context.Context, _ int64, page int64) ([]byte, error) {
	f.hit("thumbnail")
	return f.thumb(page)
}
func (f *fake) UploadPage(_ context.Context, _ int64, doc int, name, key string, data []byte, progress func(sent, total int64)) (api.Page, error) {
	f.hit("upload")
	f.mu.Lock()
	f.keys = append(f.keys, key)
	f.mu.Unlock()
	return f.upload(doc, name, key, data, progress)
}
func (f *fake) DeletePage(_ context.Context, _ int64, page int64) error {
	f.hit("remove")
	return f.remove(page)
}

// nav records where the screens navigate.
type nav struct {
	mu   sync.Mutex
	last string
}

func (n *nav) set(s string) { n.mu.Lock(); n.last = s; n.mu.Unlock() }
func (n *nav) get() string  { n.mu.Lock(); defer n.mu.Unlock(); return n.last }

// Go implements Navigator.
func (n *nav) Go(r Route) { n.set(r.Name) }

// phones are the screens the layout must fit: a small Android phone
// (360×640 dp) and a large one (412×915 dp). The harness starts with the
// first.
var phones = []fyne.Size{{Width: 360, Height: 640}, {Width: 412, Height: 915}}

// harness is a test app with a phone-sized window and an Env.
type harness struct {
	env  *Env
	q    *UIQueue
	nav  *nav
	win  fyne.Window
	sent []*fyne.Notification
	// notified receives every notification, for tests that wait on one
	// sent from a polling goroutine.
	notified chan *fyne.Notification
}

func newHarness(t *testing.T, lang translations.Lang) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	tr := translations.New(lang)
	a.Settings().SetTheme(uikit.NewTheme(tr))
	h := &harness{nav: &nav{}, notified: make(chan *fyne.Notification, 16), q: &UIQueue{}}
	h.win = test.NewTempWindow(t, nil)
	h.win.Resize(phones[0])
	h.env = &Env{Do: h.q.Do, Tr: tr, Win: h.win, Nav: h.nav, Tasks: &Tasks{}, Now: func() time.Time { return fixedNow },
		Notify: func(title, content string) {
			n := fyne.NewNotification(title, content)
			h.sent = append(h.sent, n)
			a.SendNotification(n)
			h.notified <- n
		}}
	return h
}

// show puts s in the window and waits for its first load.
func (h *harness) show(t *testing.T, s Screen) {
	t.Helper()
	t.Cleanup(s.Stop)
	h.win.SetContent(s.Content())
	h.settle()
}

// settle waits for the calls in flight, applies their widget updates and
// lays the window out again.
func (h *harness) settle() {
	h.q.Settle(h.env.Tasks)
	h.relayout()
}

// relayout does what a real driver's Canvas.EnsureMinSize does before each
// frame and the test canvas does not: lay a container out again when a
// child's minimum size changed, here a wrapped uikit.Text whose height
// depends on the width its parent gave it. Each pass lays everything out
// top-down with the heights the previous pass's widths gave.
func (h *harness) relayout() {
	for range 3 {
		if c := h.win.Content(); c != nil {
			c.Refresh()
		}
		for _, o := range h.win.Canvas().Overlays().List() {
			o.Refresh()
		}
	}
}

// waitNotified runs the UI queue until a notification comes.
func (h *harness) waitNotified(t *testing.T) *fyne.Notification {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		h.q.Drain()
		select {
		case n := <-h.notified:
			return n
		default:
			time.Sleep(2 * time.Millisecond)
		}
	}
	t.Fatal("no notification")
	return nil
}

// demo data shared by the tests.
func demoProfile() api.Profile {
	return api.Profile{Matricule: "1234567", FirstName: "Amina", LastName: "El Idrissi", EmailMasked: "a***@example.ma",
		ConfirmedProfile: api.ConfirmedProfile{BirthDate: api.Date{Year: 1980, Month: 3, Day: 14}, Echelle: 11, Echelon: 5,
			RecruitmentDate: api.Date{Year: 2005, Month: 9, Day: 1}, ChildrenCount: 2}}
}

func demoWindow(kind api.Kind) api.Window {
	w := api.Window{Kind: kind, DepositDays: 15,
		RequiredDocuments: api.TextList{FR: []string{"Facture originale", "Copie de la CIN"}, AR: []string{"الفاتورة الأصلية", "نسخة من البطاقة الوطنية"}},
		DepositLocation:   api.Text{FR: "Siège de la FOS, Rabat", AR: "مقر المؤسسة، الرباط"}}
	// As the server sends them (store.Campaign.OpensAt/ClosesAt): midnight
	// in Casablanca on the first day, and midnight after the last day.
	if kind == api.KindSummer {
		w.InvoiceFrom, w.InvoiceTo = api.Date{Year: 2026, Month: 7, Day: 1}, api.Date{Year: 2026, Month: 9, Day: 15}
		w.OpensAt, w.ClosesAt = midnight(2026, 7, 1), midnight(2026, 10, 16) // 1 July to 15 October
		w.Open = true
	} else {
		w.InvoiceFrom, w.InvoiceTo = api.Date{Year: 2026, Month: 9, Day: 16}, api.Date{Year: 2026, Month: 11, Day: 30}
		w.OpensAt, w.ClosesAt = midnight(2026, 9, 16), midnight(2027, 1, 1) // 16 September to 31 December
	}
	return w
}

// midnight is the start of a day in Casablanca, in UTC as the API sends it.
func midnight(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, api.Casablanca).UTC()
}

func demoRequest(status api.Status) api.Reimbursement {
	w := demoWindow(api.KindSummer)
	r := api.Reimbursement{ID: 7, Reference: "EST-2026-000123", Kind: api.KindSummer, Season: 2026, Status: api.StatusAwaitingDocuments,
		CreatedAt: fixedNow, UpdatedAt: fixedNow, DepositDeadline: api.Date{Year: 2026, Month: 8, Day: 4},
		RequiredDocuments: w.RequiredDocuments, DepositLocation: w.DepositLocation,
		Events: []api.Event{{Status: api.StatusAwaitingDocuments, At: fixedNow, Actor: api.ActorMember}}}
	at := fixedNow
	for _, s := range []api.Status{api.StatusDocumentsReceived, api.StatusApproved, api.StatusPaid} {
		if r.Status == status {
			break
		}
		at = at.Add(48 * time.Hour)
		r.Status = s
		r.Events = append(r.Events, api.Event{Status: s, At: at, Actor: api.ActorAgent})
		if s == api.StatusApproved {
			amount := int64(250050)
			r.AmountCentimes = &amount
		}
	}
	if status == api.StatusRejected {
		r.Status = status
		r.Reason = "Facture illisible"
		r.Events = append(r.Events, api.Event{Status: status, At: at.Add(24 * time.Hour), Note: "Facture illisible", Actor: api.ActorAgent})
	}
	return r
}

// demoMissing is demoRequest awaiting documents after an agent found the
// copy of the CIN missing at the counter, two hours in, with a note.
func demoMissing() api.Reimbursement {
	r := demoRequest(api.StatusAwaitingDocuments)
	docs := demoWindow(api.KindSummer).RequiredDocuments
	r.MissingDocuments = &api.TextList{FR: docs.FR[1:2], AR: docs.AR[1:2]}
	r.Version = 1
	r.Events = append(r.Events, api.Event{Status: api.StatusAwaitingDocuments, At: fixedNow.Add(2 * time.Hour),
		Actor: api.ActorAgent, Kind: api.EventMissingDocuments, Note: "CIN"})
	return r
}
