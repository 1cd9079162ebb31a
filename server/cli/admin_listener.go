package cli

import (
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/console"
	"github.com/fos-mobile/fos/server/httpapi"
)

// adminListener is the console's listener (--admin-addr): the agents'
// console, /metrics, /healthz and /readyz.
type adminListener struct {
	srv *http.Server
	ln  net.Listener
	url string
}

// listenAdmin opens the admin listener; the console shares the API's auth
// service, so logins count against the same limits, and its audit sink.
func listenAdmin(c runConfig, a *auth.Service, h *httpapi.Server, sink audit.Sink) (*adminListener, error) {
	ln, err := net.Listen("tcp", c.adminAddr)
	if err != nil {
		return nil, fmt.Errorf("--admin-addr: %w", err)
	}
	con := &console.Console{Store: c.store, Auth: a, Audit: sink, Log: c.log, TrustProxy: c.trustProxy}
	srv := &http.Server{Handler: con.Admin(h.Metrics(), h.Health()), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 16 << 10}
	scheme := "http://"
	if c.tls != nil {
		scheme = "https://"
	}
	return &adminListener{srv: srv, ln: ln, url: scheme + ln.Addr().String()}, nil
}
