package cli

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// certs is the TLS certificate both listeners present (--tls-cert,
// --tls-key). reload swaps it atomically: connections already open keep
// the one they shook hands with, new handshakes get the new one, and none
// is dropped.
type certs struct {
	certFile, keyFile string
	cur               atomic.Pointer[tls.Certificate]
}

// loadCerts reads the key pair, or returns nil when neither flag is given.
func loadCerts(certFile, keyFile string) (*certs, error) {
	if certFile == "" && keyFile == "" {
		return nil, nil
	}
	if certFile == "" || keyFile == "" {
		return nil, errors.New("--tls-cert and --tls-key go together")
	}
	c := &certs{certFile: certFile, keyFile: keyFile}
	return c, c.reload()
}

// reload reads the key pair again; on an error the certificate in use
// stays.
func (c *certs) reload() error {
	pair, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return fmt.Errorf("TLS key pair: %w", err)
	}
	c.cur.Store(&pair)
	return nil
}

// config is the listeners' TLS configuration: Go's defaults (cipher
// suites, curves, HTTP/2), TLS 1.2 at least, and the current certificate.
func (c *certs) config() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return c.cur.Load(), nil
		},
	}
}

// hsts tells browsers to come back over HTTPS only, for a year; on the
// public listener when it serves TLS itself.
func hsts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		h.ServeHTTP(w, r)
	})
}

// reloadOnHUP reloads c on each SIGHUP (systemd's ExecReload, or a
// certificate renewal hook, sends it) until the returned stop is called.
// Without TLS it only logs that there is nothing to reload: a SIGHUP must
// not stop the server, as it would by default. The signal is caught from
// the moment reloadOnHUP returns.
func reloadOnHUP(c *certs, log *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-hup:
			}
			if c == nil {
				log.Info("SIGHUP: nothing to reload (no --tls-cert)")
			} else if err := c.reload(); err != nil {
				log.Error("SIGHUP: the TLS certificate did not reload; the previous one stays in use", "error", err.Error())
			} else {
				log.Info("SIGHUP: TLS certificate reloaded", "cert", c.certFile)
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
	}
}

// serveOn serves srv on ln, over TLS when c is set.
func serveOn(srv *http.Server, ln net.Listener, c *certs) error {
	if c == nil {
		return srv.Serve(ln)
	}
	srv.TLSConfig = c.config()
	return srv.ServeTLS(ln, "", "")
}
