package consoletest_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/console/consoletest"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestServe: the console beside a testserver is the admin listener of
// fos-server serve (health, metrics, the console) and shares the server's
// accounts: the seeded agent logs in. The browser steps are exercised by
// the console's journey and the app's photos' flow.
func TestServe(t *testing.T) {
	srv := testserver.New(t)
	base := consoletest.Serve(t, srv)
	for path, want := range map[string]string{"/healthz": "", "/metrics": "go_goroutines", "/login": `name="csrf"`} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
			t.Fatalf("GET %s: %d, want 200 with %q", path, resp.StatusCode, want)
		}
	}

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no CSRF token on the login page")
	}
	form := url.Values{"csrf": {string(m[1])}, "email": {srv.AgentCreds.Email}, "password": {srv.AgentCreds.Password}, "next": {"/"}}
	if resp, err = c.PostForm(base+"/login", form); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the seeded agent's login: %d, want 303", resp.StatusCode)
	}
	if n := srv.AgentSessions(t); n != 1 {
		t.Fatalf("%d agents' sessions in the server's store, want the console's one", n)
	}
}
