package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// TestRequestShowsMissingDocuments: once an agent recorded at the counter
// that originals are missing, the request leads with "Documents
// incomplets", lists only the missing originals, in the member's
// language, and its timeline reads "Documents incomplets", not a second
// "En attente des documents". Once received, none of it stays.
func TestRequestShowsMissingDocuments(t *testing.T) {
	for _, tc := range []struct {
		lang    translations.Lang
		next    string // before the date
		heading string
		missing string
		present string // a document the agent did not find missing
		event   string
	}{
		{translations.FR, "Documents incomplets : déposez les originaux manquants avant le ",
			"Documents originaux manquants à déposer :", "• Copie de la CIN", "• Facture originale", "Documents incomplets"},
		{translations.AR, "الملف غير مكتمل: المرجو إيداع الوثائق الأصلية الناقصة قبل ",
			"الوثائق الأصلية الناقصة الواجب إيداعها:", "• نسخة من البطاقة الوطنية", "• الفاتورة الأصلية", "وثائق ناقصة"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			h := newHarness(t, tc.lang)
			r := demoMissing()
			h.env.PollEvery = time.Hour
			s := NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) { return r, `"v"`, false, nil }}, 7).(*request)
			h.show(t, s)
			env := h.env
			want := tc.next + env.Tr.Date(r.DepositDeadline) + " (" + env.Tr.InDays(15) + ")."
			if got := s.next.Text(); got != want {
				t.Fatalf("next step %q, want %q", got, want)
			}
			if got, want := s.status.Text(), env.T("status.awaiting_documents"); got != want {
				t.Fatalf("status %q, want %q", got, want)
			}
			details := textsOf(s.details)
			if !details[tc.heading] || !details[tc.missing] {
				t.Fatalf("no %q and %q in %v", tc.heading, tc.missing, details)
			}
			if details[tc.present] || details[env.T("instructions.documents")] {
				t.Fatalf("the full list is still shown: %v", details)
			}
			if !details[env.T("request.deposit_at", localized(env, r.DepositLocation))] {
				t.Fatalf("no deposit place in %v", details)
			}
			timeline := textsOf(s.timeline)
			line := env.T("request.event", env.Tr.DateTime(fixedNow.Add(2*time.Hour)), tc.event)
			if !timeline[line] || !timeline[env.T("request.note", "CIN")] {
				t.Fatalf("no %q with its note in %v", line, timeline)
			}
			waiting := 0
			for x := range timeline {
				if strings.HasSuffix(x, env.T("status.awaiting_documents")) {
					waiting++
				}
			}
			if waiting != 1 {
				t.Fatalf("%d timeline lines read as awaiting documents, want 1: %v", waiting, timeline)
			}
			if !s.cancelB.Visible() {
				t.Fatal("the request can no longer be cancelled")
			}

			// Received: the originals are no longer asked for.
			d := demoMissing()
			d.Status, d.MissingDocuments = api.StatusDocumentsReceived, nil
			s.update(d, false)
			if x := textsOf(s.details); x[tc.heading] || x[tc.missing] {
				t.Fatalf("missing documents still shown once received: %v", x)
			}
			if got := s.next.Text(); strings.HasPrefix(got, tc.next) {
				t.Fatalf("next step still %q", got)
			}
		})
	}
}

// TestMissingDocumentsOnlyWhileAwaited: the server clears the list once
// received, but an answer that still carried it on another status, or an
// empty list, must not make the screen say "Documents incomplets"; past the
// deadline, the deadline is what the member must read.
func TestMissingDocumentsOnlyWhileAwaited(t *testing.T) {
	h := newHarness(t, translations.FR)
	received := demoMissing()
	received.Status = api.StatusDocumentsReceived
	empty := demoMissing()
	empty.MissingDocuments = &api.TextList{}
	late := demoMissing()
	late.DepositDeadline = api.Date{Year: 2026, Month: 7, Day: 19}
	for _, tc := range []struct {
		name string
		r    api.Reimbursement
		want string
	}{
		{"received", received, h.env.T("next.documents_received")},
		{"empty list", empty, "Déposez vos originaux avant le 4 août 2026 (dans 15 jours)."},
		{"deadline passed", late, "La date limite de dépôt, le 19 juillet 2026, est dépassée."},
	} {
		if got := nextStep(h.env, tc.r); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := missingDocuments(h.env, received); got != nil {
		t.Errorf("missing documents on a received request: %q", got)
	}
}

// TestEventLine: a change of status reads as its status, a known kind as
// itself, a kind this app does not know yet as its status.
func TestEventLine(t *testing.T) {
	h := newHarness(t, translations.FR)
	for _, tc := range []struct {
		name string
		e    api.Event
		want string
	}{
		{"status", api.Event{Status: api.StatusDocumentsReceived}, "Documents reçus"},
		{"missing documents", api.Event{Status: api.StatusAwaitingDocuments, Kind: api.EventMissingDocuments}, "Documents incomplets"},
		{"unknown kind", api.Event{Status: api.StatusAwaitingDocuments, Kind: "recall"}, "En attente des documents"},
	} {
		if got := eventLine(h.env, tc.e); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestRequestsRowSaysDocumentsIncomplete: "Mes estivages" marks the
// request whose originals an agent found missing, in Arabic too.
func TestRequestsRowSaysDocumentsIncomplete(t *testing.T) {
	for _, tc := range []struct {
		lang translations.Lang
		want string
	}{{translations.FR, "Documents incomplets"}, {translations.AR, "وثائق ناقصة"}} {
		h := newHarness(t, tc.lang)
		f := &fake{list: func() (api.ReimbursementList, error) {
			return api.ReimbursementList{Items: []api.Reimbursement{demoMissing(), demoRequest(api.StatusApproved)}}, nil
		}}
		s := NewRequests(h.env, f, false).(*requests)
		h.show(t, s)
		if len(s.items) != 2 {
			t.Fatalf("%s: %d rows", tc.lang, len(s.items))
		}
		rows := s.list.Objects
		if !textsOf(rows[0])[tc.want] || textsOf(rows[1])[tc.want] {
			t.Fatalf("%s: rows %v / %v", tc.lang, textsOf(rows[0]), textsOf(rows[1]))
		}
		test.Tap(s.items[0])
		if got := h.nav.get(); got != "request:7" {
			t.Fatalf("tapping the row went to %q", got)
		}
	}
}
