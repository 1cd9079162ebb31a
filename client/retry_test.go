package client

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

func TestGetRetriesGatewayErrors(t *testing.T) {
	srv := stage(t, raw(502, "text/html", "<h1>Bad Gateway</h1>"), apiErr(api.CodeUnavailable),
		raw(504, "text/plain", "gateway timeout"), reply(200, profile))
	c, _ := newTestClient(t, srv.URL, "tok", func(c *Config) { c.Retries = 3 })
	p, err := c.Me(t.Context())
	if err != nil {
		t.Fatalf("Me: %v", err)
	}
	if p.Matricule != "M1" {
		t.Fatalf("profile = %+v", p)
	}
	if got, want := len(srv.requests()), 4; got != want {
		t.Fatalf("attempts = %d, want %d", got, want)
	}
}

func TestRetriesRunOut(t *testing.T) {
	srv := stage(t, apiErr(api.CodeUnavailable))
	c, _ := newTestClient(t, srv.URL, "tok")
	_, err := c.Me(t.Context())
	if got, want := Code(err), string(api.CodeUnavailable); got != want {
		t.Fatalf("Code = %q, want %q (err %v)", got, want, err)
	}
	if got, want := len(srv.requests()), 1+DefaultRetries; got != want {
		t.Fatalf("attempts = %d, want %d", got, want)
	}
}

func TestCreateRetriesWithTheSameKey(t *testing.T) {
	created := api.Reimbursement{ID: 42, Reference: "FOS-2026-000042", Kind: api.KindSummer, Status: api.StatusAwaitingDocuments}
	srv := stage(t, raw(502, "text/html", "bad gateway"), raw(503, "text/plain", "busy"), reply(201, created))
	c, _ := newTestClient(t, srv.URL, "tok")
	key := NewIdempotencyKey()
	req := api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: api.ConfirmedProfile{Echelle: 10, ChildrenCount: 2}}
	r, err := c.CreateReimbursement(t.Context(), key, req)
	if err != nil {
		t.Fatalf("CreateReimbursement: %v", err)
	}
	if r.ID != 42 {
		t.Fatalf("id = %d, want 42", r.ID)
	}
	reqs := srv.requests()
	if got, want := len(reqs), 3; got != want {
		t.Fatalf("attempts = %d, want %d", got, want)
	}
	for i, s := range reqs {
		if got := s.header.Get(api.IdempotencyKeyHeader); got != key {
			t.Fatalf("attempt %d: Idempotency-Key = %q, want %q", i+1, got, key)
		}
		if s.body != reqs[0].body || s.body == "" {
			t.Fatalf("attempt %d sent body %q, attempt 1 sent %q", i+1, s.body, reqs[0].body)
		}
		if s.method != http.MethodPost || s.path != "/api/v1/reimbursements" {
			t.Fatalf("attempt %d: %s %s", i+1, s.method, s.path)
		}
	}
}

func TestCreateNeedsAKey(t *testing.T) {
	srv := stage(t, reply(201, api.Reimbursement{ID: 1}))
	c, _ := newTestClient(t, srv.URL, "tok")
	if _, err := c.CreateReimbursement(t.Context(), "", api.CreateReimbursementRequest{Kind: api.KindSummer}); err == nil {
		t.Fatal("a create without a key was sent")
	}
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("the server saw %d requests", n)
	}
}

func TestNeverRetried(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func(c *Client) error
	}{
		{"login", func(c *Client) error { _, err := c.Login(t.Context(), "M1", "pw"); return err }},
		{"recover", func(c *Client) error { return c.Recover(t.Context(), "M1", "AB123") }},
		{"recover confirm", func(c *Client) error { return c.RecoverConfirm(t.Context(), "M1", "123456", "pw") }},
		{"cancel", func(c *Client) error { _, err := c.Cancel(t.Context(), 3); return err }},
	} {
		t.Run(tc.name+" on 503", func(t *testing.T) {
			srv := stage(t, raw(503, "text/plain", "busy"))
			c, _ := newTestClient(t, srv.URL, "tok")
			if err := tc.call(c); !errors.Is(err, ErrServer) {
				t.Fatalf("err = %v, want ErrServer", err)
			}
			if got, want := len(srv.requests()), 1; got != want {
				t.Fatalf("attempts = %d, want %d", got, want)
			}
		})
		t.Run(tc.name+" on timeout", func(t *testing.T) {
			srv := stage(t, hang)
			c, _ := newTestClient(t, srv.URL, "tok", func(c *Config) { c.Timeout = 100 * time.Millisecond })
			if err := tc.call(c); !errors.Is(err, ErrTimeout) {
				t.Fatalf("err = %v, want ErrTimeout", err)
			}
			if got, want := len(srv.requests()), 1; got != want {
				t.Fatalf("attempts = %d, want %d", got, want)
			}
		})
	}
}

