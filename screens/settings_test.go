package screens

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// settingsFake is a member with notices on, who has an e-mail address when
// onFile; SetPreferences keeps what it is sent.
func settingsFake(onFile bool) *fake {
	prefs := api.Preferences{Lang: "fr", EmailNotices: true, EmailOnFile: onFile}
	f := &fake{}
	f.me = func() (api.Profile, error) {
		p := demoProfile()
		f.mu.Lock()
		p.Preferences = prefs
		f.mu.Unlock()
		return p, nil
	}
	f.prefs = func(r api.PreferencesRequest) (api.Profile, error) {
		f.mu.Lock()
		if r.EmailNotices != nil {
			prefs.EmailNotices = *r.EmailNotices
		}
		f.mu.Unlock()
		return f.me()
	}
	return f
}

// TestSettingsEmailToggle: the box shows the server's setting, a tap
// sends the new one, and a refused change puts the box back and says why.
func TestSettingsEmailToggle(t *testing.T) {
	for _, lang := range []translations.Lang{translations.FR, translations.AR} {
		t.Run(string(lang), func(t *testing.T) {
			h := newHarness(t, lang)
			f := settingsFake(true)
			s := NewSettings(h.env, f).(*settings)
			h.show(t, s)
			if !s.email.Checked || s.email.Disabled() {
				t.Fatalf("checked %v, disabled %v: want on and usable", s.email.Checked, s.email.Disabled())
			}
			test.Tap(s.email)
			h.settle()
			if f.count("prefs") != 1 || s.email.Checked {
				t.Fatalf("after a tap: %d calls, checked %v", f.count("prefs"), s.email.Checked)
			}
			if p, _ := f.me(); p.EmailNotices {
				t.Fatal("the server still has the mails on")
			}
			f.prefs = func(api.PreferencesRequest) (api.Profile, error) { return api.Profile{}, errors.New("network down") }
			test.Tap(s.email)
			h.settle()
			if s.email.Checked || !s.message.Visible() {
				t.Fatalf("a failed change: checked %v, message shown %v", s.email.Checked, s.message.Visible())
			}
		})
	}
}

// TestSettingsWithoutEmail: a member the foundation has no address for
// reads why and cannot tick a box that would change nothing.
func TestSettingsWithoutEmail(t *testing.T) {
	h := newHarness(t, translations.FR)
	s := NewSettings(h.env, settingsFake(false)).(*settings)
	h.show(t, s)
	if !s.email.Disabled() || s.emailHint.Text() != h.env.T("settings.no_email") {
		t.Fatalf("disabled %v, hint %q", s.email.Disabled(), s.emailHint.Text())
	}
}

// TestServicesOpenSettings: the Espace de gestion's header leads to
// "Paramètres", whose back arrow leads back.
func TestServicesOpenSettings(t *testing.T) {
	h := newHarness(t, translations.FR)
	s := NewServices(h.env, servicesFake()).(*services)
	h.show(t, s)
	test.Tap(s.settings)
	if got := h.nav.get(); got != "settings" {
		t.Fatalf("navigated to %q", got)
	}
	set := NewSettings(h.env, settingsFake(true)).(*settings)
	h.show(t, set)
	if !set.Back() || h.nav.get() != "services" {
		t.Fatalf("back led to %q", h.nav.get())
	}
}
