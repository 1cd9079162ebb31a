package cli_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/cli"
	"github.com/fos-mobile/fos/server/testkit"
)

// TestDemoPrintsConsole: demo serves the console on its own listener and
// prints its URL with the demo agent's and supervisor's credentials; the
// console has /metrics, /healthz and /readyz, the API no longer /metrics;
// the members' portal is served beside the API, and its URL printed.
func TestDemoPrintsConsole(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out testkit.Buffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--log-level", "error"},
			cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard, Params: auth.TestParams})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("demo exited %d", code)
		}
	}()
	consoleLine := regexp.MustCompile(`agents' console on (http://127\.0\.0\.1:\d+)`)
	apiLine := regexp.MustCompile(`FOS demo server on (http://127\.0\.0\.1:\d+)`)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "supervisor:") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	s := out.String()
	m, a := consoleLine.FindStringSubmatch(s), apiLine.FindStringSubmatch(s)
	portalLine := regexp.MustCompile(`members' web portal on (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(s)
	if m == nil || a == nil || portalLine == nil || portalLine[1] != a[1] || !strings.Contains(s, "agent@fos.finances.gov.ma / ") || !strings.Contains(s, "superviseur@fos.finances.gov.ma / ") {
		t.Fatalf("demo printed:\n%s", s)
	}
	for _, c := range []struct {
		url  string
		want int
	}{
		{m[1] + "/login", 200}, {m[1] + "/metrics", 200}, {m[1] + "/healthz", 200}, {m[1] + "/readyz", 200},
		{a[1] + "/metrics", 404}, {a[1] + "/healthz", 200}, {a[1] + "/readyz", 200},
		// The members' portal beside the API on the public listener.
		{a[1] + "/connexion", 200}, {a[1] + "/static/portal.css", 200}, {a[1] + "/api/v1/nothing", 404},
	} {
		resp, err := http.Get(c.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("GET %s: %d, want %d", c.url, resp.StatusCode, c.want)
		}
	}
}
