package screens

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func servicesFake() *fake {
	return &fake{
		me: func() (api.Profile, error) { return demoProfile(), nil },
		services: func() (api.ServiceList, error) {
			return api.ServiceList{Services: []api.Service{
				{Code: api.ServiceDashboard}, {Code: api.ServicePret}, {Code: api.ServiceEstivage, Available: true}, {Code: "logement"},
			}}, nil
		},
	}
}

func TestServicesShowsNameAndUnavailableServices(t *testing.T) {
	h := newHarness(t, translations.FR)
	s := NewServices(h.env, servicesFake()).(*services)
	h.show(t, s)
	if got, want := s.name.Text(), "Bonjour Amina El Idrissi"; got != want {
		t.Fatalf("name = %q, want %q", got, want)
	}
	tests := []struct {
		code, text string
		enabled    bool
	}{
		{api.ServiceDashboard, "Tableau de bord (bientôt disponible)", false},
		{api.ServicePret, "Prêt (bientôt disponible)", false},
		{api.ServiceEstivage, "Estivage", true},
		{"logement", "Nouveau service : mettez l'application à jour", false},
	}
	for _, tc := range tests {
		b := s.entries[tc.code]
		if b == nil {
			t.Fatalf("no entry for %s", tc.code)
		}
		if b.Text != tc.text || b.Disabled() == tc.enabled {
			t.Fatalf("%s: %q enabled=%v, want %q enabled=%v", tc.code, b.Text, !b.Disabled(), tc.text, tc.enabled)
		}
	}
	test.Tap(s.entries[api.ServiceEstivage])
	if got := h.nav.get(); got != "estivage" {
		t.Fatalf("navigated to %q", got)
	}
}

func TestServicesNewerThanTheAppShareOneLine(t *testing.T) {
	h := newHarness(t, translations.AR)
	f := servicesFake()
	f.services = func() (api.ServiceList, error) {
		return api.ServiceList{Services: []api.Service{{Code: api.ServiceEstivage, Available: true}, {Code: "logement"}, {Code: "colonies", Available: true}}}, nil
	}
	s := NewServices(h.env, f).(*services)
	h.show(t, s)
	if got, want := len(s.items.Objects), 2; got != want {
		t.Fatalf("%d entries, want %d (estivage and one line for the newer services)", got, want)
	}
	b := s.entries["colonies"]
	if b != s.entries["logement"] || b.Text != "خدمة جديدة: يرجى تحيين التطبيق" || !b.Disabled() {
		t.Fatalf("newer services: %q disabled=%v", b.Text, b.Disabled())
	}
}

func TestServicesLogout(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := servicesFake()
	s := NewServices(h.env, f).(*services)
	h.show(t, s)
	test.Tap(s.logout)
	h.settle()
	if f.count("logout") != 1 || h.nav.get() != "login:Vous êtes déconnecté.:" {
		t.Fatalf("logout calls %d, nav %q", f.count("logout"), h.nav.get())
	}
}

func TestServicesSessionExpiredGoesToLogin(t *testing.T) {
	// forbidden: a stored token that is not a member's (an agent's, from an
	// older version of the app) is no session for this app either.
	for _, code := range []api.Code{api.CodeUnauthorized, api.CodeForbidden} {
		t.Run(string(code), func(t *testing.T) {
			h := newHarness(t, translations.FR)
			f := servicesFake()
			f.me = func() (api.Profile, error) { return api.Profile{}, &api.Error{Code: code} }
			s := NewServices(h.env, f).(*services)
			h.show(t, s)
			if got, want := h.nav.get(), "login:"+h.env.T("error.unauthorized")+":"; got != want {
				t.Fatalf("navigated to %q, want %q", got, want)
			}
		})
	}
}

func TestServicesLanguageSwitch(t *testing.T) {
	h := newHarness(t, translations.FR)
	var changed []translations.Lang
	h.env.Tr.OnChange(func(l translations.Lang) { changed = append(changed, l) })
	s := NewServices(h.env, servicesFake()).(*services)
	h.show(t, s)
	s.lang.SetSelected("العربية")
	if h.env.Tr.Lang() != translations.AR || len(changed) != 1 {
		t.Fatalf("language %s, changes %v", h.env.Tr.Lang(), changed)
	}
}
