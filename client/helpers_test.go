package client

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// seen is one request as the staged server saw it.
type seen struct {
	method, path string
	header       http.Header
	body         string
}

// stagedServer answers the n-th request with steps[n], and every later one
// with the last step, recording each request.
type stagedServer struct {
	*httptest.Server
	mu    sync.Mutex
	steps []http.HandlerFunc
	reqs  []seen
}

func stage(t *testing.T, steps ...http.HandlerFunc) *stagedServer {
	t.Helper()
	s := &stagedServer{steps: steps}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *stagedServer) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, seen{r.Method, r.URL.Path, r.Header.Clone(), string(b)})
	step := s.steps[min(n, len(s.steps)-1)]
	s.mu.Unlock()
	step(w, r)
}

// requests returns what the server has seen so far.
func (s *stagedServer) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

// reply answers status with v as JSON.
func reply(status int, v any) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
}

// raw answers status with a body of the given type.
func raw(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// apiErr answers with the contract's error body for code.
func apiErr(code api.Code) http.HandlerFunc {
	return reply(code.HTTPStatus(), api.ErrorBody{Error: &api.Error{Code: code, Message: "staged"}})
}

// hang waits until the client gives up.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// testConfig is a Config for base with short timeouts and waits.
func testConfig(base string) Config {
	return Config{BaseURL: base, Timeout: 300 * time.Millisecond, RetryWait: 10 * time.Millisecond,
		RetryMaxWait: 50 * time.Millisecond, Tokens: NewMemoryStore()}
}

// newTestClient returns a client of base whose store holds token (none
// when "").
func newTestClient(t *testing.T, base, token string, edit ...func(*Config)) (*Client, TokenStore) {
	t.Helper()
	cfg := testConfig(base)
	for _, e := range edit {
		e(&cfg)
	}
	if token != "" {
		if err := cfg.Tokens.Set(t.Context(), token); err != nil {
			t.Fatal(err)
		}
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, cfg.Tokens
}

var profile = api.Profile{Matricule: "M1", FirstName: "Amina", LastName: "Idrissi"}
