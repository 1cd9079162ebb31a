package screens

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func (f *fake) Privacy(context.Context) (api.Privacy, error) { f.hit("privacy"); return f.privacy() }
func (f *fake) Export(_ context.Context, format, lang string) ([]byte, error) {
	f.hit("export")
	return f.export(format, lang)
}

// demoPrivacy is a server configured with a contact and a declaration.
func demoPrivacy() (api.Privacy, error) {
	return api.Privacy{
		Controller:    api.Text{FR: "Fondation des Œuvres Sociales", AR: "مؤسسة الأعمال الاجتماعية"},
		Address:       api.Text{FR: "Siège de la Fondation, Rabat", AR: "مقر المؤسسة، الرباط"},
		ContactEmail:  "donnees@fos.finances.gov.ma",
		CNDPRef:       "D-GC-123/2026",
		RetentionDays: 1825,
	}, nil
}

func TestPrivacyNotice(t *testing.T) {
	for _, tc := range []struct {
		lang  translations.Lang
		words []string
	}{
		{translations.FR, []string{"Finalité", "Siège de la Fondation, Rabat", "Contact : donnees@fos.finances.gov.ma",
			"Déclaration à la CNDP n° D-GC-123/2026", "aucun traceur"}},
		{translations.AR, []string{"الغاية من المعالجة", "مقر المؤسسة، الرباط", "للتواصل: donnees@fos.finances.gov.ma"}},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			h := newHarness(t, tc.lang)
			s := NewPrivacy(h.env, &fake{privacy: demoPrivacy}, Login("", "1234567")).(*privacy)
			h.show(t, s)
			got := textsOf(s.Content())
			for _, w := range tc.words {
				if !hasText(got, w) {
					t.Errorf("the notice lacks %q", w)
				}
			}
			if !hasText(got, h.env.T("privacy.retention", h.env.Tr.Retention(1825), h.env.Tr.Retention(1825))) || !strings.Contains(h.env.Tr.Retention(1825), "5") {
				t.Errorf("the retention is not said in years")
			}
			s.Back()
			if got := h.nav.get(); got != "login::1234567" {
				t.Errorf("back went to %q", got)
			}
		})
	}
}

func TestPrivacyNoticeOffline(t *testing.T) {
	h := newHarness(t, translations.FR)
	calls := 0
	f := &fake{privacy: func() (api.Privacy, error) {
		calls++
		if calls == 1 {
			return api.Privacy{}, errTimeout{}
		}
		return demoPrivacy()
	}}
	s := NewPrivacy(h.env, f, Services()).(*privacy)
	h.show(t, s)
	got := textsOf(s.Content())
	if !hasText(got, "Finalité") || hasText(got, "Contact : donnees@fos.finances.gov.ma") || !s.retry.Visible() {
		t.Fatalf("offline: want the fixed text, a retry and no facts; got %v", got)
	}
	test.Tap(s.retry)
	h.settle()
	if !hasText(textsOf(s.Content()), "Contact : donnees@fos.finances.gov.ma") {
		t.Fatal("the retry did not load the facts")
	}
}

func TestMyDataSaves(t *testing.T) {
	for _, tc := range []struct {
		lang   translations.Lang
		format string
	}{{translations.FR, api.ExportJSON}, {translations.AR, api.ExportHTML}} {
		t.Run(string(tc.lang)+"_"+tc.format, func(t *testing.T) {
			h := newHarness(t, tc.lang)
			var asked []string
			f := &fake{export: func(format, lang string) ([]byte, error) {
				asked = append(asked, format+" "+lang)
				return []byte("data:" + format), nil
			}}
			s := NewMyData(h.env, f, Services()).(*mydata)
			h.show(t, s)
			if f.count("export") != 0 {
				t.Fatal("downloaded before the member asked")
			}
			var saved sync.Map
			s.saveAs = func(name string, data []byte, done func(error)) { saved.Store(name, string(data)); done(nil) }
			btn := s.json
			if tc.format == api.ExportHTML {
				btn = s.html
			}
			test.Tap(btn)
			h.settle()
			name := "mes-donnees-fos-2026-07-20." + tc.format
			if v, ok := saved.Load(name); !ok || v != "data:"+tc.format {
				t.Fatalf("saved %v under %s", v, name)
			}
			if len(asked) != 1 || asked[0] != tc.format+" "+string(tc.lang) {
				t.Fatalf("asked %v", asked)
			}
			if got := s.message.Text(); got != h.env.T("mydata.saved") {
				t.Fatalf("message %q", got)
			}
		})
	}
}

