// Package httpapi is the FOS API over HTTP: the router, the handlers of
// every path in api/openapi.yaml, authentication, metrics and health. Errors
// become HTTP statuses in one place (writeError); only internal errors are
// logged, and never with a token, password or code.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/fos-mobile/fos/server/web"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

// Server holds the handlers' dependencies.
type Server struct {
	Store *store.Store
	Auth  *auth.Service
	Log   *slog.Logger
	// TrustProxy takes the client address from the last X-Forwarded-For
	// hop, for a server behind a load balancer. Off, the peer address is used.
	TrustProxy bool
	// Ready reports whether the server takes traffic; nil means always.
	Ready func() bool
	// Audit receives the agents' actions (nil: none); the auth service
	// has its own for logins and recoveries. Other front ends (the agents'
	// console) record theirs through the same sink.
	Audit audit.Sink
	// DefaultProcessing is the time from receipt to payment assumed for
	// a window never paid yet (store.DefaultProcessing when zero).
	DefaultProcessing time.Duration
	// AdminMetrics leaves /metrics off this router: the admin listener
	// serves it (Metrics).
	AdminMetrics bool
	// Privacy is what GET /privacy and the export say of the controller,
	// the retention and the contacts (serve --contact-email, --cndp-ref…);
	// empty fields take the defaults of privacy_handlers.go.
	Privacy api.Privacy

	metrics        *metrics
	metricsHandler http.Handler
	lists          *listBodies      // member_handlers.go
	estimates      *store.Estimator // member_view.go
}

// Metrics serves the Prometheus metrics of the router built by Handler,
// for the admin listener.
func (s *Server) Metrics() http.Handler { return s.metricsHandler }

// Health serves GET /healthz and /readyz, for the admin listener.
func (s *Server) Health() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/readyz" {
			s.readyz(w, r)
			return
		}
		s.healthz(w, r)
	})
}

// Handler builds the router. Call it once.
func (s *Server) Handler() http.Handler {
	reg := prometheus.NewRegistry()
	s.metrics = newMetrics(reg)
	reg.MustRegister(newOutboxCollector(s.Store))
	s.lists = newListBodies()
	s.estimates = s.Store.Estimator(s.DefaultProcessing)
	// Decoding a photo keeps a core busy for about 50 ms: at most one
	// decode a core, so that a burst of photos queues (and its memory
	// stays bounded) while Go's scheduler still shares the cores with the
	// other requests. One slot fewer would keep a core free but cap 2
	// cores at ~16 photos a second (README, "Photos checked before the
	// trip").
	mux := http.NewServeMux()
	handle := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.instrument(h)) }
	p := api.BasePath

	handle("POST "+p+"/auth/login", s.login)
	handle("POST "+p+"/auth/logout", s.authed(s.logout))
	handle("POST "+p+"/auth/recover", s.recover)
	handle("POST "+p+"/auth/recover/confirm", s.recoverConfirm)

	handle("GET "+p+"/me", s.member(s.me))
	handle("PATCH "+p+"/me", s.member(s.updateMe))
	handle("GET "+p+"/me/export", s.member(s.export))
	handle("GET "+p+"/privacy", s.privacy)
	handle("GET "+p+"/services", s.member(s.services))
	handle("GET "+p+"/estivage", s.member(s.estivage))
	handle("POST "+p+"/reimbursements", s.member(s.createReimbursement))
	handle("GET "+p+"/reimbursements", s.member(s.listReimbursements))
	handle("GET "+p+"/reimbursements/{id}", s.member(s.getReimbursement))
	handle("POST "+p+"/reimbursements/{id}/cancel", s.member(s.cancelReimbursement))
	handle("POST "+p+"/reimbursements/{id}/pages", s.member(s.uploadPage))
	handle("GET "+p+"/reimbursements/{id}/pages", s.member(s.listPages))
	handle("GET "+p+"/reimbursements/{id}/pages/{page}", s.member(s.getPage))
	handle("GET "+p+"/reimbursements/{id}/pages/{page}/thumbnail", s.member(s.getThumb))
	handle("DELETE "+p+"/reimbursements/{id}/pages/{page}", s.member(s.deletePage))

	handle("GET "+p+"/admin/reimbursements", s.agent(s.adminList))
	handle("GET "+p+"/admin/reimbursements/{id}", s.agent(s.adminGet))
	handle("POST "+p+"/admin/reimbursements/{id}/{action}", s.agent(s.adminMove))
	handle("POST "+p+"/admin/reimbursements/{id}/precheck", s.agent(s.adminPrecheck))
	handle("GET "+p+"/admin/reimbursements/{id}/pages", s.agent(s.adminPages))
	handle("GET "+p+"/admin/reimbursements/{id}/pages/{page}", s.agent(s.adminPage))
	handle("GET "+p+"/admin/reimbursements/{id}/pages/{page}/thumbnail", s.agent(s.adminThumb))

	handle("GET "+p+"/openapi.yaml", s.spec)
	handle(p+"/", s.notFound)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	s.metricsHandler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	if !s.AdminMetrics {
		mux.Handle("GET /metrics", s.metricsHandler)
	}
	return s.recoverPanics(mux)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, api.Errorf(api.CodeNotFound, "no such path: %s %s", r.Method, r.URL.Path))
}

func (s *Server) spec(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml")
	w.Write(api.Spec)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Write([]byte("ok\n"))
}

// readyz answers 503 while the server drains or its database does not
// answer, so a load balancer sends traffic elsewhere.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	if s.Ready != nil && !s.Ready() {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("draining\n"))
		return
	}
	if err := s.Store.Ping(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}

// clientIP is the address rate limits and audit events count against
// (ClientIP).
func (s *Server) clientIP(r *http.Request) string { return web.ClientIP(r, s.TrustProxy) }

// recoverPanics turns a panic into a logged internal error.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeJSON(w, http.StatusInternalServerError, api.ErrorBody{Error: api.Errorf(api.CodeInternal, "internal error")})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for metrics and the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Instrument counts, times and logs another front end's requests (the
// members' portal) in this server's metrics and access log, by the route
// pattern its own router matched. Call it after Handler.
func (s *Server) Instrument(h http.Handler) http.Handler { return s.instrument(h.ServeHTTP) }

// instrument counts, times and logs each request (the access log line
// carries the client address), and marks every answer nosniff.
func (s *Server) instrument(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w.Header().Set("X-Content-Type-Options", "nosniff")
		sw := &statusWriter{ResponseWriter: w}
		h(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.metrics.observe(r, sw.status, time.Since(start))
		level, msg := slog.LevelDebug, "request"
		if sw.status >= 500 {
			level, msg = slog.LevelWarn, "request failed"
		}
		if s.Log.Enabled(r.Context(), level) {
			s.Log.LogAttrs(r.Context(), level, msg, append(logAttrs(r, sw.status), slog.String("client_ip", s.clientIP(r)))...)
		}
	})
}

// audit sends an event to s.Audit, if any.
func (s *Server) audit(ctx context.Context, e audit.Event) {
	if s.Audit != nil {
		s.Audit.Record(ctx, e)
	}
}
