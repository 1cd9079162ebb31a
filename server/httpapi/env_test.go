package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/httpapi"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit"
	"github.com/fos-mobile/fos/server/testserver"
)

// start is the fake clock's first instant: mid-season, both demo windows open.
var start = time.Date(2026, time.July, 20, 9, 0, 0, 0, time.UTC)

// env is the real router on the real SQLite store behind a loopback HTTP
// server, with demo data, a fake clock, a captured debug log, and a client
// that checks every exchange against api/openapi.yaml.
type env struct {
	t      *testing.T
	auth   *auth.Service
	URL    string
	Store  *store.Store
	Hasher *auth.Hasher
	Clock  *testkit.FakeClock
	Log    *testkit.Buffer
	Acc    demo.Accounts
	client *http.Client
	seen   *coverage
	mails  []store.Mail
}

type envOptions struct {
	trustProxy bool
	ready      func() bool
	// dbURL is the database; a fresh SQLite file when empty.
	dbURL string
	// privacy is httpapi.Server.Privacy.
	privacy api.Privacy
}

func newEnv(t *testing.T) *env { return newEnvWith(t, envOptions{}) }

// backend is the real router on the real SQLite store with demo data.
type backend struct {
	Handler http.Handler
	Auth    *auth.Service
	Store   *store.Store
	Hasher  *auth.Hasher
	Clock   *testkit.FakeClock
	Log     *testkit.Buffer
	Acc     demo.Accounts
}

func newBackend(tb testing.TB, o envOptions) *backend {
	tb.Helper()
	clk := testkit.NewFakeClock(start)
	sd := testserver.Seed(tb, o.dbURL, store.Options{Now: clk.Now})
	logs := &testkit.Buffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sd.Auth.Log = log
	sd.Auth.Audit = audit.Log{Logger: log}
	srv := &httpapi.Server{
		Store:      sd.Store,
		Auth:       sd.Auth,
		Log:        log,
		TrustProxy: o.trustProxy,
		Ready:      o.ready,
		Audit:      audit.Log{Logger: log},
		Privacy:    o.privacy,
	}
	return &backend{Handler: srv.Handler(), Auth: sd.Auth, Store: sd.Store, Hasher: sd.Hasher, Clock: clk, Log: logs, Acc: sd.Acc}
}

func newEnvWith(t *testing.T, o envOptions) *env {
	t.Helper()
	b := newBackend(t, o)
	hs := httptest.NewServer(b.Handler)
	t.Cleanup(hs.Close)
	e := &env{t: t, auth: b.Auth, URL: hs.URL, Store: b.Store, Hasher: b.Hasher, Clock: b.Clock, Log: b.Log, Acc: b.Acc, seen: &coverage{}}
	report := func(msg string) { t.Error(msg) }
	e.client = &http.Client{Transport: newContract(api.Spec, report, e.seen, http.DefaultTransport)}
	return e
}

// resp is an answer, read whole.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

// Err decodes an error body, failing the test when it is not one.
func (r resp) Err(t *testing.T) *api.Error {
	t.Helper()
	var b api.ErrorBody
	if err := json.Unmarshal(r.Body, &b); err != nil || b.Error == nil {
		t.Fatalf("status %d: not an error body: %s", r.Status, r.Body)
	}
	return b.Error
}

// req is one request for env.do.
type req struct {
	method, path string
	token        string
	body         any // marshalled as JSON; a []byte or string is sent as is
	header       map[string]string
	// invalid marks a request that breaks the contract on purpose: only its
	// answer is checked against the spec.
	invalid bool
	// offSpec marks a path the spec does not describe (nothing to check).
	offSpec bool
}

