// Package consoletest puts an agent in front of the agents' console for
// the tests of other packages (the app's flow test) and of the console
// itself: Serve starts the console beside a testserver, as fos-server
// serve mounts it; Login, Language, OpenFile, Redo and Complete drive its
// pages in the real headless Chromium (server/webtest) through the forms an
// agent uses, and fail the test unless the page shows what was saved.
//
// It lives outside the console package because testserver, which it
// builds on, is imported by the console's own internal tests.
package consoletest

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/fos-mobile/fos/server/console"
	"github.com/fos-mobile/fos/server/testserver"
)

// Serve starts the agents' console over s's store and auth service (so an
// agent's answer is the member's next read), as fos-server serve mounts
// it on its admin listener (console.Console.Admin), on a loopback listener
// of its own that stops when t ends, and returns its base URL. The seeded
// agent logs in with s.AgentCreds.Email and Password. It records no audit
// trail (testserver's API records none either).
func Serve(t testing.TB, s *testserver.Server) string {
	t.Helper()
	con := &console.Console{Store: s.Store, Auth: s.Auth, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(con.Admin(s.API.Metrics(), s.API.Health()))
	t.Cleanup(srv.Close)
	return srv.URL
}
