package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestLargeBody: Secure cuts a POST body at MaxFormBody, except on a route
// LargeBody raised, which reads up to its own cap and no more.
func TestLargeBody(t *testing.T) {
	read := func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /form", read)
	mux.HandleFunc("POST /upload", LargeBody(1<<20, read))
	h := Secure(slog.New(slog.NewTextHandler(io.Discard, nil)), mux)
	for _, c := range []struct {
		path string
		size int
		want int
	}{
		{"/form", MaxFormBody, 200},
		{"/form", MaxFormBody + 1, 413},
		{"/upload", 1 << 20, 200},
		{"/upload", 1<<20 + 1, 413},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", c.path, strings.NewReader(strings.Repeat("a", c.size))))
		if rec.Code != c.want {
			t.Errorf("%s with %d bytes: %d, want %d", c.path, c.size, rec.Code, c.want)
		}
	}
}
