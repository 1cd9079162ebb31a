package screens

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func TestRequestShowsEachStatus(t *testing.T) {
	tests := []struct {
		status api.Status
		next   string   // the sentence under the status
		want   []string // the details' beginnings, in French
		cancel bool
	}{
		{api.StatusAwaitingDocuments, "Déposez vos originaux avant le 4 août 2026 (dans 15 jours).",
			[]string{"Documents originaux à déposer", "• Facture originale", "Lieu de dépôt : Siège de la FOS, Rabat"}, true},
		{api.StatusApproved, "Remboursement de 2\u202f500,50\u00a0MAD accordé ; le paiement suivra.", []string{"Montant accordé : "}, false},
		{api.StatusRejected, "Demande rejetée : « Facture illisible »", nil, false},
	}
	for _, tc := range tests {
		t.Run(string(tc.status), func(t *testing.T) {
			h := newHarness(t, translations.FR)
			r := demoRequest(tc.status)
			f := &fake{get: func(string) (api.Reimbursement, string, bool, error) { return r, `"v1"`, false, nil }}
			h.env.PollEvery = time.Hour
			s := NewRequest(h.env, f, 7).(*request)
			h.show(t, s)
			if got, want := s.status.Text(), h.env.T("status."+string(tc.status)); got != want {
				t.Fatalf("status = %q, want %q", got, want)
			}
			if got := s.next.Text(); got != tc.next {
				t.Fatalf("next step = %q, want %q", got, tc.next)
			}
			if got, want := s.refLine.Text(), "Référence : EST-2026-000123"; got != want {
				t.Fatalf("reference = %q, want %q", got, want)
			}
			texts := textsOf(s.details)
			for _, w := range tc.want {
				found := false
				for x := range texts {
					if len(x) >= len(w) && x[:len(w)] == w {
						found = true
					}
				}
				if !found {
					t.Fatalf("no %q in %v", w, texts)
				}
			}
			if got := len(s.timeline.Objects); got < len(r.Events) {
				t.Fatalf("timeline has %d lines for %d events", got, len(r.Events))
			}
			if s.cancelB.Visible() != tc.cancel {
				t.Fatalf("cancel visible = %v", s.cancelB.Visible())
			}
		})
	}
}

func TestRequestPollsWithETagAndNotifiesOnChange(t *testing.T) {
	h := newHarness(t, translations.FR)
	var mu sync.Mutex
	current, etag := demoRequest(api.StatusAwaitingDocuments), `"v1"`
	var sentTags []string
	f := &fake{get: func(ifNoneMatch string) (api.Reimbursement, string, bool, error) {
		mu.Lock()
		defer mu.Unlock()
		sentTags = append(sentTags, ifNoneMatch)
		if ifNoneMatch == etag {
			return api.Reimbursement{}, etag, true, nil
		}
		return current, etag, false, nil
	}}
	h.env.PollEvery = 5 * time.Millisecond
	s := NewRequest(h.env, f, 7).(*request)
	h.show(t, s)
	time.Sleep(30 * time.Millisecond) // a few 304s
	if n := h.q.Drain(); n != 0 {
		t.Fatalf("a 304 changed the screen (%d updates)", n)
	}
	mu.Lock()
	current, etag = demoRequest(api.StatusDocumentsReceived), `"v2"`
	mu.Unlock()

	got := h.waitNotified(t)
	want := h.env.T("notify.status.body", "EST-2026-000123", h.env.T("status.documents_received"))
	if got.Title != h.env.T("notify.status.title") || got.Content != want {
		t.Fatalf("notification %q / %q, want %q", got.Title, got.Content, want)
	}
	if got, want := s.status.Text(), h.env.T("status.documents_received"); got != want {
		t.Fatalf("status = %q, want %q", got, want)
	}
	s.Stop()
	h.settle()
	mu.Lock()
	defer mu.Unlock()
	if sentTags[0] != "" || sentTags[1] != `"v1"` {
		t.Fatalf("If-None-Match sent: %q", sentTags)
	}
}

func TestRequestRefreshAndCancel(t *testing.T) {
	h := newHarness(t, translations.FR)
	r := demoRequest(api.StatusAwaitingDocuments)
	f := &fake{
		get: func(string) (api.Reimbursement, string, bool, error) { return r, `"v1"`, false, nil },
		cancel: func() (api.Reimbursement, error) {
			c := r
			c.Status = api.StatusCancelled
			return c, nil
		},
	}
	h.env.PollEvery = time.Hour
	s := NewRequest(h.env, f, 7).(*request)
	h.show(t, s)
	test.Tap(s.refresh)
	h.settle()
	if f.count("get") != 2 {
		t.Fatalf("%d reads, want 2", f.count("get"))
	}
	test.Tap(s.cancelB)
	test.Tap(buttonIn(t, h.win.Canvas().Overlays().Top(), h.env.T("request.cancel.yes")))
	h.settle()
	if f.count("cancel") != 1 || s.current.Status != api.StatusCancelled || s.cancelB.Visible() {
		t.Fatalf("cancel calls %d, status %s", f.count("cancel"), s.current.Status)
	}
	if len(h.sent) != 0 {
		t.Fatal("the member's own cancel sent a notification")
	}
}

