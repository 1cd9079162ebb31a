package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

func TestNoNetwork(t *testing.T) {
	// A port that was just free: the connection is refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, _ := newTestClient(t, "http://"+addr, "tok")
	_, err = c.Me(t.Context())
	if !errors.Is(err, ErrNetwork) {
		t.Fatalf("err = %v, want ErrNetwork", err)
	}
	if got, want := Code(err), CodeNetwork; got != want {
		t.Fatalf("Code = %q, want %q", got, want)
	}
}

func TestTimeoutPerAttempt(t *testing.T) {
	srv := stage(t, hang)
	c, _ := newTestClient(t, srv.URL, "tok", func(c *Config) { c.Timeout = 150 * time.Millisecond })
	start := time.Now()
	_, err := c.Estivage(t.Context())
	if !errors.Is(err, ErrTimeout) || Code(err) != CodeTimeout {
		t.Fatalf("err = %v (code %q), want ErrTimeout", err, Code(err))
	}
	// Each of the 1+2 attempts times out on its own.
	if got, want := len(srv.requests()), 3; got != want {
		t.Fatalf("attempts = %d, want %d", got, want)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v, want about 3×150 ms", d)
	}
}

func TestServerErrorWithHTML(t *testing.T) {
	srv := stage(t, raw(500, "text/html", "<html><body>Internal Server Error</body></html>"))
	c, _ := newTestClient(t, srv.URL, "tok")
	_, err := c.Services(t.Context())
	if !errors.Is(err, ErrServer) || Code(err) != CodeServer {
		t.Fatalf("err = %v (code %q), want ErrServer", err, Code(err))
	}
	if got, want := len(srv.requests()), 1; got != want {
		t.Fatalf("a 500 was retried: attempts = %d, want %d", got, want)
	}
}

func TestContractErrorBody(t *testing.T) {
	srv := stage(t, reply(409, api.ErrorBody{Error: &api.Error{Code: api.CodeAlreadyRequested, Reference: "FOS-2026-000001", RequestID: 7}}))
	c, _ := newTestClient(t, srv.URL, "tok")
	_, err := c.CreateReimbursement(t.Context(), NewIdempotencyKey(), api.CreateReimbursementRequest{Kind: api.KindSummer})
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Code != api.CodeAlreadyRequested || ae.RequestID != 7 || ae.Reference != "FOS-2026-000001" {
		t.Fatalf("err = %#v, want already_requested with its reference", err)
	}
	if got, want := Code(err), string(api.CodeAlreadyRequested); got != want {
		t.Fatalf("Code = %q, want %q", got, want)
	}
}

func TestMalformedAnswers(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"truncated JSON", raw(200, "application/json", `{"matricule":"M1","first_na`)},
		{"HTML on 200", raw(200, "text/html", "<html>portal login</html>")},
		{"empty body", raw(200, "application/json", "")},
		{"array instead of object", raw(200, "application/json", `[1,2]`)},
		{"null", raw(200, "application/json", `null`)},
		{"wrong type", raw(200, "application/json", `{"matricule":"M1","echelle":"ten"}`)},
		{"bad date", raw(200, "application/json", `{"matricule":"M1","birth_date":"1980-02-30"}`)},
		{"two objects", raw(200, "application/json", `{"matricule":"M1"}{"matricule":"M2"}`)},
		{"404 without error body", raw(404, "text/plain", "404 page not found")},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://example.com/", http.StatusFound)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := stage(t, tc.h)
			c, _ := newTestClient(t, srv.URL, "tok")
			p, err := c.Me(t.Context())
			if !errors.Is(err, ErrMalformed) || Code(err) != CodeMalformed {
				t.Fatalf("err = %v (code %q), want ErrMalformed", err, Code(err))
			}
			if p != (api.Profile{}) {
				t.Fatalf("a malformed answer leaked a partial profile: %+v", p)
			}
		})
	}
}

func TestTooLargeAnswer(t *testing.T) {
	srv := stage(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		big := make([]byte, maxBody+10)
		for i := range big {
			big[i] = ' '
		}
		_, _ = w.Write(big)
	})
	c, _ := newTestClient(t, srv.URL, "tok")
	if _, err := c.Me(t.Context()); !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
	if got, want := len(srv.requests()), 1; got != want {
		t.Fatalf("attempts = %d, want %d", got, want)
	}
}

func TestContextCancelStopsPromptly(t *testing.T) {
	srv := stage(t, hang)
	c, _ := newTestClient(t, srv.URL, "tok", func(c *Config) { c.Timeout = 10 * time.Second })
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Me(ctx)
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the call outlived its context by %v", d)
	}
	if !errors.Is(err, ErrCanceled) || Code(err) != CodeCanceled {
		t.Fatalf("err = %v (code %q), want ErrCanceled", err, Code(err))
	}
	if got, want := len(srv.requests()), 1; got != want {
		t.Fatalf("a cancelled call was retried: attempts = %d, want %d", got, want)
	}
}

func TestContextDeadlineIsTimeout(t *testing.T) {
	srv := stage(t, hang)
	c, _ := newTestClient(t, srv.URL, "tok", func(c *Config) { c.Timeout = 10 * time.Second })
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	if _, err := c.Me(ctx); Code(err) != CodeTimeout {
		t.Fatalf("err = %v (code %q), want timeout", err, Code(err))
	}
}
