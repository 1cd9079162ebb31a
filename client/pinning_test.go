package client

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// tlsServer starts an httptest TLS server that counts connections and
// requests, and keeps handshake failures out of the test log.
func tlsServer(t *testing.T, h http.HandlerFunc) (srv *httptest.Server, conns, hits *atomic.Int32) {
	conns, hits = new(atomic.Int32), new(atomic.Int32)
	srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		h(w, r)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, conns, hits
}

func TestPinning(t *testing.T) {
	srv, conns, hits := tlsServer(t, reply(200, profile))
	// srv.Client()'s transport trusts the test certificate, so the normal
	// verification passes and only the pin decides.
	trusting := srv.Client().Transport
	other := sha256.Sum256([]byte("some other key"))
	for _, tc := range []struct {
		name string
		pins []string
		ok   bool
	}{
		{"not pinned", []string{base64.StdEncoding.EncodeToString(other[:])}, false},
		{"pinned", []string{base64.StdEncoding.EncodeToString(other[:]), SPKIHash(srv.Certificate())}, true},
		{"no pins", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, beforeConns := hits.Load(), conns.Load()
			c, _ := newTestClient(t, srv.URL, "tok", func(c *Config) {
				c.Transport = trusting
				c.PinnedSPKISHA256 = tc.pins
				c.Timeout = 10 * time.Second // as below: no handshake timed out and retried
			})
			p, err := c.Me(t.Context())
			if tc.ok {
				if err != nil || p.Matricule != "M1" {
					t.Fatalf("Me = %+v, %v", p, err)
				}
				return
			}
			if !errors.Is(err, ErrPinMismatch) || Code(err) != CodeNetwork {
				t.Fatalf("err = %v (code %q), want ErrPinMismatch as network", err, Code(err))
			}
			if hits.Load() != before {
				t.Fatal("the request reached the server despite the pin")
			}
			if got := conns.Load() - beforeConns; got != 1 {
				t.Fatalf("%d connections, want 1: a pin mismatch is not retried", got)
			}
		})
	}
}

func TestUntrustedCertificateNotRetried(t *testing.T) {
	srv, conns, hits := tlsServer(t, reply(200, profile))
	// The default transport does not trust httptest's certificate, and a
	// pin cannot stand in for the normal verification.
	c, _ := newTestClient(t, srv.URL, "tok", func(c *Config) {
		c.PinnedSPKISHA256 = []string{SPKIHash(srv.Certificate())}
		// A handshake slower than the tests' 300 ms on a loaded machine
		// would be retried as a timeout, and count a second connection.
		c.Timeout = 10 * time.Second
	})
	_, err := c.Me(t.Context())
	if !errors.Is(err, ErrNetwork) || errors.Is(err, ErrPinMismatch) {
		t.Fatalf("err = %v, want a certificate error as ErrNetwork", err)
	}
	if !permanent(err) {
		t.Fatalf("a certificate error counts as worth retrying: %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("server hit %d times", n)
	}
	if got, want := conns.Load(), int32(1); got != want {
		t.Fatalf("connections = %d, want %d (no retry)", got, want)
	}
}