func TestRequestShowsDocumentsToDeposit(t *testing.T) {
	tests := []struct {
		name string
		lang translations.Lang
		want []string
	}{
		{"french", translations.FR, []string{"Documents originaux à déposer :", "• Facture originale", "• Copie de la CIN", "Lieu de dépôt : Siège de la FOS, Rabat"}},
		{"arabic", translations.AR, []string{"الوثائق الأصلية الواجب إيداعها:", "• الفاتورة الأصلية", "• نسخة من البطاقة الوطنية", "مكان الإيداع: مقر المؤسسة، الرباط"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.lang)
			r := demoRequest(api.StatusAwaitingDocuments)
			f := &fake{get: func(string) (api.Reimbursement, string, bool, error) { return r, `"v1"`, false, nil }}
			h.env.PollEvery = time.Hour
			s := NewRequest(h.env, f, 7).(*request)
			h.show(t, s)
			texts := textsOf(s.details)
			for _, w := range tc.want {
				if !texts[w] {
					t.Fatalf("no %q in %v", w, texts)
				}
			}
			// Once received, the papers are no longer asked for.
			d := demoRequest(api.StatusDocumentsReceived)
			s.update(d, false)
			if texts := textsOf(s.details); texts[tc.want[0]] || texts[tc.want[1]] {
				t.Fatalf("documents still listed once received: %v", texts)
			}
		})
	}
}

func TestPollWait(t *testing.T) {
	most := func(n int64) int64 { return n - 1 }
	least := func(int64) int64 { return 0 }
	every := 30 * time.Second
	tests := []struct {
		name       string
		fails      int
		retryAfter time.Duration
		jitter     func(int64) int64
		want       time.Duration
	}{
		{"first failure, longest draw", 1, 0, most, 60 * time.Second},
		{"first failure, shortest draw", 1, 0, least, 30 * time.Second},
		{"third failure doubles thrice", 3, 0, most, 240 * time.Second},
		{"many failures stop at ten minutes", 40, 0, most, 10 * time.Minute},
		{"many failures, shortest draw", 40, 0, least, 5 * time.Minute},
		{"Retry-After longer than the backoff", 1, 600 * time.Second, most, 600 * time.Second},
		{"Retry-After shorter than the backoff", 3, 5 * time.Second, most, 240 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error = &api.Error{Code: api.CodeUnavailable}
			if tc.retryAfter > 0 {
				err = &api.Error{Code: api.CodeRateLimited, RetryAfterSeconds: int(tc.retryAfter / time.Second)}
			}
			if got := PollWait(every, tc.fails, err, tc.jitter); got != tc.want {
				t.Fatalf("PollWait = %v, want %v", got, tc.want)
			}
		})
	}
	if got, want := PollWait(time.Hour, 2, nil, most), time.Hour; got != want {
		t.Fatalf("a PollEvery over the cap waits %v, want %v", got, want)
	}
}

// pollFake answers the first read, then whatever next says.
type pollFake struct {
	fake
	mu   sync.Mutex
	next func() (api.Reimbursement, string, bool, error)
}

func newPollFake(first api.Reimbursement) *pollFake {
	p := &pollFake{}
	reads := 0
	p.get = func(string) (api.Reimbursement, string, bool, error) {
		p.mu.Lock()
		defer p.mu.Unlock()
		reads++
		if reads == 1 {
			return first, `"v1"`, false, nil
		}
		return p.next()
	}
	return p
}

func (p *pollFake) set(next func() (api.Reimbursement, string, bool, error)) {
	p.mu.Lock()
	p.next = next
	p.mu.Unlock()
}