func TestMyDataFailures(t *testing.T) {
	h := newHarness(t, translations.FR)
	limited := &api.Error{Code: api.CodeRateLimited, RetryAfterSeconds: 3600}
	f := &fake{export: func(string, string) ([]byte, error) { return nil, limited }}
	s := NewMyData(h.env, f, Services()).(*mydata)
	h.show(t, s)
	test.Tap(s.json)
	h.settle()
	if got, want := s.message.Text(), h.env.Describe(limited); got != want || strings.Contains(got, "rate_limited") {
		t.Fatalf("rate limited: message %q, want %q", got, want)
	}
	f.export = func(string, string) ([]byte, error) { return []byte("{}"), nil }
	s.saveAs = func(_ string, _ []byte, done func(error)) { done(errors.New("disk full")) }
	test.Tap(s.json)
	h.settle()
	if got := s.message.Text(); got != h.env.T("mydata.save_failed") {
		t.Fatalf("save failed: message %q", got)
	}
}

// TestMyDataOpensTheSaveDialog: without a stand-in, the download opens
// Fyne's save dialog over the screen.
func TestMyDataOpensTheSaveDialog(t *testing.T) {
	h := newHarness(t, translations.FR)
	s := NewMyData(h.env, &fake{export: func(string, string) ([]byte, error) { return []byte("{}"), nil }}, Services()).(*mydata)
	h.show(t, s)
	if h.win.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog before the tap")
	}
	test.Tap(s.html)
	h.settle()
	if h.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no save dialog after the download")
	}
}

func TestRectify(t *testing.T) {
	for _, tc := range []struct {
		name  string
		email string
	}{{"with a contact e-mail", "donnees@fos.finances.gov.ma"}, {"without", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, translations.FR)
			f := &fake{privacy: func() (api.Privacy, error) {
				p, _ := demoPrivacy()
				p.ContactEmail = tc.email
				return p, nil
			}}
			s := NewRectify(h.env, f, api.KindSummer).(*rectify)
			h.show(t, s)
			got := textsOf(s.Content())
			if !hasText(got, "Siège de la Fondation, Rabat") {
				t.Errorf("no address: %v", got)
			}
			if hasText(got, h.env.T("rectify.email")) != (tc.email != "") || (tc.email != "" && !hasText(got, tc.email)) {
				t.Errorf("contact e-mail %q shown wrongly: %v", tc.email, got)
			}
			s.Back()
			if got := h.nav.get(); got != "confirm:summer" {
				t.Errorf("back went to %q", got)
			}
		})
	}
}

func TestEntriesToThePrivacyScreens(t *testing.T) {
	h := newHarness(t, translations.FR)
	c := NewConfirm(h.env, confirmFake(), api.KindSummer).(*confirm)
	h.show(t, c)
	test.Tap(c.inaccurate)
	if got := h.nav.get(); got != "rectify:summer" {
		t.Errorf("Ces informations sont inexactes went to %q", got)
	}
	l := NewLogin(h.env, &fake{}, "", "").(*login)
	h.show(t, l)
	test.Tap(l.privacy)
	if got := h.nav.get(); got != "privacy" {
		t.Errorf("the login's link went to %q", got)
	}
}

// hasText reports whether a text under the screen contains s.
func hasText(texts map[string]bool, s string) bool {
	for t := range texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}
