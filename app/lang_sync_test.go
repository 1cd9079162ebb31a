package app

import (
	"context"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/testserver"
	"github.com/fos-mobile/fos/translations"
)

// serverLang is the language the real server keeps for the member.
func serverLang(t *testing.T, srv *testserver.Server) string {
	t.Helper()
	m, err := srv.Store.MemberByIdentifier(context.Background(), srv.Member.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	return m.Lang
}

// TestLanguageReachesTheServer: the member's mails follow the app. A
// member whose server still says Arabic logs in to a French app: the app
// tells the server French once the profile shows it; switching the app to
// Arabic tells the server Arabic.
func TestLanguageReachesTheServer(t *testing.T) {
	srv := testserver.New(t)
	m, err := srv.Store.MemberByIdentifier(context.Background(), srv.Member.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	ar := "ar"
	if _, err := srv.Store.SetPreferences(context.Background(), m.ID, api.PreferencesRequest{Lang: &ar}); err != nil {
		t.Fatal(err)
	}
	f := startFlow(t, srv, "fr_MA.UTF-8", Config{API: newTestBackend(t, srv.URL, t.TempDir())})
	f.login(srv.Member.Identifier, srv.Member.Password)
	f.see("services.title")
	f.settle()
	if got := serverLang(t, srv); got != "fr" {
		t.Fatalf("after login in French the server keeps %q", got)
	}
	f.tr.SetLang(translations.AR)
	f.arabic = true
	f.settle()
	if got := serverLang(t, srv); got != "ar" {
		t.Fatalf("after the switch to Arabic the server keeps %q", got)
	}
}
