package client

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
)

// DefaultBaseURL is the API's base URL chosen at build time, e.g.
//
//	go build -ldflags "-X github.com/fos-mobile/fos/client.DefaultBaseURL=https://api.fos.ma"
//
// It is a variable only because -X can set nothing else; nothing assigns it
// at run time.
var DefaultBaseURL = ""

// DefaultPins is the comma-separated list of pinned SPKI hashes chosen at
// build time with -X, like DefaultBaseURL. Empty means no pinning.
var DefaultPins = ""

// EnvBaseURL is the environment variable with which testers point the app
// at another server.
const EnvBaseURL = "FOS_API_URL"

// The defaults of Config.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultRetries      = 2
	DefaultRetryWait    = 200 * time.Millisecond
	DefaultRetryMaxWait = 5 * time.Second
	// MaxRetryAfter is the longest Retry-After the client waits out by
	// itself; a longer one is handed to the member (see RetryAfter).
	MaxRetryAfter = 5 * time.Second
	// maxBody caps a response body; the API's largest answer is a few KB.
	maxBody = 1 << 20
)

// Config is what New needs. Only BaseURL is required.
type Config struct {
	// BaseURL is the server's root, without /api/v1 (a trailing /api/v1 is
	// tolerated and removed). It must be https://, or http:// to a loopback
	// host.
	BaseURL string
	// Timeout bounds each attempt (DefaultTimeout when 0). The context
	// passed to each method bounds the whole call, retries included.
	Timeout time.Duration
	// Retries is the number of extra attempts of a call that is safe to
	// repeat (DefaultRetries when 0, none when negative).
	Retries int
	// RetryWait and RetryMaxWait bound the jittered exponential backoff
	// (DefaultRetryWait and DefaultRetryMaxWait when 0).
	RetryWait, RetryMaxWait time.Duration
	// PinnedSPKISHA256 lists base64 SHA-256 hashes of SubjectPublicKeyInfo.
	// When not empty, a TLS chain must contain one of these keys on top of
	// passing the normal verification.
	PinnedSPKISHA256 []string
	// Tokens keeps the session token (an in-memory store when nil).
	Tokens TokenStore
	// Revoke keeps a token whose revocation is pending: a logout that could
	// not reach the server (NewRevokeStore; an in-memory store when nil).
	Revoke TokenStore
	// Lang gives the Accept-Language of each request, e.g. "fr" or "ar".
	Lang func() string
	// Transport replaces the HTTP transport, for tests. Pinning needs an
	// *http.Transport, which is cloned, never modified.
	Transport http.RoundTripper
	// Logger receives resty's own messages (discarded when nil). They carry
	// methods, URLs and transport errors, never headers or bodies.
	Logger Logger
}

// Logger is resty's logger interface.
type Logger interface {
	Errorf(format string, v ...any)
	Warnf(format string, v ...any)
	Debugf(format string, v ...any)
}

type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

// BaseURLFromEnv returns $FOS_API_URL when it is set, else buildDefault
// (normally DefaultBaseURL). New still checks the result.
func BaseURLFromEnv(buildDefault string) string {
	if v := strings.TrimSpace(os.Getenv(EnvBaseURL)); v != "" {
		return v
	}
	return buildDefault
}

// PinsFromBuild splits DefaultPins.
func PinsFromBuild() []string {
	var pins []string
	for _, p := range strings.Split(DefaultPins, ",") {
		if p = strings.TrimSpace(p); p != "" {
			pins = append(pins, p)
		}
	}
	return pins
}

// ErrInsecureURL is returned by New for a base URL that would send the
// token in clear text over the network, or that is not a usable URL.
var ErrInsecureURL = errors.New("client: the API base URL must be https://, or http:// to a loopback host")

// checkBaseURL applies the base URL policy and returns the URL without a
// trailing slash or /api/v1.
func checkBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Hostname() == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%w: %q is not a base URL like https://host[:port]", ErrInsecureURL, raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("%w: refusing plain http to %q", ErrInsecureURL, u.Hostname())
		}
	default:
		return "", fmt.Errorf("%w: scheme %q", ErrInsecureURL, u.Scheme)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Path = strings.TrimSuffix(strings.TrimRight(u.Path, "/"), api.BasePath)
	return strings.TrimRight(u.String(), "/"), nil
}

// isLoopback reports whether host is localhost, 127.0.0.0/8 or ::1. Names
// other than localhost are not resolved: a DNS answer must not turn plain
// http on.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
