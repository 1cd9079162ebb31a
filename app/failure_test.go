package app

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/testserver"
)

// misbehaving puts a proxy in front of the real server that answers one
// route badly while bad is true, and passes everything else through.
type misbehaving struct {
	*httptest.Server
	bad   atomic.Bool
	hits  atomic.Int32
	route string
}

func newMisbehaving(t *testing.T, srv *testserver.Server, route string, answer http.HandlerFunc) *misbehaving {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	m := &misbehaving{route: route}
	m.bad.Store(true)
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method+" "+r.URL.Path == m.route && m.bad.Load() {
			m.hits.Add(1)
			answer(w, r)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(m.Close)
	return m
}

// quickClient is the real client with short timeouts and waits, so that a
// test of a timeout does not take the production 10 s; long enough still
// for a real login's hashing on a loaded machine (300 ms timed it out).
func quickClient(t *testing.T, url string) Backend {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: url, Tokens: client.NewFileStore(t.TempDir()),
		Timeout: 2 * time.Second, RetryWait: time.Millisecond, RetryMaxWait: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLoginFailures: each way the server can fail at login reaches the
// member as its own translated sentence, and the login screen stays.
func TestLoginFailures(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer http.HandlerFunc
		key    string
		args   []any
	}{
		{"5xx without an error body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			w.Write([]byte("<html>Bad Gateway</html>"))
		}, "error.server", nil},
		{"malformed JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token": "abc", "token_type": `))
		}, "error.malformed", nil},
		{"timeout", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		}, "error.timeout", nil},
		{"connection cut", func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		}, "error.network", nil},
		{"rate limited for two minutes", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(429)
			w.Write([]byte(`{"error": {"code": "rate_limited", "message": "too many attempts"}}`))
		}, "error.rate_limited", []any{"retry.minutes", 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := testserver.New(t)
			m := newMisbehaving(t, srv, "POST "+api.BasePath+"/auth/login", tc.answer)
			f := startFlow(t, srv, "fr_MA.UTF-8", Config{API: quickClient(t, m.URL)})
			f.login(srv.Member.Identifier, srv.Member.Password)
			if tc.args != nil {
				f.see(tc.key, f.tr.T(tc.args[0].(string), tc.args[1:]...))
			} else {
				f.see(tc.key)
			}
			f.see("login.recover")
			if m.hits.Load() != 1 {
				t.Fatalf("login sent %d times; a login is never repeated by itself", m.hits.Load())
			}
		})
	}
}

// TestServicesRetry: the service list fails with 503 after the client's
// own retries; the member sees a sentence and a retry button, and once the
// server is back the retry shows the list.
func TestServicesRetry(t *testing.T) {
	srv := testserver.New(t)
	m := newMisbehaving(t, srv, "GET "+api.BasePath+"/services", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(503)
		w.Write([]byte(`{"error": {"code": "unavailable", "message": "draining"}}`))
	})
	f := startFlow(t, srv, "fr_MA.UTF-8", Config{API: quickClient(t, m.URL)})
	f.login(srv.Member.Identifier, srv.Member.Password)
	f.see("error.unavailable")
	if got := m.hits.Load(); got != 1+client.DefaultRetries {
		t.Fatalf("GET /services tried %d times, want %d (a safe call is retried)", got, 1+client.DefaultRetries)
	}
	m.bad.Store(false)
	f.tap("action.retry")
	f.see("services.hello", srv.Member.Name)
}
