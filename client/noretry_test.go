package client

import (
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestWithoutRetries: a safe call made with WithoutRetries is tried once;
// the same call without it is retried.
func TestWithoutRetries(t *testing.T) {
	srv := stage(t, apiErr(api.CodeUnavailable))
	c, _ := newTestClient(t, srv.URL, "tok")
	if _, _, _, err := c.ReimbursementsIfChanged(WithoutRetries(t.Context()), `"e1"`); Code(err) != string(api.CodeUnavailable) {
		t.Fatalf("err %v", err)
	}
	if got := len(srv.requests()); got != 1 {
		t.Fatalf("attempts without retries = %d, want 1", got)
	}
	c.ReimbursementsIfChanged(t.Context(), `"e1"`)
	if got, want := len(srv.requests()), 2+DefaultRetries; got != want {
		t.Fatalf("attempts = %d, want %d", got, want)
	}
}
