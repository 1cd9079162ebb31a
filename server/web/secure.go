package web

import (
	"io"
	"log/slog"
	"net/http"
)

// MaxFormBody caps a POST's body: forms are small (LargeBody raises it
// for a route).
const MaxFormBody = 64 << 10

// Secure sets the security headers of every answer (a CSP that allows no
// inline script and no framing, nosniff, no referrer), caps POST bodies at
// MaxFormBody, and turns a panic into a logged 500.
func Secure(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("web panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		if r.Method == http.MethodPost {
			r.Body = &formBody{ReadCloser: http.MaxBytesReader(w, r.Body, MaxFormBody), raw: r.Body, w: w}
		}
		next.ServeHTTP(w, r)
	})
}

// formBody is a POST body under Secure's MaxFormBody cap, which LargeBody
// can raise before anything read it.
type formBody struct {
	io.ReadCloser
	raw io.ReadCloser
	w   http.ResponseWriter
}

// LargeBody lets route h read a POST body of up to max bytes instead of
// MaxFormBody (a file upload): the one way around Secure's cap. Register
// it in the mux that Secure wraps, with nothing reading the body before.
func LargeBody(max int64, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if b, ok := r.Body.(*formBody); ok {
			r.Body = http.MaxBytesReader(b.w, b.raw, max)
		}
		h(w, r)
	}
}
