package client

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrPinMismatch is the TLS handshake's error when no certificate of the
// verified chain carries a pinned key. It reaches callers wrapped in
// ErrNetwork.
var ErrPinMismatch = errors.New("client: the server's certificate chain has no pinned key")

// SPKIHash returns the base64 SHA-256 of cert's SubjectPublicKeyInfo, the
// form of Config.PinnedSPKISHA256. The same value comes out of
//
//	openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64
func SPKIHash(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// newTransport returns the transport for cfg: a clone of cfg.Transport or
// of http.DefaultTransport, with pinning added when pins are set.
func newTransport(cfg Config) (http.RoundTripper, error) {
	if len(cfg.PinnedSPKISHA256) == 0 && cfg.Transport != nil {
		return cfg.Transport, nil
	}
	base, ok := cfg.Transport.(*http.Transport)
	if cfg.Transport == nil {
		base, ok = http.DefaultTransport.(*http.Transport)
	}
	if !ok {
		return nil, errors.New("client: certificate pinning needs an *http.Transport")
	}
	t := base.Clone()
	t.TLSHandshakeTimeout = 10 * time.Second
	if t.TLSClientConfig == nil {
		t.TLSClientConfig = &tls.Config{}
	}
	if t.TLSClientConfig.MinVersion < tls.VersionTLS12 {
		t.TLSClientConfig.MinVersion = tls.VersionTLS12
	}
	if len(cfg.PinnedSPKISHA256) > 0 {
		pins := map[string]bool{}
		for _, p := range cfg.PinnedSPKISHA256 {
			b, err := base64.StdEncoding.DecodeString(p)
			if err != nil || len(b) != sha256.Size {
				return nil, fmt.Errorf("client: pin %q is not a base64 SHA-256", p)
			}
			pins[p] = true
		}
		// VerifyConnection runs after the normal verification, which
		// pinning adds to and never replaces.
		t.TLSClientConfig.VerifyConnection = func(cs tls.ConnectionState) error {
			return checkPins(cs, pins)
		}
	}
	return t, nil
}

// checkPins accepts cs when a certificate of one of its verified chains
// (leaf, intermediate or root) carries a pinned key.
func checkPins(cs tls.ConnectionState, pins map[string]bool) error {
	for _, chain := range cs.VerifiedChains {
		for _, cert := range chain {
			if pins[SPKIHash(cert)] {
				return nil
			}
		}
	}
	return ErrPinMismatch
}
