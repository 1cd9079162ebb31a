package web

import (
	"log/slog"
	"net/http"
)

// MaxFormBody caps a POST's body: forms are small.
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
			r.Body = http.MaxBytesReader(w, r.Body, MaxFormBody)
		}
		next.ServeHTTP(w, r)
	})
}
