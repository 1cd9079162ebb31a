package screens

import (
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
		want   []string // keys/args rendered in French below
		cancel bool
	}{
		{api.StatusAwaitingDocuments, []string{"Date limite de dépôt : ", "Lieu de dépôt : Siège de la FOS, Rabat"}, true},
		{api.StatusApproved, []string{"Montant accordé : "}, false},
		{api.StatusRejected, []string{"Motif du rejet : Facture illisible"}, false},
	}
	for _, tc := range tests {
		t.Run(string(tc.status), func(t *testing.T) {
			h := newHarness(t, translations.FR)
			r := demoRequest(tc.status)
			f := &fake{get: func(string) (api.Reimbursement, string, bool, error) { return r, `"v1"`, false, nil }}
			h.env.PollEvery = time.Hour
			s := NewRequest(h.env, f, 7).(*request)
			h.show(t, s)
			if got, want := s.status.Text(), "EST-2026-000123 — "+h.env.T("status."+string(tc.status)); got != want {
				t.Fatalf("status = %q, want %q", got, want)
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
	if got, want := s.status.Text(), "EST-2026-000123 — "+h.env.T("status.documents_received"); got != want {
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
