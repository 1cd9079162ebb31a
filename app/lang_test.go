package app

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/screens"
	"github.com/fos-mobile/fos/translations"
)

// offline is a Backend with no session whose every call fails; the login
// screen, which these tests use, calls nothing before a tap.
type offline struct{}

var errOffline = errors.New("offline")

func (offline) HasSession(context.Context) bool     { return false }
func (offline) RevokePending(context.Context) error { return nil }
func (offline) Login(context.Context, string, string) (api.LoginResponse, error) {
	return api.LoginResponse{}, errOffline
}
func (offline) Logout(context.Context) error                                 { return nil }
func (offline) Recover(context.Context, string, string) error                { return errOffline }
func (offline) RecoverConfirm(context.Context, string, string, string) error { return errOffline }
func (offline) Me(context.Context) (api.Profile, error)                      { return api.Profile{}, errOffline }
func (offline) SetPreferences(context.Context, api.PreferencesRequest) (api.Profile, error) {
	return api.Profile{}, errOffline
}
func (offline) Privacy(context.Context) (api.Privacy, error)           { return api.Privacy{}, errOffline }
func (offline) Export(context.Context, string, string) ([]byte, error) { return nil, errOffline }
func (offline) Services(context.Context) (api.ServiceList, error) {
	return api.ServiceList{}, errOffline
}
func (offline) Estivage(context.Context) (api.Estivage, error) { return api.Estivage{}, errOffline }
func (offline) CreateReimbursement(context.Context, string, api.CreateReimbursementRequest) (api.Reimbursement, error) {
	return api.Reimbursement{}, errOffline
}
func (offline) NewIdempotencyKey() string { return "k" }
func (offline) Reimbursements(context.Context) (api.ReimbursementList, error) {
	return api.ReimbursementList{}, errOffline
}
func (offline) Reimbursement(context.Context, int64, string) (api.Reimbursement, string, bool, error) {
	return api.Reimbursement{}, "", false, errOffline
}
func (offline) Cancel(context.Context, int64) (api.Reimbursement, error) {
	return api.Reimbursement{}, errOffline
}
func (offline) Pages(context.Context, int64) (api.PageList, error) { return api.PageList{}, errOffline }
func (offline) PageThumbnail(context.Context, int64, int64) ([]byte, error) {
	return nil, errOffline
}
func (offline) UploadPage(context.Context, int64, int, string, string, []byte, func(int64, int64)) (api.Page, error) {
	return api.Page{}, errOffline
}
func (offline) DeletePage(context.Context, int64, int64) error { return errOffline }

func start(t *testing.T, cfg Config) (*App, *screens.UIQueue) {
	t.Helper()
	q := &screens.UIQueue{}
	cfg.Do = q.Do
	a := New(cfg)
	a.Start()
	q.Settle(a.env.Tasks)
	t.Cleanup(func() { a.Current().Stop() })
	return a, q
}

func TestFirstLaunchFollowsTheLocale(t *testing.T) {
	tests := []struct {
		locale string
		want   string
	}{
		{"ar_MA.UTF-8", "تسجيل الدخول"},
		{"fr_MA.UTF-8", "Se connecter"},
		{"C", "Se connecter"},
		{"en_US", "Sign in"},
	}
	for _, tc := range tests {
		t.Run(tc.locale, func(t *testing.T) {
			fa := test.NewTempApp(t)
			a, _ := start(t, Config{App: fa, API: offline{}, Locale: tc.locale})
			button(t, a.Window(), tc.want)
		})
	}
}

func TestLanguageSwitchRebuildsAndSurvivesRestart(t *testing.T) {
	fa := test.NewTempApp(t)
	prefs := fa.Preferences()
	a, q := start(t, Config{App: fa, API: offline{}, Locale: "fr_MA"})
	w := a.Window()
	button(t, w, "Se connecter")
	if len(untranslated(w)) == 0 {
		t.Fatal("the untranslated-text check does not see a French screen")
	}
	before := a.Current()
	test.Type(entries(w)[0], "1234567")

	langSelect(t, w).SetSelected("العربية")
	q.Settle(a.env.Tasks)
	if a.Current() == before {
		t.Fatal("the screen was not rebuilt")
	}
	if got := entries(w)[0].Text; got != "1234567" {
		t.Fatalf("the typed identifier after the switch: %q, want it kept", got)
	}
	button(t, w, "تسجيل الدخول")
	button(t, w, "استرجاع كلمة المرور")
	assertAllArabic(t, w)
	if got := a.Translator().Lang(); got != translations.AR {
		t.Fatalf("language %s", got)
	}

	// A new app process: same preferences storage, French system locale.
	fa2 := test.NewTempApp(t)
	b, _ := start(t, Config{App: fa2, API: offline{}, Prefs: prefs, Locale: "fr_MA"})
	button(t, b.Window(), "تسجيل الدخول")

	// And back to French.
	langSelect(t, b.Window()).SetSelected("Français")
	button(t, b.Window(), "Se connecter")
	if prefs.String(prefLang) != "fr" {
		t.Fatalf("saved %q", prefs.String(prefLang))
	}
}
