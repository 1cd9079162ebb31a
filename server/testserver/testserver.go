// Package testserver runs the real FOS API (real router, real SQLite store
// in a temporary directory, demo data) on a loopback port for the tests of
// other packages: the client and the app are tested against it, never
// against a mock. Seed gives the same seeded store and auth service, on
// SQLite or PostgreSQL, to tests that need no HTTP.
package testserver

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
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/httpapi"
	"github.com/fos-mobile/fos/server/store"
)

// Server is a running reference server.
type Server struct {
	// URL is the base URL, without /api/v1.
	URL string
	// Handler is what the server serves, for benchmarks in process.
	Handler     http.Handler
	Store       *store.Store
	Member      demo.Credentials
	OtherMember demo.Credentials
	FirstLogin  demo.Credentials
	AgentCreds  demo.Credentials
	// Auth and API are the server's auth service and API, for a console
	// beside it over the same store and sessions (console/consoletest).
	Auth *auth.Service
	API  *httpapi.Server

	mu         sync.Mutex
	agentToken string
	mails      []store.Mail
}

// New starts a server that stops when t ends.
func New(t testing.TB) *Server {
	t.Helper()
	return Serve(t, Seed(t, "", store.Options{}), nil)
}

// NewWith starts a server on the database at url (a fresh SQLite file when
// ""), its store opened with opt (a clock, the notices' mails), that stops
// when t ends.
func NewWith(t testing.TB, url string, opt store.Options) *Server {
	t.Helper()
	return Serve(t, Seed(t, url, opt), nil)
}

// Serve starts a server over sd that stops when t ends. wrap, when not
// nil, builds the served handler around the API's (fos-server serve puts
// the members' web portal beside it); it is called after the API's
// Handler, so MemberView works.
func Serve(t testing.TB, sd *Seeded, wrap func(*httpapi.Server, http.Handler) http.Handler) *Server {
	t.Helper()
	hs := &httpapi.Server{
		Store: sd.Store,
		Auth:  sd.Auth,
		Log:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	h := hs.Handler()
	if wrap != nil {
		h = wrap(hs, h)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &Server{URL: ts.URL, Handler: h, Store: sd.Store, Member: sd.Acc.Member, OtherMember: sd.Acc.OtherMember,
		FirstLogin: sd.Acc.FirstLogin, AgentCreds: sd.Acc.Agent, Auth: sd.Auth, API: hs}
}

// AgentPrecheck answers one document of request id's photos as an agent,
// on the request's current version (req.Version is filled in). It fails t
// unless the server answers 200, and returns the request.
func (s *Server) AgentPrecheck(t testing.TB, id int64, req api.PrecheckRequest) api.Reimbursement {
	t.Helper()
	var cur api.Reimbursement
	s.do(t, s.Agent(t), http.MethodGet, fmt.Sprintf("/admin/reimbursements/%d", id), nil, http.StatusOK, &cur)
	req.Version = cur.Version
	return s.AgentDo(t, id, "precheck", req)
}

// Agent returns a logged-in agent token.
func (s *Server) Agent(t testing.TB) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.agentToken == "" {
		var resp api.LoginResponse
		s.do(t, "", http.MethodPost, "/auth/login", api.LoginRequest{Identifier: s.AgentCreds.Identifier, Password: s.AgentCreds.Password}, http.StatusOK, &resp)
		s.agentToken = resp.AccessToken
	}
	return s.agentToken
}

// AgentDo makes an agent move request id: "receive", "approve" (body
// api.ApproveRequest), "reject" (api.RejectRequest) or "pay". It fails t
// unless the server answers 200, and returns the request.
func (s *Server) AgentDo(t testing.TB, id int64, action string, body any) api.Reimbursement {
	t.Helper()
	var out api.Reimbursement
	s.do(t, s.Agent(t), http.MethodPost, fmt.Sprintf("/admin/reimbursements/%d/%s", id, action), body, http.StatusOK, &out)
	return out
}

// Request opens a request of kind for member c through the API (login,
// GET /me, POST /reimbursements with a fresh idempotency key) and returns
// it. It fails t unless the server answers 201.
func (s *Server) Request(t testing.TB, c demo.Credentials, kind api.Kind) api.Reimbursement {
	t.Helper()
	var login api.LoginResponse
	s.do(t, "", http.MethodPost, "/auth/login", api.LoginRequest{Identifier: c.Identifier, Password: c.Password}, http.StatusOK, &login)
	var me api.Profile
	s.do(t, login.AccessToken, http.MethodGet, "/me", nil, http.StatusOK, &me)
	var out api.Reimbursement
	body := api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: me.ConfirmedProfile}
	s.send(t, login.AccessToken, fmt.Sprintf("testserver-%d", time.Now().UnixNano()), http.MethodPost, "/reimbursements", body, http.StatusCreated, &out)
	return out
}

// LastCode returns the last one-time code mailed to email, sending the
// outbox through a capturing mailer first. It fails t when there is none.
func (s *Server) LastCode(t testing.TB, email string) string {
	t.Helper()
	s.Auth.Wait() // a recovery's code is queued after its answer
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.Store.SendMail(context.Background(), 100, 5, func(_ context.Context, m store.Mail) error {
		s.mails = append(s.mails, m)
		return nil
	})
	if err != nil {
		t.Fatalf("testserver: send mail: %v", err)
	}
	code := regexp.MustCompile(`\b\d{6}\b`)
	for i := len(s.mails) - 1; i >= 0; i-- {
		if s.mails[i].To == email {
			if c := code.FindString(s.mails[i].Body); c != "" {
				return c
			}
		}
	}
	t.Fatalf("testserver: no code was mailed to %s", email)
	return ""
}

// Do calls the API at path (under /api/v1) as token (none when ""), fails
// t unless the answer has status want, and decodes it into out (if not nil).
func (s *Server) Do(t testing.TB, token, method, path string, body any, want int, out any) {
	t.Helper()
	s.do(t, token, method, path, body, want, out)
}

func (s *Server) do(t testing.TB, token, method, path string, body any, want int, out any) {
	t.Helper()
	s.send(t, token, "", method, path, body, want, out)
}

// send is do with an Idempotency-Key (none when key is "").
func (s *Server) send(t testing.TB, token, key, method, path string, body any, want int, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.URL+api.BasePath+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set(api.IdempotencyKeyHeader, key)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("testserver: %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("testserver: %s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("testserver: %s %s: %v", method, path, err)
		}
	}
}

// AgentSessions counts the agents' sessions that are not revoked.
func (s *Server) AgentSessions(t testing.TB) int {
	t.Helper()
	var n int
	err := s.Store.DB().QueryRow(`SELECT COUNT(*) FROM sessions WHERE role = 'agent' AND revoked_at IS NULL`).Scan(&n)
	if err != nil {
		t.Fatalf("testserver: count sessions: %v", err)
	}
	return n
}
