package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/console"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/httpapi"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testserver"
	"github.com/fos-mobile/fos/server/webtest"
)

// env is the real server, as fos-server serve wires it: the API and the
// console on two listeners, one store and one auth service.
type env struct {
	t       testing.TB
	st      *store.Store
	auth    *auth.Service
	api     string // base URL of the API, without /api/v1
	console string // base URL of the console
	acc     demo.Accounts
	audit   *memSink
}

// memSink keeps audit events for the tests to read.
type memSink struct {
	mu     sync.Mutex
	events []audit.Event
}

func (m *memSink) Record(_ context.Context, e audit.Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events = append(m.events, e)
}

// count counts the events of action with outcome.
func (m *memSink) count(action, outcome string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, e := range m.events {
		if e.Action == action && e.Outcome == outcome {
			n++
		}
	}
	return n
}

func newEnv(t testing.TB) *env {
	t.Helper()
	// The auth service is waited for and the store closed when t ends,
	// after the servers (cleanups run last first).
	sd := testserver.Seed(t, "", store.Options{})
	st, svc := sd.Store, sd.Auth
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	hs := &httpapi.Server{Store: st, Auth: svc, Log: log, AdminMetrics: true}
	apiSrv := httptest.NewServer(hs.Handler())
	sink := &memSink{}
	svc.Audit, hs.Audit = sink, sink // one trail, as serve wires it
	con := &console.Console{Store: st, Auth: svc, Audit: sink, Log: log}
	conSrv := httptest.NewServer(con.Admin(hs.Metrics(), hs.Health()))
	t.Cleanup(func() { conSrv.Close(); apiSrv.Close() })
	return &env{t: t, st: st, auth: svc, api: apiSrv.URL, console: conSrv.URL, acc: sd.Acc, audit: sink}
}

// apiDo calls the API as token and decodes a 2xx answer into out.
func (e *env) apiDo(token, method, path string, body any, out any) int {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.api+api.BasePath+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if method == http.MethodPost && path == "/reimbursements" {
		req.Header.Set(api.IdempotencyKeyHeader, fmt.Sprintf("test-key-%p", req))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

// memberLogin logs a member in through the API.
func (e *env) memberLogin(c demo.Credentials) string {
	e.t.Helper()
	var r api.LoginResponse
	if code := e.apiDo("", "POST", "/auth/login", api.LoginRequest{Identifier: c.Identifier, Password: c.Password}, &r); code != 200 {
		e.t.Fatalf("member login: %d", code)
	}
	return r.AccessToken
}

// newRequest opens a summer request for the member through the real API
// and returns it with the member's token.
func (e *env) newRequest(c demo.Credentials) (api.Reimbursement, string) {
	e.t.Helper()
	tok := e.memberLogin(c)
	var me api.Profile
	if code := e.apiDo(tok, "GET", "/me", nil, &me); code != 200 {
		e.t.Fatalf("GET /me: %d", code)
	}
	var r api.Reimbursement
	if code := e.apiDo(tok, "POST", "/reimbursements", api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: me.ConfirmedProfile}, &r); code != 201 {
		e.t.Fatalf("create: %d", code)
	}
	return r, tok
}

// memberView is the request as the member's app sees it.
func (e *env) memberView(tok string, id int64) api.Reimbursement {
	e.t.Helper()
	var r api.Reimbursement
	if code := e.apiDo(tok, "GET", fmt.Sprintf("/reimbursements/%d", id), nil, &r); code != 200 {
		e.t.Fatalf("member GET: %d", code)
	}
	return r
}

// httpAgent is the shared plain HTTP client (webtest.Client) on the
// console's listener, for checks a browser cannot make (a POST without a
// token, a reused cookie).
type httpAgent struct {
	*webtest.Client
	e *env
}

func (e *env) httpClient() *httpAgent {
	return &httpAgent{Client: webtest.NewClient(e.t, e.console), e: e}
}

// get fetches a console page and returns its status, body and the first
// CSRF token on it.
func (h *httpAgent) get(path string) (int, string, string) { return h.Get(path) }

// post sends a form and returns the status and body.
func (h *httpAgent) post(path string, form url.Values, header ...string) (int, string) {
	code, body, _ := h.Post(path, form, header...)
	return code, body
}

// login logs in through the form and fails t unless it leads on.
func (h *httpAgent) login(email, password string) int {
	h.e.t.Helper()
	_, _, tok := h.get("/login")
	code, _ := h.post("/login", url.Values{"csrf": {tok}, "email": {email}, "password": {password}, "next": {"/"}})
	return code
}
