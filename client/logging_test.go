package client

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// recorder is a Logger that keeps every line.
type recorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) add(level, format string, v ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, level+" "+fmt.Sprintf(format, v...))
}
func (r *recorder) Errorf(f string, v ...any) { r.add("ERROR", f, v...) }
func (r *recorder) Warnf(f string, v ...any)  { r.add("WARN", f, v...) }
func (r *recorder) Debugf(f string, v ...any) { r.add("DEBUG", f, v...) }

// dropConnection cuts the connection without an answer.
func dropConnection(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// TestNothingSecretIsLogged runs calls that make resty log (failed and
// retried attempts) and checks that neither the password nor the token
// appears in anything logged or in any error's text.
func TestNothingSecretIsLogged(t *testing.T) {
	const password = "Pa55word-NEVER-LOGGED"
	const token = "tok-NEVER-LOGGED-0123456789"
	var std bytes.Buffer // anything written through the standard logger
	prev := log.Writer()
	log.SetOutput(&std)
	t.Cleanup(func() { log.SetOutput(prev) })

	srv := stage(t,
		reply(200, api.LoginResponse{AccessToken: token, Role: api.RoleMember}), // login
		dropConnection, dropConnection, reply(200, profile), // Me, retried twice
		dropConnection, dropConnection, dropConnection, // Services, retries run out
		raw(503, "text/html", "<p>down</p>"),                        // Estivage, retries run out
		apiErr(api.CodeUnauthorized),                                // reimbursements
		apiErr(api.CodeInvalidCredentials),                          // login again
		func(w http.ResponseWriter, r *http.Request) { hang(w, r) }, // a timeout
	)
	rec := &recorder{}
	c, _ := newTestClient(t, srv.URL, "", func(c *Config) {
		c.Logger = rec
		c.Timeout = 100 * time.Millisecond
		c.Retries = 2
	})
	ctx := t.Context()
	var errs []error
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	_, err := c.Login(ctx, "M1", password)
	collect(err)
	_, err = c.Me(ctx)
	collect(err)
	_, err = c.Services(ctx)
	collect(err)
	_, err = c.Estivage(ctx)
	collect(err)
	_, err = c.Reimbursements(ctx)
	collect(err)
	_, err = c.Login(ctx, "M1", password)
	collect(err)
	_, err = c.Me(ctx)
	collect(err)

	if got := srv.requests()[3].header.Get("Authorization"); got != "Bearer "+token {
		t.Fatalf("the token was not even sent (Authorization %q), so this test proves nothing", got)
	}
	rec.mu.Lock()
	lines := append([]string(nil), rec.lines...)
	rec.mu.Unlock()
	if len(lines) == 0 {
		t.Fatal("nothing was logged, so the capture proves nothing")
	}
	if len(errs) < 4 {
		t.Fatalf("only %d calls failed: %v", len(errs), errs)
	}
	t.Logf("%d lines logged, %d errors checked", len(lines), len(errs))
	all := strings.Join(lines, "\n") + "\n" + std.String()
	for _, err := range errs {
		all += "\n" + err.Error() + fmt.Sprintf(" %#v", err)
	}
	for _, secret := range []string{password, token} {
		if strings.Contains(all, secret) {
			t.Fatalf("%q leaked into the logs or errors:\n%s", secret, all)
		}
	}
}
