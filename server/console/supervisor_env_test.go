package console_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/console"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
)

// newJournalEnv is newEnv whose console records its events in the journal
// as well, as cli wires it (audit.Multi of the log and store.JournalSink):
// a second console on the same store, API and auth service takes the first
// one's place.
func newJournalEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	con := &console.Console{Store: e.st, Auth: e.auth, Audit: audit.Multi{e.audit, store.JournalSink{Store: e.st}},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(con.Handler(nil))
	t.Cleanup(srv.Close)
	e.console = srv.URL
	return e
}

// approved opens a request for member c through the API and has the demo
// agent receive it and approve amount centimes; it returns the request
// and the member's token.
func (e *env) approved(c demo.Credentials, amount int64) (api.Reimbursement, string) {
	e.t.Helper()
	r, tok := e.newRequest(c)
	ctx := context.Background()
	a, err := e.st.AgentByEmail(ctx, e.acc.Agent.Email)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, mv := range []struct {
		move store.Move
		ch   store.Change
	}{
		{store.MoveReceive, store.Change{AgentID: a.ID}},
		{store.MoveApprove, store.Change{AgentID: a.ID, AmountCentimes: amount}},
	} {
		if _, err := e.st.Transition(ctx, r.ID, mv.move, mv.ch); err != nil {
			e.t.Fatal(err)
		}
	}
	return r, tok
}

// supervisor is an HTTP client logged in as the demo supervisor.
func (e *env) supervisor() *httpAgent {
	e.t.Helper()
	h := e.httpClient()
	if code := h.login(e.acc.Supervisor.Email, e.acc.Supervisor.Password); code != 303 {
		e.t.Fatalf("supervisor login: %d", code)
	}
	return h
}

// csrf is the session's CSRF token, read off a page.
func (h *httpAgent) csrf(path string) string {
	h.e.t.Helper()
	code, _, tok := h.get(path)
	if code != 200 || tok == "" {
		h.e.t.Fatalf("GET %s: %d, token %q", path, code, tok)
	}
	return tok
}

// postTo sends a form and returns the status and where it redirects.
func (h *httpAgent) postTo(path string, form url.Values) (int, string) {
	code, _, loc := h.Post(path, form)
	return code, loc
}

// raw fetches path and returns the whole answer.
func (h *httpAgent) raw(path string) (*http.Response, []byte) { return h.Raw(path) }