// waitFor runs the UI queue until cond holds.
func (h *harness) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		h.q.Drain()
		if cond() {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestRequestPollingStopsOnPermanentError(t *testing.T) {
	tests := []struct {
		name    string
		lang    translations.Lang
		err     error
		message string // "" when the session ends instead
		nav     string
	}{
		{"not found, french", translations.FR, &api.Error{Code: api.CodeNotFound}, "Élément introuvable. Le suivi automatique est arrêté.", ""},
		{"not found, arabic", translations.AR, &api.Error{Code: api.CodeNotFound}, "العنصر غير موجود. توقفت المتابعة التلقائية.", ""},
		{"session ended", translations.FR, &api.Error{Code: api.CodeUnauthorized}, "", "login:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.lang)
			f := newPollFake(demoRequest(api.StatusAwaitingDocuments))
			f.set(func() (api.Reimbursement, string, bool, error) { return api.Reimbursement{}, "", false, tc.err })
			h.env.PollEvery = 2 * time.Millisecond
			s := NewRequest(h.env, f, 7).(*request)
			h.show(t, s)
			if tc.nav != "" {
				h.waitFor(t, "login", func() bool { return strings.HasPrefix(h.nav.get(), tc.nav) })
			} else {
				h.waitFor(t, "the message", func() bool { return s.message.Visible() })
				if got, want := s.message.Text(), tc.message; got != want {
					t.Fatalf("message %q, want %q", got, want)
				}
			}
			reads := f.count("get")
			time.Sleep(30 * time.Millisecond) // fifteen ticks
			if got := f.count("get"); got != reads {
				t.Fatalf("%d reads after a permanent error, want none", got-reads)
			}
			if tc.nav == "" {
				// "Actualiser" works and polls again.
				f.set(func() (api.Reimbursement, string, bool, error) {
					return demoRequest(api.StatusAwaitingDocuments), `"v1"`, false, nil
				})
				test.Tap(s.refresh)
				h.settle()
				if s.message.Visible() || !s.polling {
					t.Fatalf("after a refresh: message visible %v, polling %v", s.message.Visible(), s.polling)
				}
			}
		})
	}
}

func TestRequestPollingHonoursRetryAfter(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := newPollFake(demoRequest(api.StatusAwaitingDocuments))
	f.set(func() (api.Reimbursement, string, bool, error) {
		return api.Reimbursement{}, "", false, &api.Error{Code: api.CodeRateLimited, RetryAfterSeconds: 600}
	})
	h.env.PollEvery = 2 * time.Millisecond
	s := NewRequest(h.env, f, 7).(*request)
	h.show(t, s)
	time.Sleep(100 * time.Millisecond) // fifty ticks
	h.q.Drain()
	if got := f.count("get"); got != 2 {
		t.Fatalf("%d reads, want the load and one poll before Retry-After", got)
	}
	if s.message.Visible() {
		t.Fatalf("a rate limit stopped the polling: %q", s.message.Text())
	}
}

func TestRequestPollingBacksOffAndSaysHowOldTheDataAre(t *testing.T) {
	for _, lang := range []translations.Lang{translations.FR, translations.AR} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, lang)
			f := newPollFake(demoRequest(api.StatusAwaitingDocuments))
			f.set(func() (api.Reimbursement, string, bool, error) {
				return api.Reimbursement{}, "", false, &api.Error{Code: api.CodeUnavailable}
			})
			h.env.PollEvery = 10 * time.Millisecond
			s := NewRequest(h.env, f, 7).(*request)
			s.jitter = func(n int64) int64 { return n - 1 } // the longest waits
			start := time.Now()
			h.show(t, s)
			h.waitFor(t, "the stale line", func() bool { return s.stale.Visible() })
			want := map[translations.Lang]string{
				translations.FR: "Dernière mise à jour : 20 juillet 2026 à 10:00. Le serveur ne répond pas ; nouvel essai automatique.",
				translations.AR: "آخر تحديث: 20 يوليوز 2026 على الساعة 10:00. الخادم لا يستجيب، ستتم إعادة المحاولة تلقائيا.",
			}[lang]
			if got := s.stale.Text(); got != want {
				t.Fatalf("stale line %q, want %q", got, want)
			}
			// Waits of 10, 20, 40, 80, 160 ms: at most five polls in 310 ms,
			// where a fixed 10 ms tick would have made thirty.
			time.Sleep(310*time.Millisecond - time.Since(start))
			if got := f.count("get") - 1; got > 5 {
				t.Fatalf("%d polls in 310 ms of errors", got)
			}
			if s.message.Visible() {
				t.Fatalf("a transient error stopped the polling: %q", s.message.Text())
			}
			// Back to normal: the line goes and the status is shown.
			f.set(func() (api.Reimbursement, string, bool, error) {
				return demoRequest(api.StatusDocumentsReceived), `"v2"`, false, nil
			})
			h.waitFor(t, "the recovery", func() bool { return !s.stale.Visible() })
			if got, want := s.current.Status, api.StatusDocumentsReceived; got != want {
				t.Fatalf("status %s, want %s", got, want)
			}
			s.Stop()
			reads := f.count("get")
			time.Sleep(50 * time.Millisecond)
			if got := f.count("get"); got != reads {
				t.Fatalf("%d reads after the screen was left", got-reads)
			}
		})
	}
}
