package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestPageHistogram reads the request page's bucket and count from a
// server's metrics text, and refuses a text without them.
func TestPageHistogram(t *testing.T) {
	text := `fos_http_request_duration_seconds_bucket{route="GET /demandes/{id}",le="0.01"} 90
fos_http_request_duration_seconds_bucket{route="GET /demandes/{id}",le="0.02"} 97
fos_http_request_duration_seconds_bucket{route="GET /estivage",le="0.02"} 5
fos_http_request_duration_seconds_count{route="GET /demandes/{id}"} 100
fos_http_request_duration_seconds_count{route="GET /estivage"} 5
`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			fmt.Fprint(w, text)
		}
	}))
	defer srv.Close()
	c := newClient(srv.URL, 1)
	under, all, err := pageHistogram(context.Background(), c, srv.URL)
	if err != nil || under != 97 || all != 100 {
		t.Fatalf("got %v of %v, %v; want 97 of 100", under, all, err)
	}
	if _, _, err := pageHistogram(context.Background(), c, srv.URL+"/nothing"); err == nil {
		t.Fatal("a text without the histogram was read")
	}
}
