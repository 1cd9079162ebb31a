package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func TestEstivageWindows(t *testing.T) {
	existing := demoRequest(api.StatusAwaitingDocuments)
	tests := []struct {
		name       string
		edit       func(*api.Window)
		wantButton string // "" when the window shows a reason instead
		wantLine   string // the line above the button, or the reason
		wantNav    string
	}{
		{"open, no request", func(*api.Window) {}, "Demander", "Ouvert jusqu'au 15 octobre 2026 inclus", "confirm:summer"},
		{"open until a time of day", func(w *api.Window) { w.ClosesAt = time.Date(2026, 10, 15, 16, 30, 0, 0, time.UTC) },
			"Demander", "Ouvert jusqu'au 15 octobre 2026 à 17:30", "confirm:summer"},
		{"request exists", func(w *api.Window) { w.MyRequest = &existing }, "Suivre ma demande",
			"EST-2026-000123 — En attente des documents", "request:7"},
		{"not open yet", func(w *api.Window) { w.Open = false; w.OpensAt = midnight(2026, 7, 23) }, "",
			"Pas encore ouvert : ouverture le 23 juillet 2026", ""},
		{"not open yet, at a time of day", func(w *api.Window) { w.Open = false; w.OpensAt = fixedNow.Add(72 * time.Hour) }, "",
			"Pas encore ouvert : ouverture le 23 juillet 2026 à 10:00", ""},
		{"closed", func(w *api.Window) { w.Open = false; w.ClosesAt = midnight(2026, 7, 17) }, "",
			"Fermé : le dernier jour était le 16 juillet 2026", ""},
		{"closed at a time of day", func(w *api.Window) { w.Open = false; w.ClosesAt = fixedNow.Add(-72 * time.Hour) }, "",
			"Fermé depuis le 17 juillet 2026 à 10:00", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, translations.FR)
			w := demoWindow(api.KindSummer)
			tc.edit(&w)
			f := &fake{estivage: func() (api.Estivage, error) {
				return api.Estivage{Season: 2026, Windows: []api.Window{w, demoWindow(api.KindOffSeason)}}, nil
			}}
			s := NewEstivage(h.env, f).(*estivage)
			h.show(t, s)
			b := s.actions[api.KindSummer]
			if tc.wantButton == "" {
				if b != nil {
					t.Fatalf("button %q shown", b.Text)
				}
				if got := s.reasons[api.KindSummer]; got != tc.wantLine {
					t.Fatalf("reason = %q, want %q", got, tc.wantLine)
				}
				return
			}
			if b == nil || b.Text != tc.wantButton {
				t.Fatalf("button = %v, want %q", b, tc.wantButton)
			}
			if !textsOf(s.Content())[tc.wantLine] {
				t.Fatalf("no line %q in %v", tc.wantLine, textsOf(s.Content()))
			}
			test.Tap(b)
			if got := h.nav.get(); got != tc.wantNav {
				t.Fatalf("navigated to %q, want %q", got, tc.wantNav)
			}
			// The off-season window opens on 16 September: a reason, no button.
			if s.actions[api.KindOffSeason] != nil || s.reasons[api.KindOffSeason] == "" {
				t.Fatal("the off-season window, not open yet, offers a button")
			}
		})
	}
}

func TestEstivageMenuEntries(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := &fake{estivage: func() (api.Estivage, error) { return api.Estivage{Season: 2026}, nil }}
	s := NewEstivage(h.env, f).(*estivage)
	h.show(t, s)
	if s.mine.Text != "Mes estivages" || s.history.Text != "Historique des estivages" {
		t.Fatalf("entries %q %q", s.mine.Text, s.history.Text)
	}
	// "Estivages disponibles" is no dead button: a sentence says what the
	// service is this season.
	if got, want := s.offers.Text(), h.env.T("estivage.offers"); got != want || strings.Contains(want, "bientôt") {
		t.Fatalf("offers %q, want %q", got, want)
	}
	test.Tap(s.mine)
	if h.nav.get() != "requests:false" {
		t.Fatalf("Mes estivages went to %q", h.nav.get())
	}
	test.Tap(s.history)
	if h.nav.get() != "requests:true" {
		t.Fatalf("Historique went to %q", h.nav.get())
	}
}

func TestEstivageErrorThenRetry(t *testing.T) {
	h := newHarness(t, translations.FR)
	fail := true
	f := &fake{estivage: func() (api.Estivage, error) {
		if fail {
			return api.Estivage{}, &api.Error{Code: api.CodeUnavailable}
		}
		return api.Estivage{Season: 2026, Windows: []api.Window{demoWindow(api.KindSummer)}}, nil
	}}
	s := NewEstivage(h.env, f).(*estivage)
	h.show(t, s)
	if got, want := s.message.Text(), h.env.T("error.unavailable"); got != want || !s.retry.Visible() {
		t.Fatalf("message %q (retry %v), want %q", got, s.retry.Visible(), want)
	}
	fail = false
	test.Tap(s.retry)
	h.settle()
	if s.actions[api.KindSummer] == nil || s.message.Visible() {
		t.Fatal("retry did not load the season")
	}
}

func TestEstivageNoSeason(t *testing.T) {
	for _, tc := range []struct {
		name string
		est  func() (api.Estivage, error)
	}{
		{"no season (404)", func() (api.Estivage, error) { return api.Estivage{}, &api.Error{Code: api.CodeNotFound} }},
		{"a season without windows", func() (api.Estivage, error) { return api.Estivage{Season: 2026}, nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, translations.AR)
			s := NewEstivage(h.env, &fake{estivage: tc.est}).(*estivage)
			h.show(t, s)
			if got, want := s.message.Text(), h.env.T("estivage.no_season"); got != want || s.retry.Visible() {
				t.Fatalf("message %q (retry %v), want %q and no retry", got, s.retry.Visible(), want)
			}
		})
	}
}
