package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

type metrics struct {
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	created     prometheus.Counter
	loginFailed prometheus.Counter
	rateLimited prometheus.Counter
	pages       prometheus.Counter
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fos_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "fos_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		created: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "fos_reimbursements_created_total", Help: "Reimbursement requests opened (replays excluded).",
		}),
		loginFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "fos_login_failures_total", Help: "Logins refused for wrong credentials.",
		}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "fos_rate_limited_total", Help: "Requests refused by a rate limit.",
		}),
		pages: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "fos_pages_uploaded_total", Help: "Pages stored for the agents' pre-check (replays excluded).",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.created, m.loginFailed, m.rateLimited, m.pages,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(r *http.Request, status int, d time.Duration) {
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}
