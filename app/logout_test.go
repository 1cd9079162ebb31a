package app

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestLogoutWithoutNetworkRevokedAtNextLaunch: the member logs out while
// the server cannot be reached; the app forgets the session at once, and
// the next launch, online, revokes the old token on the server.
func TestLogoutWithoutNetworkRevokedAtNextLaunch(t *testing.T) {
	srv := testserver.New(t)
	cut := newMisbehaving(t, srv, "POST "+api.BasePath+"/auth/logout", func(w http.ResponseWriter, r *http.Request) {
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close() // the network goes as the logout leaves
		}
	})
	dir := t.TempDir()
	f := startFlow(t, srv, "fr_MA.UTF-8", Config{API: newTestBackend(t, cut.URL, dir)})
	f.login(srv.Member.Identifier, srv.Member.Password)
	f.see("services.title")
	old, err := client.NewFileStore(dir).Get(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	f.tap("services.logout")
	f.see("login.recover")
	f.app.Current().Stop()
	if tok, err := client.NewRevokeStore(dir).Get(t.Context()); err != nil || tok != old {
		t.Fatalf("no revoke-pending mark after an offline logout: %v", err)
	}
	if !stillValid(t, srv, old) {
		t.Fatal("the test's premise failed: the old token was revoked after all")
	}

	cut.bad.Store(false) // the network is back
	g := startFlow(t, srv, "fr_MA.UTF-8", Config{API: newTestBackend(t, cut.URL, dir)})
	g.see("login.recover")
	if stillValid(t, srv, old) {
		t.Fatal("the old token still works on the server after the next launch")
	}
	if _, err := client.NewRevokeStore(dir).Get(t.Context()); !errors.Is(err, client.ErrNoToken) {
		t.Fatalf("the mark stays after the revocation: %v", err)
	}
}

// stillValid asks the server whether tok still opens a session.
func stillValid(t *testing.T, srv *testserver.Server, tok string) bool {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL+api.BasePath+"/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