func (e *env) do(r req) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := r.body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	url := e.URL + r.path
	if !strings.HasPrefix(r.path, "/healthz") && !strings.HasPrefix(r.path, "/readyz") && !strings.HasPrefix(r.path, "/metrics") {
		url = e.URL + api.BasePath + r.path
	}
	ctx := context.WithValue(context.Background(), exchangeKey{}, exchange{invalid: r.invalid, offSpec: r.offSpec})
	hr, err := http.NewRequestWithContext(ctx, r.method, url, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	hresp, err := e.client.Do(hr)
	if err != nil {
		e.t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer hresp.Body.Close()
	b, err := io.ReadAll(hresp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{Status: hresp.StatusCode, Header: hresp.Header, Body: b}
}

// want fails the test unless r has status; it returns r for chaining.
func want(t *testing.T, r resp, status int) resp {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	return r
}

// wantErr fails the test unless r is an error with status and code.
func wantErr(t *testing.T, r resp, code api.Code) *api.Error {
	t.Helper()
	if got, w := r.Status, code.HTTPStatus(); got != w {
		t.Fatalf("status %d, want %d (%s): %s", got, w, code, r.Body)
	}
	e := r.Err(t)
	if e.Code != code {
		t.Fatalf("code %q, want %q: %s", e.Code, code, r.Body)
	}
	return e
}

func decodeJSON[T any](t *testing.T, r resp) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("decode %T: %v: %s", v, err, r.Body)
	}
	return v
}

// login returns a token for identifier, failing unless it is accepted.
func (e *env) login(identifier, password string) string {
	e.t.Helper()
	r := want(e.t, e.do(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Identifier: identifier, Password: password}}), 200)
	return decodeJSON[api.LoginResponse](e.t, r).AccessToken
}

func (e *env) memberToken() string { return e.login(e.Acc.Member.Identifier, e.Acc.Member.Password) }
func (e *env) otherToken() string {
	return e.login(e.Acc.OtherMember.Identifier, e.Acc.OtherMember.Password)
}
func (e *env) agentToken() string { return e.login(e.Acc.Agent.Identifier, e.Acc.Agent.Password) }

// profile is the member's current record, as the app would confirm it.
func (e *env) profile(token string) api.ConfirmedProfile {
	e.t.Helper()
	return decodeJSON[api.Profile](e.t, want(e.t, e.do(req{method: "GET", path: "/me", token: token}), 200)).ConfirmedProfile
}

// create opens a request of kind with key and the member's current profile.
func (e *env) create(token, key string, kind api.Kind) resp {
	e.t.Helper()
	body := api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: e.profile(token)}
	return e.do(req{method: "POST", path: "/reimbursements", token: token, body: body,
		header: map[string]string{api.IdempotencyKeyHeader: key}})
}

// mustCreate opens a request and returns it.
func (e *env) mustCreate(token, key string, kind api.Kind) api.Reimbursement {
	e.t.Helper()
	return decodeJSON[api.Reimbursement](e.t, want(e.t, e.create(token, key, kind), 201))
}

// agentDo makes an agent move and returns the answer.
func (e *env) agentDo(token string, id int64, action string, body any) resp {
	e.t.Helper()
	return e.do(req{method: "POST", path: fmt.Sprintf("/admin/reimbursements/%d/%s", id, action), token: token, body: body})
}

// codeRe finds a one-time code in a mail body.
var codeRe = regexp.MustCompile(`\b\d{6}\b`)

// lastCode sends the outbox through a capturing sender and returns the
// last code mailed to email, or "" when there is none.
func (e *env) lastCode(email string) string {
	e.t.Helper()
	e.auth.Wait() // a recovery's code is queued after its answer
	_, err := e.Store.SendMail(context.Background(), 100, 5, func(_ context.Context, m store.Mail) error {
		e.mails = append(e.mails, m)
		return nil
	})
	if err != nil {
		e.t.Fatalf("send mail: %v", err)
	}
	for i := len(e.mails) - 1; i >= 0; i-- {
		if e.mails[i].To == email {
			return codeRe.FindString(e.mails[i].Body)
		}
	}
	return ""
}

// count returns a COUNT(*) query's answer.
func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	e.auth.Wait() // what recoveries do after their answer counts too
	var n int
	if err := e.Store.DB().QueryRow(query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}
