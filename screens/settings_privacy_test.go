package screens

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// TestSettingsLeadToThePersonalDataScreens: "Paramètres" has "Mes données"
// and the privacy notice, each of which comes back to it.
func TestSettingsLeadToThePersonalDataScreens(t *testing.T) {
	for _, tc := range []struct{ title, route string }{{"Mes données", "mydata"}, {"Protection des données personnelles", "privacy"}} {
		t.Run(tc.route, func(t *testing.T) {
			h := newHarness(t, translations.FR)
			s := NewSettings(h.env, settingsFake(true)).(*settings)
			h.show(t, s)
			entryButton(t, s.list, tc.title).Tapped(nil)
			if got := h.nav.get(); got != tc.route {
				t.Fatalf("%s went to %q", tc.title, got)
			}
		})
	}
	h := newHarness(t, translations.FR)
	for _, back := range []Screen{NewMyData(h.env, &fake{}, Settings()), NewPrivacy(h.env, &fake{privacy: demoPrivacy}, Settings())} {
		h.show(t, back)
		back.(Backer).Back()
		if got := h.nav.get(); got != "settings" {
			t.Errorf("back went to %q, want settings", got)
		}
	}
}

// entryButton finds the tappable entry of list whose texts include title.
func entryButton(t *testing.T, list *fyne.Container, title string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(list) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 {
			continue
		}
		if b, ok := c.Objects[0].(*widget.Button); ok && b.Text == "" && textsOf(c)[title] {
			return b
		}
	}
	t.Fatalf("no entry %q", title)
	return nil
}