func TestRateLimited(t *testing.T) {
	limited := func(after string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", after)
			apiErr(api.CodeRateLimited)(w, r)
		}
	}
	t.Run("long Retry-After is handed to the member", func(t *testing.T) {
		srv := stage(t, limited("120"))
		c, _ := newTestClient(t, srv.URL, "tok")
		_, err := c.Me(t.Context())
		d, ok := RetryAfter(err)
		if !ok || d != 120*time.Second {
			t.Fatalf("RetryAfter = %v, %v; want 2m0s (err %v)", d, ok, err)
		}
		if Code(err) != string(api.CodeRateLimited) {
			t.Fatalf("Code = %q", Code(err))
		}
		if got, want := len(srv.requests()), 1; got != want {
			t.Fatalf("attempts = %d, want %d", got, want)
		}
	})
	t.Run("short Retry-After is waited out", func(t *testing.T) {
		srv := stage(t, limited("1"), reply(200, profile))
		c, _ := newTestClient(t, srv.URL, "tok")
		start := time.Now()
		if _, err := c.Me(t.Context()); err != nil {
			t.Fatalf("Me: %v", err)
		}
		if d := time.Since(start); d < 900*time.Millisecond {
			t.Fatalf("retried after %v, before Retry-After's 1 s", d)
		}
		if got, want := len(srv.requests()), 2; got != want {
			t.Fatalf("attempts = %d, want %d", got, want)
		}
	})
	t.Run("login is not retried even for a short Retry-After", func(t *testing.T) {
		srv := stage(t, limited("1"))
		c, _ := newTestClient(t, srv.URL, "")
		_, err := c.Login(t.Context(), "M1", "pw")
		if d, ok := RetryAfter(err); !ok || d != time.Second {
			t.Fatalf("RetryAfter = %v, %v; want 1s", d, ok)
		}
		if got, want := len(srv.requests()), 1; got != want {
			t.Fatalf("attempts = %d, want %d", got, want)
		}
	})
	t.Run("429 without a body", func(t *testing.T) {
		srv := stage(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(429)
		})
		c, _ := newTestClient(t, srv.URL, "tok")
		_, err := c.Me(t.Context())
		if d, ok := RetryAfter(err); !ok || d != 30*time.Second {
			t.Fatalf("RetryAfter = %v, %v; want 30s (err %v)", d, ok, err)
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, in string
		want     time.Duration
		ok       bool
	}{
		{"seconds", "7", 7 * time.Second, true},
		{"zero", "0", 0, true},
		{"HTTP date", "Wed, 01 Jul 2026 12:00:30 GMT", 30 * time.Second, true},
		{"date in the past", "Wed, 01 Jul 2026 11:00:00 GMT", 0, true},
		{"negative", "-5", 0, false},
		{"garbage", "soon", 0, false},
		{"absent", "", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseRetryAfter(tc.in, now)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	wait, maxWait := 100*time.Millisecond, 300*time.Millisecond
	for _, tc := range []struct {
		attempt int
		lo, hi  time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{3, 150 * time.Millisecond, 300 * time.Millisecond}, // capped at maxWait
		{10, 150 * time.Millisecond, 300 * time.Millisecond},
	} {
		for range 50 {
			if d := backoff(wait, maxWait, tc.attempt); d < tc.lo || d > tc.hi {
				t.Fatalf("backoff(attempt %d) = %v, want within [%v, %v]", tc.attempt, d, tc.lo, tc.hi)
			}
		}
	}
}
