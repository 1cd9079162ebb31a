package screens

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func servicesFake() *fake {
	return &fake{
		me: func() (api.Profile, error) { return demoProfile(), nil },
		services: func() (api.ServiceList, error) {
			return api.ServiceList{Services: []api.Service{
				{Code: api.ServiceDashboard}, {Code: api.ServicePret},
				{Code: api.ServiceEstivage, Available: true, Summary: &api.Text{
					FR: "Cette année, l'Estivage est le remboursement de vos factures de vacances, d'été et hors été.",
					AR: "تشمل خدمة الاصطياف خلال هذه السنة التعويض عن الاصطياف خلال فترة الصيف وبعد فترة الصيف."}},
			}}, nil
		},
	}
}

// TestServicesShowOnlyAvailable: no dead buttons. The services the server
// lists as unavailable are not shown; the available one is a button with
// the server's sentence in the member's language.
func TestServicesShowOnlyAvailable(t *testing.T) {
	for _, lang := range []translations.Lang{translations.FR, translations.AR} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, lang)
			s := NewServices(h.env, servicesFake()).(*services)
			h.show(t, s)
			if lang == translations.FR {
				if got, want := s.name.Text(), "Bonjour Amina El Idrissi"; got != want {
					t.Fatalf("name = %q, want %q", got, want)
				}
			}
			if len(s.entries) != 1 || s.entries[api.ServiceEstivage] == nil {
				t.Fatalf("entries %v, want estivage alone", s.entries)
			}
			for _, o := range s.items.Objects {
				if b, ok := o.(*widget.Button); ok && b.Disabled() {
					t.Fatalf("a dead button: %q", b.Text)
				}
			}
			want := "Cette année, l'Estivage est le remboursement de vos factures de vacances, d'été et hors été."
			if lang == translations.AR {
				want = "تشمل خدمة الاصطياف خلال هذه السنة التعويض عن الاصطياف خلال فترة الصيف وبعد فترة الصيف."
			}
			if !textsOf(s.Content())[want] {
				t.Fatalf("the summary %q is not shown", want)
			}
			test.Tap(s.entries[api.ServiceEstivage])
			if got := h.nav.get(); got != "estivage" {
				t.Fatalf("navigated to %q", got)
			}
		})
	}
}

func TestServicesNewerThanTheAppShareOneLine(t *testing.T) {
	h := newHarness(t, translations.AR)
	f := servicesFake()
	f.services = func() (api.ServiceList, error) {
		return api.ServiceList{Services: []api.Service{{Code: api.ServiceEstivage, Available: true}, {Code: "logement", Available: true}, {Code: "colonies", Available: true}}}, nil
	}
	s := NewServices(h.env, f).(*services)
	h.show(t, s)
	if got, want := len(s.items.Objects), 2; got != want {
		t.Fatalf("%d entries, want %d (estivage and one line for the newer services)", got, want)
	}
	if !textsOf(s.Content())[h.env.T("services.newer")] {
		t.Fatal("no line says to update the app")
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
